// Every config of the registry has a builder, and each builder's options are exactly the
// registry's parameters in camelCase (this test notices when either side changes).
import { expect } from 'chai';
import { CONFIG_BUILDERS } from '../../src/api/configs.js';
import { camelCase } from '../../src/api/values.js';
import { ALIAS_DEFS, ALL_CONFIG_NAMES, CONFIGS } from '../../src/ir/configs/index.js';

describe('API config builders', () => {
  it('exist for every config and seed alias the registry knows', () => {
    expect(Object.keys(CONFIG_BUILDERS).sort()).to.deep.equal([...ALL_CONFIG_NAMES].sort());
  });

  for (const [name, build] of Object.entries(CONFIG_BUILDERS)) {
    it(`${name}: options are the registry's parameters, camelCased, plus version`, () => {
      const params = (CONFIGS.get(name)?.params ?? ALIAS_DEFS.get(name)?.params ?? []).map((p) => camelCase(p.name));
      expect([...build.optionKeys].sort()).to.deep.equal([...params, 'version'].sort());
    });
  }
});
