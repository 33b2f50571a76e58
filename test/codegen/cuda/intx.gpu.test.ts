// Intx weight-only CUDA kernels from Node on a GPU: IntxWeightOnlyConfig weights quantized by the
// numerics oracle, uploaded and repacked through the runtime (CudaQuantizedLinear: nibbles for
// int1..int4, bytes for int5..int8), then dequantized (bit for bit = the oracle) and run as a
// linear (within 1e-2 of the oracle's reference linear, decode and prefill paths).
// GPU machine only. QF_CUDA_MODULE_DIR may list prebuilt modules (bench/gpu/build-module.ts,
// e.g. `build/gpu-intx` built with the `intx` set); otherwise the kernels are compiled here.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cuda, DeviceTensor, loadModule, type Module } from '../../../runtime/src/index.js';
import { CudaQuantizedLinear, type CudaLinearLayout } from '../../../runtime/src/ops/cuda-linear.js';
import { cudaLinearFormat } from '../../../codegen/cuda/formats.js';
import { canonicalJson } from '../../../src/ir/kernel-spec.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { dequantizeWeight, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';
import { toBFloat16Bits } from '../../../src/numerics/elements/float16.js';
import { toRt, bf16Values } from './gpu-fixtures.js';
import { INTX_CASES } from '../../../bench/gpu/intx-kernel-set.js';

function bf16(shape: number[], seed: number, scale: number): HostTensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(2 * n);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const row = Math.floor(i / shape[shape.length - 1]);
    dv.setUint16(2 * i, toBFloat16Bits(((s / 2 ** 31 - 1) + (row % 3 === 0 ? 0.5 : 0)) * scale), true);
  }
  return { dtype: 'bfloat16', shape, data };
}

type Kernel = { mod: Module; layout: CudaLinearLayout };

/** The kernel of a format: from a prebuilt module of QF_CUDA_MODULE_DIR, else compiled here. */
async function kernelFor(spec: FormatSpec): Promise<Kernel> {
  const want = cudaLinearFormat(spec);
  if (!want.ok) throw new Error(want.reason);
  for (const dir of (process.env.QF_CUDA_MODULE_DIR ?? '').split(':').filter(Boolean)) {
    const table = JSON.parse(readFileSync(join(dir, 'kernels.json'), 'utf8')) as Record<string, CudaLinearLayout & { spec: unknown }>;
    const hit = Object.values(table).find(({ name: _n, spec: _s, ...f }) => canonicalJson(f) === canonicalJson(want.format));
    if (hit) return { mod: loadModule(join(dir, 'libqf_cuda_bench.so')), layout: hit };
  }
  const { generateCudaModule } = await import('../../../codegen/cuda/module.js');
  const { compileCudaModule } = await import('../../../codegen/toolchain/index.js');
  const { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } = await import('../../../codegen/cuda/headers.js');
  const ks = { op: 'linear' as const, format: spec, target: 'cuda' as const, shapeClass: { dtype: 'bfloat16' as const }, tile: { rows: 8, tokens: 16 } };
  const { source, entries } = generateCudaModule([ks]);
  const built = await compileCudaModule({ source, name: 'qf_cuda_intx_gpu_test', includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR], extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`] });
  return { mod: loadModule(built.path), layout: { ...entries[0].format, name: entries[0].name } as CudaLinearLayout };
}

describe('codegen/cuda intx kernels from Node on a GPU', function () {
  this.timeout(600_000);
  before(function () {
    if (!cuda.isAvailable()) throw new Error(`no GPU: ${cuda.unavailableReason()}`);
    console.log(`      ${cuda.deviceInfo(0).name}`);
  });

  for (const [name, c] of Object.entries(INTX_CASES)) {
    it(`${name}: dequantize equals the oracle bit for bit; linear within 1e-2 of the oracle (M = 1, 5, 16, 96)`, async () => {
      const { mod, layout } = await kernelFor(c.format);
      const [N, K] = [264, 1024];
      const q = quantizeWeight(c.format, bf16([N, K], 17, 0.05), { device: 'cuda' });
      const bias = bf16([N], 5, 0.1);
      const inner = Object.fromEntries(Object.entries(q.tensors).map(([k, v]) => [k, toRt(v)]));
      using lin = new CudaQuantizedLinear(mod, layout, inner, N, K, toRt(bias));
      using deq = DeviceTensor.empty([N, K], 'bfloat16');
      lin.dequantize(deq);
      const got = deq.toHost().bytes();
      const want = dequantizeWeight(c.format, q, 'bfloat16').data;
      const firstDiff = got.findIndex((b, i) => b !== want[i]);
      expect(firstDiff, `first differing element [${Math.floor(firstDiff / 2 / K)}, ${Math.floor(firstDiff / 2) % K}]`).to.equal(-1);
      for (const M of [1, 5, 16, 96]) {
        const x = bf16([M, K], 100 + M, 1);
        const ref = bf16Values(referenceLinear(c.format, x, q, bias).data);
        using dx = DeviceTensor.fromHost(toRt(x));
        using dy = DeviceTensor.empty([M, N], 'bfloat16');
        await lin.forwardAsync(dx, dy);
        const y = bf16Values(dy.toHost().bytes());
        let num = 0, den = 0;
        for (let i = 0; i < y.length; i++) {
          num += (y[i] - ref[i]) ** 2;
          den += ref[i] ** 2;
        }
        const err = Math.sqrt(num / den);
        expect(y.every(Number.isFinite), `M=${M}: finite outputs`).to.equal(true);
        expect(err, `M=${M}: relative error vs the oracle`).to.be.lessThan(1e-2);
      }
    });
  }
});
