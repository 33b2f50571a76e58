// torchao's config_to_dict form: every golden manifest's dict reads back and writes out equal,
// and a written config gives the dict torchao wrote for the same constructor.
import { expect } from 'chai';
import { configFromTorchaoDict, toTorchaoDict, resolveConfig, toConfigCall } from '../../../src/ir/configs/index.js';
import { parsePythonCall } from './python-call.js';
import { goldenCases } from './golden.js';

/** Dicts torchao accepted but whose config we refuse up front (torchao fails later on them). */
const refusedUpFront = (id: string) =>
  id.startsWith('error__') && !/not_divisible|fp32_weight|not_mult|per_row_fp32/.test(id);

describe('toTorchaoDict / configFromTorchaoDict', () => {
  const cases = goldenCases().filter(
    (m) => m.config?.config_to_dict && m.config.config_to_dict['_type'] !== 'FqnToConfig',
  );
  it('finds golden config dicts', () => expect(cases.length).to.be.greaterThan(100));

  for (const m of cases) {
    const dict = m.config.config_to_dict!;
    if (refusedUpFront(m.case_id)) {
      it(`${m.case_id}: the dict is refused as the constructor is`, () => {
        const r = configFromTorchaoDict(dict);
        expect(r.ok).to.equal(false);
      });
      continue;
    }
    it(`${m.case_id}: round-trips`, () => {
      const r = configFromTorchaoDict(dict);
      if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
      expect(toTorchaoDict(r.config)).to.deep.equal(dict);
    });
  }

  it('a written constructor gives the dict torchao wrote for it', () => {
    const checked = goldenCases().filter(
      (m) => m.status === 'ok' && m.config?.config_to_dict && m.config.config_to_dict['_type'] !== 'FqnToConfig',
    );
    let n = 0;
    for (const m of checked) {
      if (/ then |\(step=/.test(m.config.constructor)) continue;
      const r = resolveConfig(parsePythonCall(m.config.constructor));
      if (!r.ok) throw new Error(`${m.case_id}: ${r.diagnostics.map((d) => d.message).join('\n')}`);
      expect(toTorchaoDict(r.config), m.case_id).to.deep.equal(m.config.config_to_dict);
      n++;
    }
    expect(n).to.be.greaterThan(50);
  });

  it('toConfigCall writes a config back as a call that resolves to the same config', () => {
    for (const m of cases.filter((x) => !refusedUpFront(x.case_id))) {
      const r = configFromTorchaoDict(m.config.config_to_dict);
      if (!r.ok) continue;
      const again = resolveConfig(toConfigCall(r.config));
      if (!again.ok) throw new Error(`${m.case_id}: ${again.diagnostics.map((d) => d.message).join('\n')}`);
      expect(again.config.params, m.case_id).to.deep.equal(r.config.params);
      expect(again.config.version, m.case_id).to.equal(r.config.version);
    }
  });

  it('refuses unknown classes and fields with a path and a hint', () => {
    const r = configFromTorchaoDict({ _type: 'Int8WeightOnlyConfg', _version: 2, _data: {} });
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.diagnostics[0]!.hint).to.contain('Int8WeightOnlyConfig');
    const f = configFromTorchaoDict({ _type: 'Int8WeightOnlyConfig', _version: 2, _data: { granularty: null } });
    expect(f.ok).to.equal(false);
    if (!f.ok) expect(f.diagnostics[0]!.message).to.contain('$._data.granularty');
  });
});
