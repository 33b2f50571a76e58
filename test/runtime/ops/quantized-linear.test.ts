// QuantizedLinear: the CPU linear kernels behind a runtime object, from in-process quantized
// weights and from a built bundle, against the oracle's torchao linear (float-GEMM tolerance).
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCpuKernels } from '../../../codegen/cpu/compile.js';
import { load } from '../../../runtime/src/bundle/index.js';
import { loadModule, Tensor, type DType as RtDType } from '../../../runtime/src/index.js';
import { QuantizedLinear } from '../../../runtime/src/ops/quantized-linear.js';
import { buildBundle } from '../../../src/build/pipeline.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { kernelName, weightInnerNames, type KernelSpec } from '../../../src/ir/kernel-spec.js';
import { openModelFolder } from '../../../src/model/folder.js';
import { compareWithin } from '../../../src/numerics/golden/compare.js';
import { linearTolerance } from '../../../src/numerics/golden/tolerance.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';
import { dequantizeWeight, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { tinyPlan, writeTinyModel } from '../../build/fixtures.js';

const INT4: FormatSpec = { weight: { layout: 'int4_plain', groupSize: 32, mapping: 'asymmetric' }, activation: null, linear: { kind: 'mslk_int4' } };
const linearSpec = (format: FormatSpec): KernelSpec => ({ op: 'linear', format, target: 'cpu', shapeClass: { dtype: 'bfloat16' }, tile: { rows: 4, tokens: 4 } });

const tensor = (t: HostTensor): Tensor => Tensor.fromBuffer(t.data, { dtype: t.dtype as RtDType, shape: t.shape });
const host = (t: Tensor): HostTensor => ({ dtype: t.dtype as HostTensor['dtype'], shape: [...t.shape], data: new Uint8Array(t.bytes()) });
const ramp = (n: number, scale: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * scale);

describe('runtime/ops QuantizedLinear (CPU)', function () {
  this.timeout(300_000);

  it('runs in-process quantized weights, sync and async, for any leading shape', async () => {
    const [N, K] = [40, 96];
    const w = fromFloat64(ramp(N * K, 1), 'bfloat16', [N, K]);
    const q = quantizeWeight(INT4, w);
    const mod = loadModule((await compileCpuKernels([linearSpec(INT4)], 'qf_test_ops')).path);
    const bias = fromFloat64(ramp(N, 0.1), 'bfloat16', [N]);
    const layer = new QuantizedLinear({
      module: mod,
      kernel: kernelName(linearSpec(INT4)),
      inner: Object.fromEntries(Object.entries(q.tensors).map(([k, v]) => [k, tensor(v)])),
      innerOrder: weightInnerNames(INT4),
      bias: tensor(bias),
      outFeatures: N,
      inFeatures: K,
      dtype: 'bfloat16',
    });
    const x = fromFloat64(ramp(2 * 3 * K, 2), 'bfloat16', [2, 3, K]);
    const y = layer.forward(tensor(x));
    expect(y.shape).to.deep.equal([2, 3, N]);
    const ref = referenceLinear(INT4, { ...x, shape: [6, K] }, q, bias);
    const tol = linearTolerance({ ...x, shape: [6, K] }, toFloat64(dequantizeWeight(INT4, q, 'float32')), N, K, bias, 'bfloat16');
    const check = compareWithin('y', { ...host(y), shape: [6, N] }, ref, tol);
    expect(check.ok, check.detail).to.equal(true);
    const yAsync = await layer.forwardAsync(tensor(x));
    expect(Buffer.from(yAsync.bytes()).equals(Buffer.from(y.bytes()))).to.equal(true);
  });

  it('rejects activations of the wrong dtype or width, naming the argument', async () => {
    const mod = loadModule((await compileCpuKernels([linearSpec(INT4)], 'qf_test_ops')).path);
    const q = quantizeWeight(INT4, fromFloat64(ramp(8 * 64, 1), 'bfloat16', [8, 64]));
    const layer = new QuantizedLinear({
      module: mod, kernel: kernelName(linearSpec(INT4)), innerOrder: weightInnerNames(INT4), outFeatures: 8, inFeatures: 64, dtype: 'bfloat16',
      inner: Object.fromEntries(Object.entries(q.tensors).map(([k, v]) => [k, tensor(v)])),
    });
    expect(() => layer.forward(Tensor.empty([1, 64], 'float32'))).to.throw(/x.*expected bfloat16, got float32/);
    expect(() => layer.forward(Tensor.empty([1, 32], 'bfloat16'))).to.throw(/expected \[\.\.\., 64\], got \[1, 32\]/);
    expect(() => new QuantizedLinear({ module: mod, kernel: 'x', inner: {}, innerOrder: ['qdata'], outFeatures: 8, inFeatures: 64, dtype: 'bfloat16' })).to.throw(/missing inner tensor\(s\) qdata/);
  });

  it('loads a layer of a built bundle and matches the oracle on its stored weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qf-ops-'));
    try {
      writeTinyModel(dir);
      const model = openModelFolder(dir);
      const out = join(dir, 'out.bundle');
      const { manifest } = await buildBundle(tinyPlan(), model, { out });
      model.weights.close();
      const bundle = load(out);
      const fqn = 'layers.0.q.weight';
      const layer = QuantizedLinear.fromBundle(bundle, fqn);
      const p = manifest.parameters.find((e) => e.fqn === fqn)!;
      const spec = (p.decision as { format: FormatSpec }).format;
      const q = { tensors: Object.fromEntries(weightInnerNames(spec).map((n) => [n, host(bundle.parameters.get(fqn)!.asTensor(n))])), attributes: p.attributes };
      const bias = host(bundle.parameters.get('layers.0.q.bias')!.asTensor(null));
      const x = fromFloat64(ramp(3 * 16, 1.5), 'bfloat16', [3, 16]);
      const y = host(layer.forward(tensor(x)));
      const ref = referenceLinear(spec, x, q as never, bias);
      const tol = linearTolerance(x, toFloat64(dequantizeWeight(spec, q as never, 'float32')), 16, 16, bias, 'bfloat16');
      const check = compareWithin('y', y, ref, tol);
      expect(check.ok, check.detail).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
