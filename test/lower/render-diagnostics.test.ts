// How diagnostics read in a terminal: location, severity and code, message, the source line
// with a caret under the span, hint and notes; sorted, with a summary.
import { expect } from 'chai';
import type { Diagnostic, Span } from '../../src/ir/diagnostic.js';
import { renderDiagnostic, renderDiagnostics } from '../../src/lower/render-diagnostics.js';

const src = 'recipe r {\n\tdefault -> w5\n  "a" -> skip\n}\n';
const sources = new Map([['x.quant', src]]);
const span = (line: number, column: number, endLine: number, endColumn: number): Span => ({
  file: 'x.quant',
  line,
  column,
  endLine,
  endColumn,
  offset: 0,
  endOffset: 0,
});

describe('diagnostics renderer', () => {
  it('keeps tabs in the caret line so the caret sits under the span', () => {
    const d: Diagnostic = { code: 'QF2001', severity: 'error', message: 'unknown name `w5`', span: span(2, 13, 2, 15) };
    expect(renderDiagnostic(d, { sources })).to.equal(
      'x.quant:2:13: error QF2001: unknown name `w5`\n  2 | \tdefault -> w5\n    | \t           ^^',
    );
  });

  it('underlines a span over several lines to the end of its first line', () => {
    const d: Diagnostic = { code: 'QF4001', severity: 'warning', message: 'm', span: span(3, 3, 4, 2) };
    expect(renderDiagnostic(d, { sources }).split('\n')[2]).to.equal('    |   ^^^^^^^^^^^');
  });

  it('prints diagnostics without a span or source, hints and related notes', () => {
    const d: Diagnostic = {
      code: 'QF6001',
      severity: 'error',
      message: 'model is bad',
      span: null,
      hint: 'fix it',
      related: [{ message: 'see here', span: span(1, 1, 1, 2) }],
    };
    expect(renderDiagnostic(d, { sources: new Map() })).to.equal(
      'error QF6001: model is bad\n  hint: fix it\n  note: x.quant:1:1: see here',
    );
  });

  it('sorts by position and ends with a count of errors and warnings', () => {
    const a: Diagnostic = {
      code: 'QF1',
      severity: 'warning',
      message: 'later',
      span: { ...span(3, 1, 3, 2), offset: 20 },
    };
    const b: Diagnostic = {
      code: 'QF2',
      severity: 'error',
      message: 'earlier',
      span: { ...span(1, 1, 1, 2), offset: 1 },
    };
    const text = renderDiagnostics([a, b], { sources });
    expect(text.indexOf('earlier')).to.be.below(text.indexOf('later'));
    expect(text.endsWith('\n1 error, 1 warning\n')).to.equal(true);
  });
});
