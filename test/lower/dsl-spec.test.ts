// The examples of the language specification itself (../shared/spec/dsl.md) lower without a
// diagnostic: the first-look recipe, and every config expression the "Configs" section shows.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { lowerSource } from '../../src/lower/load.js';
import { printRecipeFile } from '../../src/lower/print.js';
import { stripSpans } from '../../src/ir/recipe.js';

const SPEC = '../shared/spec/dsl.md';

describe('dsl.md examples', function () {
  before(function () {
    if (!existsSync(SPEC)) this.skip();
  });
  const spec = () => readFileSync(SPEC, 'utf8');

  it('the first-look recipe lowers cleanly and survives print → lower', () => {
    const block = /```\n(# examples\/recipes\/[\s\S]*?)```/.exec(spec())?.[1];
    expect(block, 'the first code block of dsl.md').to.be.a('string');
    const r = lowerSource(block as string, 'first-look.quant');
    expect(r.diagnostics).to.deep.equal([]);
    expect(r.file.recipes[0].rules).to.have.length(6);
    const again = lowerSource(printRecipeFile(r.file), 'first-look.quant');
    expect(stripSpans(again.file)).to.deep.equal(stripSpans(r.file));
  });

  it('every config written in the "Configs" section is accepted', () => {
    const section = spec().split('### Configs')[1].split('###')[0];
    const calls = [...section.matchAll(/`(\w+Config\([^`]*\))`/g)].map((m) => m[1]);
    expect(calls.length).to.be.greaterThan(2);
    for (const call of calls) {
      const r = lowerSource(`let c = ${call}\nrecipe r { default -> c }`, 'configs.quant');
      expect(r.diagnostics, call).to.deep.equal([]);
    }
  });
});
