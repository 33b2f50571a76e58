// fromTorchaoStateDict on every golden torchao_state_dict.safetensors: each subclass maps
// back to the manifest's config's FormatSpec (up to what torchao does not store), the
// oracle's attributes, and exporting it again gives torchao's file byte for byte.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromTorchaoDict, lowerToFormat } from '../../src/ir/configs/index.js';
import type { FormatSpec } from '../../src/ir/format.js';
import { quantizeWeight } from '../../src/numerics/index.js';
import { fromTorchaoStateDict } from '../../src/export/torchao/from-state-dict.js';
import { toTorchaoStateDict, writeTorchaoStateDict } from '../../src/export/torchao/state-dict.js';
import { GOLDEN_DIR, goldenCase } from '../numerics/golden-dir.js';

const CASES = readdirSync(GOLDEN_DIR)
  .filter((d) => existsSync(join(GOLDEN_DIR, d, 'torchao_state_dict.safetensors')))
  .sort();
const PER_BLOCK_ACT = (id: string): boolean => id.includes('a1x128_w128x128');

/**
 * The FormatSpec without what torchao's file does not record: how qparams were chosen, and
 * choices that store identical tensors (PerGroup(K) = PerAxis(0); a scale_dtype equal to the
 * weight's dtype = None).
 */
function stored(f: FormatSpec, dtype: string, shape: number[]): FormatSpec {
  const w = { ...f.weight } as Record<string, unknown>;
  if (w.layout === 'int4_tile_packed_to_4d') w.qparams = 'tinygemm';
  if (w.layout === 'intx_unpacked_to_int8') {
    w.algorithm = 'affine';
    if (w.mapping === 'SYMMETRIC_NO_CLIPPING_ERR') w.mapping = 'SYMMETRIC';
    if (w.scaleDtype === dtype) w.scaleDtype = null;
    const g = w.granularity as { kind: string; groupSize?: number };
    if (g.kind === 'PerGroup' && shape.length === 2 && g.groupSize === shape[1])
      w.granularity = { kind: 'PerAxis', axis: 0 };
  }
  return { ...f, weight: w as FormatSpec['weight'] };
}

function manifestFormat(id: string): FormatSpec {
  let dict = goldenCase(id).manifest.config?.config_to_dict as Record<string, unknown>;
  if (dict._type === 'FqnToConfig') {
    const byFqn = (dict._data as Record<string, Record<string, Record<string, unknown>>>).fqn_to_config!;
    dict = Object.values(byFqn)[0]!;
  }
  const r = configFromTorchaoDict(dict);
  if (!r.ok) throw new Error('golden config refused');
  return lowerToFormat(r.config);
}

describe('fromTorchaoStateDict: golden torchao safetensors files', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'qf-torchao-import-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const id of CASES.filter((c) => !PER_BLOCK_ACT(c))) {
    it(`${id}: reads back to the config's format and re-exports to the same bytes`, () => {
      const file = join(GOLDEN_DIR, id, 'torchao_state_dict.safetensors');
      const params = fromTorchaoStateDict(file);
      const q = params.find((p) => p.kind === 'quantized');
      if (!q || q.kind !== 'quantized') throw new Error('no quantized parameter');
      const expected = manifestFormat(id);
      expect(stored(q.format, q.dtype, q.shape)).to.deep.equal(stored(expected, q.dtype, q.shape));
      const c = goldenCase(id);
      const oracle = quantizeWeight(expected, c.tensor('weight'), { device: id.startsWith('gpu__') ? 'cuda' : 'cpu' });
      expect(q.weight.attributes).to.deep.equal(JSON.parse(JSON.stringify(oracle.attributes)));
      expect({ dtype: q.dtype, shape: q.shape }).to.deep.equal({
        dtype: c.tensor('weight').dtype,
        shape: c.tensor('weight').shape,
      });
      const out = join(dir, `${id}.safetensors`);
      writeTorchaoStateDict(out, toTorchaoStateDict(params));
      expect(readFileSync(out).equals(readFileSync(file)), 'file bytes').to.equal(true);
    });
  }

  it('refuses, naming the key, a float8 weight whose activation granularity torchao cannot load (PerBlock)', () => {
    const id = CASES.find(PER_BLOCK_ACT)!;
    const file = join(GOLDEN_DIR, id, 'torchao_state_dict.safetensors');
    expect(() => fromTorchaoStateDict(file)).to.throw(/'linear\.weight'.*Float8Tensor.*PerBlock.*allow-list/);
  });
});
