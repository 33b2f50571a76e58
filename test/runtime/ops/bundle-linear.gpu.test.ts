// A bundle's CUDA kernels run from TypeScript: QuantizedLinear.fromBundle(bundle, fqn,
// { device: cudaDevice(0) }) uploads (and repacks) each weight once, then forward runs the
// bundle's kernels/cuda-sm_90a.so on the runtime's stream, from DeviceTensors and from host
// Tensors, and forwardAsync on a worker. Checked against a float64 reference computed from the
// bundle's own dequantized weights, on fresh random activations every run.
//
// Tolerance, per output i: 2^-7 · (Σ_k |x_k · w_ik| + |b_i|) + 2^-8 · |y_i|. The kernels
// dequantize each weight to bf16 (relative error ≤ 2^-9 with the scale multiply, doubled for
// the affine zero-point step), accumulate in fp32 (≪ 2^-9 here, K ≤ 512) and round y to bf16
// (2^-8 relative, the last term).
//
// The bundle: QF_CUDA_BUNDLE (prebuilt by `npx tsx test/runtime/ops/fixtures/cuda-bundle.ts DIR`,
// as scripts/gpu/bundle-linear-check.sh does), else built here (needs nvcc).
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cuda, cudaDevice, DeviceTensor, Tensor, type DType } from '../../../runtime/src/index.js';
import { load, type Bundle } from '../../../runtime/src/bundle/index.js';
import { QuantizedLinear } from '../../../runtime/src/ops/quantized-linear.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { toDType } from '../../../src/model/dtypes.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import { dequantizeWeight } from '../../../src/numerics/index.js';

// The fixture's layers ([N, K] and config in fixtures/cuda-bundle.ts); repeated here so that a
// prebuilt bundle is checked without importing the build pipeline onto the GPU machine.
const LAYERS: Record<string, { N: number; K: number; bias: boolean }> = {
  'int4.weight': { N: 256, K: 512, bias: true },
  'int4t.weight': { N: 128, K: 512, bias: false },
  'int8.weight': { N: 128, K: 512, bias: true },
  'fp8.weight': { N: 192, K: 256, bias: false },
};

async function openBundle(): Promise<Bundle> {
  const prebuilt = process.env.QF_CUDA_BUNDLE;
  if (prebuilt) return load(prebuilt, { verify: true });
  const fixture = './fixtures/cuda-bundle.js'; // a variable: esbuild leaves the builder out of GPU packs
  const { buildCudaBundle } = (await import(fixture)) as typeof import('./fixtures/cuda-bundle.js');
  const out = join(mkdtempSync(join(tmpdir(), 'qf-gpu-bundle-')), 'gpu.bundle');
  await buildCudaBundle(out);
  return load(out, { verify: true });
}

/** The layer's weight as the bundle stores it, dequantized by the oracle, as float64 [N, K]. */
function dequantized(bundle: Bundle, fqn: string): Float64Array {
  const p = bundle.parameter(fqn);
  if (p.decision.kind !== 'quantize') throw new Error(`${fqn} is not quantized`);
  const tensors = Object.fromEntries(
    p.entry.tensors.map((t) => {
      const b = p.tensor(t.inner);
      return [t.inner!, { dtype: toDType(b.dtype)!, shape: b.shape, data: b.data }];
    }),
  );
  return toFloat64(
    dequantizeWeight(
      p.decision.format as unknown as FormatSpec,
      { tensors, attributes: p.entry.attributes },
      'float32',
    ),
  );
}

function randomBf16(shape: number[], scale: number): { t: Tensor; v: Float64Array } {
  const n = shape.reduce((a, b) => a * b, 1);
  const h = fromFloat64(
    Array.from({ length: n }, () => (Math.random() * 2 - 1) * scale),
    'bfloat16',
    shape,
  );
  return { t: Tensor.fromBuffer(h.data, { dtype: 'bfloat16', shape }), v: toFloat64(h) };
}

const values = (t: Tensor): Float64Array =>
  toFloat64({ dtype: t.dtype as 'bfloat16', shape: [...t.shape], data: new Uint8Array(t.bytes()) });

/** Failures of y against the float64 reference, as readable lines (empty = pass). */
function check(
  y: Float64Array,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | null,
  M: number,
  N: number,
  K: number,
): string[] {
  const bad: string[] = [];
  for (let m = 0; m < M; m++)
    for (let i = 0; i < N; i++) {
      let ref = b ? b[i] : 0;
      let mag = b ? Math.abs(b[i]) : 0;
      for (let k = 0; k < K; k++) {
        ref += x[m * K + k] * w[i * K + k];
        mag += Math.abs(x[m * K + k] * w[i * K + k]);
      }
      const tol = 2 ** -7 * mag + 2 ** -8 * Math.abs(ref);
      const got = y[m * N + i];
      if (!(Math.abs(got - ref) <= tol) && bad.length < 5)
        bad.push(`y[${m}, ${i}] = ${got}, reference ${ref}, tolerance ${tol}`);
    }
  return bad;
}

describe('runtime/ops QuantizedLinear on CUDA from a bundle', function () {
  this.timeout(300_000);
  let bundle: Bundle;
  before(async function () {
    if (!cuda.isAvailable()) throw new Error(`no GPU: ${cuda.unavailableReason()}`);
    bundle = await openBundle();
    console.log(`      ${cuda.deviceInfo(0).name}; ${bundle.manifest.kernels.map((k) => k.file).join(', ')}`);
  });
  after(() => bundle?.close());

  for (const [fqn, { N, K, bias }] of Object.entries(LAYERS)) {
    it(`${fqn}: forward at M = 1 and 16 (device and host tensors) and forwardAsync vs float64`, async () => {
      using lin = QuantizedLinear.fromBundle(bundle, fqn, { device: cudaDevice(0) });
      expect([lin.outFeatures, lin.inFeatures, lin.dtype]).to.deep.equal([N, K, 'bfloat16']);
      const w = dequantized(bundle, fqn);
      const b = bias
        ? toFloat64({ ...bundle.parameter(fqn.replace(/\.weight$/, '.bias')).tensor(null), dtype: 'bfloat16' })
        : null;
      for (const M of [1, 16]) {
        const x = randomBf16([M, K], 1);
        using dx = DeviceTensor.fromHost(x.t);
        using dy = lin.forward(dx);
        expect(dy.shape).to.deep.equal([M, N]);
        expect(check(values(dy.toHost()), x.v, w, b, M, N, K), `device M=${M}`).to.deep.equal([]);
        const hostY = lin.forward(x.t);
        expect(
          Buffer.from(hostY.bytes()).equals(Buffer.from(dy.toHost().bytes())),
          `host path = device path, M=${M}`,
        ).to.equal(true);
        const asyncY = await lin.forwardAsync(x.t);
        expect(check(values(asyncY), x.v, w, b, M, N, K), `forwardAsync M=${M}`).to.deep.equal([]);
      }
      // leading dimensions of a host tensor are kept: [2, 8, K] -> [2, 8, N]
      const x3 = randomBf16([2, 8, K], 1);
      expect(
        lin.forward(Tensor.fromBuffer(x3.t.bytes(), { dtype: 'bfloat16' as DType, shape: [2, 8, K] })).shape,
      ).to.deep.equal([2, 8, N]);
    });
  }

  it('refuses a device tensor of the wrong width, naming the argument', () => {
    using lin = QuantizedLinear.fromBundle(bundle, 'int8.weight', { device: cudaDevice(0) });
    using dx = DeviceTensor.empty([1, 64], 'bfloat16');
    expect(() => lin.forward(dx)).to.throw(/x: expected a device tensor \[M, 512\], got \[1, 64\]/);
  });
});
