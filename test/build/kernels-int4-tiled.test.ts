// A recipe that gives a linear Int4WeightOnlyConfig(tile_packed_to_4d) (tinygemm qparams, and
// HQQ) and `target cpu()` gets a bundle whose weight is torchao's 4-D qdata and scale_and_zero,
// quantized by the compiled CPU kernel (bit-exact with the oracle), and QuantizedLinear runs
// the bundle's CPU linear on it within the float-GEMM tolerance of torchao's result.
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

const N = 20; // padded to 24 rows
const K = 1152; // a multiple of the group sizes (torchao skips others), padded to 2048 columns

const values = (n: number, phase: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + phase) * (i % 11 === 0 ? 3 : 0.4));

async function buildOne(work: string, config: string): Promise<string> {
  const modelDir = join(work, 'model');
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(join(modelDir, 'config.json'), JSON.stringify({ model_type: 'tiled-linear', hidden_size: K }));
  const w = new ShardedSafetensorsWriter(modelDir, {});
  w.add('lin.weight', { dtype: 'BF16', shape: [N, K], data: fromFloat64(values(N * K, 0), 'bfloat16', [N, K]).data });
  w.add('lin.bias', { dtype: 'BF16', shape: [N], data: fromFloat64(values(N, 1), 'bfloat16', [N]).data });
  w.finish();
  const recipe = join(work, 'tiled.quant');
  writeFileSync(recipe, `quant 1\ntarget cpu()\nrecipe tiled {\n  "lin.weight" -> ${config}\n}\n`);
  const { plan } = planBuild(recipe, modelDir);
  const model = openModelFolder(modelDir);
  const out = join(work, 'tiled.bundle');
  try {
    await buildBundle(plan, model, { out });
  } finally {
    model.weights.close();
  }
  return out;
}

describe('build/kernels: int4 tile_packed_to_4d on target cpu', function () {
  this.timeout(300_000);
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'qf-kernels-tiled-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const configs: Array<[string, FormatSpec]> = [
    ['tinygemm', { weight: { layout: 'int4_tile_packed_to_4d', groupSize: 64, qparams: 'tinygemm', ntile: 8 }, activation: null, linear: { kind: 'tinygemm_int4' } }],
    ['hqq', { weight: { layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'hqq', ntile: 8 }, activation: null, linear: { kind: 'tinygemm_int4' } }],
  ];
  for (const [qparams, format] of configs)
    it(`${qparams}: the kernels quantize the weight as the oracle does and QuantizedLinear runs it`, async () => {
      const g = format.weight.layout === 'int4_tile_packed_to_4d' ? format.weight.groupSize : 0;
      const out = await buildOne(work, `Int4WeightOnlyConfig(group_size=${g}, int4_packing_format="tile_packed_to_4d", int4_choose_qparams_algorithm="${qparams}")`);
      const bundle = load(out);
      try {
        expect(bundle.manifest.quantizer).to.equal('kernels:cpu');
        const p = bundle.parameter('lin.weight');
        const w = fromFloat64(values(N * K, 0), 'bfloat16', [N, K]);
        const want = quantizeWeight(format, w);
        for (const inner of ['qdata', 'scale_and_zero']) {
          const t = p.tensor(inner);
          const c = compareExact(inner, { dtype: want.tensors[inner].dtype, shape: t.shape, data: t.data }, want.tensors[inner]);
          expect(c.ok, c.detail).to.equal(true);
        }
        const layer = QuantizedLinear.fromBundle(bundle, 'lin.weight');
        const M = 3;
        const x = fromFloat64(values(M * K, 2), 'bfloat16', [M, K]);
        const y = layer.forward(Tensor.fromBuffer(x.data, { dtype: 'bfloat16', shape: [M, K] }));
        const bias = fromFloat64(values(N, 1), 'bfloat16', [N]);
        const ty = y.typedArray();
        const got = { dtype: 'bfloat16' as const, shape: [M, N], data: new Uint8Array(ty.buffer, ty.byteOffset, ty.byteLength).slice() };
        const wf = toFloat64(dequantizeWeight(format, want, 'float32'));
        const c = compareWithin('linear', got, referenceLinear(format, x, want, bias), linearTolerance(x, wf, N, K, bias, 'bfloat16'));
        expect(c.ok, c.detail).to.equal(true);
      } finally {
        bundle.close();
      }
    });
});
