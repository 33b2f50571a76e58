// Diagnostics point at the exact span that is wrong (marked ⟦…⟧ in the source), carry a
// stable code, and syntax errors are all reported in one run.
import { expect } from 'chai';
import { lowerSource } from '../../src/lower/load.js';
import { renderDiagnostics } from '../../src/lower/render-diagnostics.js';
import { marked } from './marked.js';

function check(source: string, codes: string[]) {
  const m = marked(source);
  const r = lowerSource(m.text, 't.quant');
  expect(
    r.diagnostics.map((d) => d.code),
    JSON.stringify(r.diagnostics, null, 1),
  ).to.deep.equal(codes);
  expect(r.diagnostics.map((d) => ({ offset: d.span?.offset, endOffset: d.span?.endOffset }))).to.deep.equal(m.spans);
  return r;
}

describe('diagnostics: syntax, all in one run', () => {
  it('reports every syntax error of a file and keeps the declarations it could read', () => {
    const r = check(
      'recipe a {\n  "x" ⟦=⟧ skip\n}\nrecipe b {\n  "y" -> Int4WeightOnlyConfig(group_size=128 ⟦64⟧)\n}\nlet ⟦=⟧ Int8WeightOnlyConfig()\nrecipe c { default -> skip }',
      ['QF1002', 'QF1002', 'QF1002'],
    );
    expect(r.file.recipes.map((x) => x.name)).to.include('c');
    expect(r.diagnostics[0].hint).to.equal('a rule is `MATCHER -> ACTION`');
  });

  it('hints at the usual mistakes', () => {
    const hint = (text: string) => lowerSource(text, 't.quant').diagnostics[0]?.hint;
    expect(hint('recipe r {\n  "a": skip\n}')).to.equal('a rule is `MATCHER -> ACTION`, not a Python dict entry');
    expect(hint('recipe r {\n  "a" -> skip,\n  "b" -> skip\n}')).to.match(/no separator/);
    expect(hint('recipe a {\n  "a" -> skip\nrecipe b {}')).to.equal('is the `}` of the recipe above missing?');
    expect(hint('let w = Int8WeightOnlyConfig(\nrecipe r {}')).to.equal(
      'is a `)` missing at the end of the line above?',
    );
    expect(hint('recipe r { glob model.x -> skip }')).to.match(/patterns are quoted/);
  });

  it('reports unexpected characters and unterminated strings', () => {
    check('recipe r { ⟦$⟧ }', ['QF1001']);
    check('recipe r { ⟦"abc⟧\n⟦}⟧', ['QF1003', 'QF1002']);
  });

  it('reports the end of the file as the place of a missing `}`', () => {
    const r = lowerSource('recipe r {\n  default -> skip\n', 't.quant');
    expect(r.diagnostics.map((d) => d.message)).to.deep.equal(['unexpected end of file; expected `}`']);
  });
});

describe('diagnostics: names and patterns', () => {
  it('points inside a pattern at the construct it refuses', () => {
    check('recipe r { re "model⟦\\A⟧x" -> skip }', ['QF2010']);
    check('recipe r { "re:a⟦(?i⟧)b" -> skip }', ['QF2010']);
    check('recipe r { glob "a.⟦{⟧b" -> skip }', ['QF2011']);
  });

  it('points at an unknown name with a hint', () => {
    const r = check('let w4 = Int8WeightOnlyConfig()\nrecipe r { default -> ⟦w5⟧ }', ['QF2001']);
    expect(r.diagnostics[0].hint).to.equal('did you mean `w4`?');
  });
});

describe('diagnostics: configs (through the config registry)', () => {
  it('points at an unknown argument and suggests the right one', () => {
    const r = lowerSource('let w = Int4WeightOnlyConfig(group_sise=128)\nrecipe r { default -> w }', 't.quant');
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column, d.hint])).to.deep.equal([
      ['QF3002', 1, 30, 'did you mean `group_size`?'],
    ]);
  });

  it('reports an unknown config in a rule', () => {
    expect(
      lowerSource('recipe r { default -> Int4WeightOnlyConfg() }', 't.quant').diagnostics.map((d) => d.code),
    ).to.deep.equal(['QF3001']);
  });
});

describe('diagnostics: rendering', () => {
  it('shows file:line:col, the message, the source line with a caret under the span, and the hint', () => {
    const text = 'let w4 = Int8WeightOnlyConfig()\nrecipe r {\n  default -> w5\n}\n';
    const r = lowerSource(text, 'recipes/x.quant');
    expect(renderDiagnostics(r.diagnostics, { sources: r.sources })).to.equal(
      [
        'recipes/x.quant:3:14: error QF2001: unknown name `w5`: no `let` or import defines it',
        '  3 |   default -> w5',
        '    |              ^^',
        '  hint: did you mean `w4`?',
        '',
        '1 error',
        '',
      ].join('\n'),
    );
  });
});
