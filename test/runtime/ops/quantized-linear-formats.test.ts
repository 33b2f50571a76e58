// QuantizedLinear.fromBundle on the formats whose CPU linear reads more than a dequantized
// weight: NVFP4 activations (the scaled fp4 GEMM) and 2:4 sparse float8 ('2d' and the flat
// '1d' buffer); and NVFP4 without per-tensor scales, whose stored weight lacks an inner tensor
// the kernel takes (an empty slot, from the CPU layout the build records). A tiny model is built into a bundle with the format on every linear weight;
// the layer's forward equals the oracle's torchao linear on the stored tensors.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../../../runtime/src/bundle/index.js';
import { Tensor, type DType as RtDType } from '../../../runtime/src/index.js';
import { QuantizedLinear } from '../../../runtime/src/ops/quantized-linear.js';
import type { BuildPlan } from '../../../src/build/plan-input.js';
import { buildBundle } from '../../../src/build/pipeline.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { openModelFolder } from '../../../src/model/folder.js';
import { compareWithin } from '../../../src/numerics/golden/compare.js';
import { linearTolerance } from '../../../src/numerics/golden/tolerance.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';
import { dequantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { tinyPlan, writeTinyModel } from '../../build/fixtures.js';

const host = (t: Tensor): HostTensor => ({ dtype: t.dtype as HostTensor['dtype'], shape: [...t.shape], data: new Uint8Array(t.bytes()) });
const tensor = (t: HostTensor): Tensor => Tensor.fromBuffer(t.data, { dtype: t.dtype as RtDType, shape: t.shape });

const FORMATS: Record<string, FormatSpec> = {
  'NVFP4 dynamic activations': {
    weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true },
    activation: { kind: 'nvfp4', dynamicPerTensorScale: true },
    linear: { kind: 'nvfp4_scaled_mm' },
  },
  'NVFP4 activations without per-tensor scales (torchao stores no per_tensor_scale)': {
    weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: false },
    activation: { kind: 'nvfp4', dynamicPerTensorScale: false },
    linear: { kind: 'nvfp4_scaled_mm' },
  },
  'NVFP4 weight-only without a per-tensor scale': {
    weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: false },
    activation: null,
    linear: { kind: 'dequantize_then_matmul' },
  },
  'float8 2:4 sparse, 2d': {
    weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata: '2d', granularity: { kind: 'PerRow', dim: -1 } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 }, lowerBound: null, upperBound: null },
    linear: { kind: 'sparse_scaled_mm' },
  },
  'float8 2:4 sparse, 1d': {
    weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata: '1d', granularity: { kind: 'PerTensor' } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerTensor' }, lowerBound: null, upperBound: null },
    linear: { kind: 'sparse_scaled_mm' },
  },
};

function planWith(format: FormatSpec): BuildPlan {
  const plan = tinyPlan();
  return {
    ...plan,
    parameters: plan.parameters.map((p) => (p.decision.kind === 'quantize' ? { ...p, decision: { ...p.decision, format } } : p)),
  };
}

describe('runtime/ops QuantizedLinear from a bundle: NVFP4 activations and 2:4 sparse float8 (CPU)', function () {
  this.timeout(300_000);

  for (const [label, format] of Object.entries(FORMATS))
    it(label, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qf-ops-formats-'));
      try {
        writeTinyModel(dir);
        const model = openModelFolder(dir);
        const out = join(dir, 'out.bundle');
        const { manifest } = await buildBundle(planWith(format), model, { out });
        model.weights.close();
        const bundle = load(out);
        const fqn = 'layers.0.up.weight';
        const layer = QuantizedLinear.fromBundle(bundle, fqn);
        const p = manifest.parameters.find((e) => e.fqn === fqn)!;
        const stored = bundle.parameters.get(fqn)!;
        const names = stored.inners.filter((n): n is string => n !== null);
        const q = { tensors: Object.fromEntries(names.map((n) => [n, host(stored.asTensor(n))])), attributes: p.attributes };
        const x = fromFloat64(Array.from({ length: 5 * 16 }, (_, i) => Math.sin(i * 0.37) * 1.5), 'bfloat16', [5, 16]);
        const y = host(layer.forward(tensor(x)));
        const ref = referenceLinear(format, x, q as never, null);
        const tol = linearTolerance(x, toFloat64(dequantizeWeight(format, q as never, 'float32')), 48, 16, null, 'bfloat16');
        const check = compareWithin('y', y, ref, tol);
        expect(check.ok, check.detail).to.equal(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
});
