// Every example recipe is a recipe a newcomer copies: it must be canonical (`quantforge fmt`
// leaves it unchanged) and plan cleanly against its model description.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSource } from '../../src/lower/format-source.js';

const dir = 'examples/recipes';
const recipes = readdirSync(dir).filter((f) => f.endsWith('.quant'));

describe('examples/recipes', () => {
  it('has the recipes the README and issues name', () => {
    expect(recipes).to.include.members(['minilm.quant', 'llama3-8b-mixed.quant', 'mixtral-8x7b-moe.quant']);
  });

  for (const name of recipes) {
    it(`${name} is already formatted (fmt is the identity on it)`, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const formatted = formatSource(text, join(dir, name));
      expect(formatted.diagnostics).to.deep.equal([]);
      expect(formatted.text).to.equal(text);
    });
  }
});
