// grammar/cst-types.ts is generated from the parser; this fails when someone changes the
// grammar without regenerating it (`npx tsx grammar/generate-cst-types.ts`).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { CST_TYPES_PATH, cstTypesSource } from '../../grammar/generate-cst-types.js';

describe('generated CST types', () => {
  it('match the grammar (regenerate with `npx tsx grammar/generate-cst-types.ts`)', () => {
    expect(readFileSync(CST_TYPES_PATH, 'utf8')).to.equal(cstTypesSource());
  });
});
