// A recipe that gives a linear Float8DynamicActivationInt4WeightConfig(int4_packing_format=
// "plain") and `target cpu()` gets a bundle whose symmetric int4 weight the compiled kernel
// quantized (bit-exact with the oracle), and QuantizedLinear runs the fp8 x int4 linear (mslk's
// quantize_fp8_row on x, bf16 out) within the float-GEMM tolerance; K has a short last group.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planBuild } from '../../src/build/frontend.js';
import { buildBundle } from '../../src/build/pipeline.js';
import type { FormatSpec } from '../../src/ir/format.js';
import { openModelFolder } from '../../src/model/folder.js';
import { ShardedSafetensorsWriter } from '../../src/model/sharded-writer.js';
import { compareExact, compareWithin } from '../../src/numerics/golden/compare.js';
import { linearTolerance } from '../../src/numerics/golden/tolerance.js';
import { fromFloat64, toFloat64 } from '../../src/numerics/host-codec.js';
import { dequantizeWeight, quantizeWeight, referenceLinear } from '../../src/numerics/index.js';
import { load } from '../../runtime/src/bundle/index.js';
import { Tensor } from '../../runtime/src/index.js';
import { QuantizedLinear } from '../../runtime/src/ops/quantized-linear.js';

const N = 24;
const K = 320; // groups of 128, 128 and 64
const FORMAT: FormatSpec = { weight: { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' }, activation: { kind: 'float8_row_mslk' }, linear: { kind: 'mslk_int4' } };

const values = (n: number, phase: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 0.29 + phase) * (i % 7 === 0 ? 2 : 0.3));

describe('build/kernels: fp8-activation int4 (plain) on target cpu', function () {
  this.timeout(300_000);
  let work: string;
  before(() => (work = mkdtempSync(join(tmpdir(), 'qf-kernels-f8i4-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the kernels quantize the weight as the oracle does and QuantizedLinear runs the fp8 x int4 linear', async () => {
    const modelDir = join(work, 'model');
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, 'config.json'), JSON.stringify({ model_type: 'f8i4-linear', hidden_size: K }));
    const w = fromFloat64(values(N * K, 0), 'bfloat16', [N, K]);
    const bias = fromFloat64(values(N, 1), 'bfloat16', [N]);
    const writer = new ShardedSafetensorsWriter(modelDir, {});
    writer.add('lin.weight', { dtype: 'BF16', shape: [N, K], data: w.data });
    writer.add('lin.bias', { dtype: 'BF16', shape: [N], data: bias.data });
    writer.finish();
    const recipe = join(work, 'f8i4.quant');
    writeFileSync(recipe, 'quant 1\ntarget cpu()\nrecipe f8i4 {\n  "lin.weight" -> Float8DynamicActivationInt4WeightConfig(int4_packing_format="plain")\n}\n');
    const { plan } = planBuild(recipe, modelDir);
    const model = openModelFolder(modelDir);
    const out = join(work, 'f8i4.bundle');
    try {
      await buildBundle(plan, model, { out });
    } finally {
      model.weights.close();
    }
    const bundle = load(out);
    try {
      const want = quantizeWeight(FORMAT, w);
      const p = bundle.parameter('lin.weight');
      for (const inner of ['qdata', 'scale', 'zero_point']) {
        const t = p.tensor(inner);
        const c = compareExact(inner, { dtype: want.tensors[inner].dtype, shape: t.shape, data: t.data }, want.tensors[inner]);
        expect(c.ok, c.detail).to.equal(true);
      }
      const M = 5;
      const x = fromFloat64(values(M * K, 2), 'bfloat16', [M, K]);
      const y = QuantizedLinear.fromBundle(bundle, 'lin.weight').forward(Tensor.fromBuffer(x.data, { dtype: 'bfloat16', shape: [M, K] }));
      const ty = y.typedArray();
      const got = { dtype: 'bfloat16' as const, shape: [M, N], data: new Uint8Array(ty.buffer, ty.byteOffset, ty.byteLength).slice() };
      const wf = toFloat64(dequantizeWeight(FORMAT, want, 'float32'));
      const c = compareWithin('linear', got, referenceLinear(FORMAT, x, want, bias), linearTolerance(x, wf, N, K, bias, 'bfloat16'));
      expect(c.ok, c.detail).to.equal(true);
    } finally {
      bundle.close();
    }
  });
});
