// toTorchaoStateDict against every golden `torchao_state_dict.safetensors` (files torchao's
// flatten_tensor_state_dict wrote, metadata keys sorted): the golden weight is quantized by
// the oracle with the manifest's config, exported, and must equal torchao's file — tensor
// bytes, metadata JSON, and the whole file byte for byte.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafetensorsReader } from '../../runtime/src/safetensors/index.js';
import { configFromTorchaoDict, lowerToFormat, type ResolvedConfig } from '../../src/ir/configs/index.js';
import type { FloatDType } from '../../src/ir/format.js';
import { toSafetensorsDType } from '../../src/model/dtypes.js';
import { quantizeWeight } from '../../src/numerics/index.js';
import { nvfp4WithStaticActivationScale } from '../../src/numerics/formats/nvfp4.js';
import type { GoldenCase } from '../../src/numerics/golden/case.js';
import { configExtras } from '../../src/export/torchao/config-extras.js';
import {
  toTorchaoStateDict,
  writeTorchaoStateDict,
  type ExportParameter,
} from '../../src/export/torchao/state-dict.js';
import { GOLDEN_DIR, goldenCase } from '../numerics/golden-dir.js';

const CASES = readdirSync(GOLDEN_DIR)
  .filter((d) => existsSync(join(GOLDEN_DIR, d, 'torchao_state_dict.safetensors')))
  .sort();

function configOf(c: GoldenCase): ResolvedConfig {
  let dict = c.manifest.config?.config_to_dict as Record<string, unknown>;
  if (dict._type === 'FqnToConfig') {
    const all = Object.values((dict._data as Record<string, Record<string, unknown>>).fqn_to_config!);
    expect(all, 'FqnToConfig golden with one config').to.have.length(1);
    dict = all[0] as Record<string, unknown>;
  }
  const r = configFromTorchaoDict(dict);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.config;
}

/** What the oracle exports for the case's module: its weight quantized, its bias as is. */
function exportedParams(c: GoldenCase, names: string[]): ExportParameter[] {
  const config = configOf(c);
  const format = lowerToFormat(config);
  const w = c.tensor('weight');
  let weight = quantizeWeight(format, w, { device: c.manifest.case_id.startsWith('gpu__') ? 'cuda' : 'cpu' });
  if (c.has('calibration_batch0')) {
    const batches = Object.keys(c.manifest.tensors ?? {}).filter((n) => n.startsWith('calibration_batch'));
    weight = nvfp4WithStaticActivationScale(
      weight,
      batches.map((n) => c.tensor(n)),
    );
  }
  const [weightName, ...rest] = names;
  const out: ExportParameter[] = [
    {
      kind: 'quantized',
      fqn: weightName!,
      dtype: w.dtype as FloatDType,
      shape: w.shape,
      format,
      weight,
      extras: configExtras(format, config),
    },
  ];
  for (const n of rest) {
    expect(n.endsWith('.bias'), `${n}: only weight and bias in a golden module`).to.equal(true);
    const b = c.tensor('bias');
    out.push({ kind: 'plain', fqn: n, dtype: toSafetensorsDType(b.dtype), shape: b.shape, data: b.data });
  }
  return out;
}

/**
 * The oracle's own disagreement with torchao on this case (the inner tensors differ from the
 * golden `qweight.<inner>`): a numerics question verify-golden reports, not an export one.
 */
function oracleDisagreement(c: GoldenCase, p: ExportParameter): string | null {
  if (p.kind !== 'quantized') return null;
  const differ = Object.entries(p.weight.tensors)
    .filter(([inner]) => c.has(`qweight.${inner}`))
    .filter(([inner, t]) => !Buffer.from(t.data).equals(Buffer.from(c.tensor(`qweight.${inner}`).data)))
    .map(([inner]) => inner);
  return differ.length > 0
    ? `the oracle's ${differ.join(', ')} differ from torchao's (qweight.*), not an export question`
    : null;
}

describe('toTorchaoStateDict: golden torchao safetensors files', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'qf-torchao-export-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('covers every golden case that has a torchao_state_dict file', () => {
    expect(CASES.length).to.be.greaterThan(100);
  });

  for (const id of CASES) {
    it(`${id}: same tensors, same metadata, same file bytes`, function () {
      const c = goldenCase(id);
      const goldenPath = join(c.dir, 'torchao_state_dict.safetensors');
      const golden = SafetensorsReader.open(goldenPath);
      try {
        const meta = golden.metadata!;
        const params = exportedParams(c, JSON.parse(meta['tensor_names']!) as string[]);
        const oracleGap = oracleDisagreement(c, params[0]!);
        if (oracleGap) {
          console.log(`      skipped ${id}: ${oracleGap}`);
          this.skip();
        }
        const sd = toTorchaoStateDict(params);
        expect(sd.tensors.map((t) => t.name)).to.deep.equal(golden.names);
        for (const t of sd.tensors) {
          const g = golden.readTensorSync(t.name);
          expect({ dtype: t.dtype, shape: t.shape }, t.name).to.deep.equal({ dtype: g.dtype, shape: g.shape });
          expect(Buffer.from(t.data).equals(Buffer.from(g.data)), `${t.name} bytes`).to.equal(true);
        }
        expect(Object.keys(sd.metadata)).to.deep.equal(Object.keys(meta));
        for (const k of Object.keys(meta)) {
          expect(JSON.parse(sd.metadata[k]!), k).to.deep.equal(JSON.parse(meta[k]!));
          expect(sd.metadata[k], `${k} text`).to.equal(meta[k]);
        }
        const out = join(dir, `${id}.safetensors`);
        writeTorchaoStateDict(out, sd);
        expect(readFileSync(out).equals(readFileSync(goldenPath)), 'file bytes').to.equal(true);
      } finally {
        golden.close();
        c.close();
      }
    });
  }
});
