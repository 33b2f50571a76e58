// Syntax problems of grammar/ → catalog diagnostics, with a hint for the mistakes people
// make most (a `=` or `=>` where a rule needs `->`, a missing comma between arguments).
import type { SyntaxProblem } from '../../grammar/index.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Diagnostic } from '../ir/diagnostic.js';

function hintFor(p: SyntaxProblem): string | undefined {
  const { found = '', expected = '' } = p.params;
  if (expected === '`->`' && (found === '`=`' || found === '`:`')) return 'a rule is `MATCHER -> ACTION`';
  if (expected === '`)`' && p.kind === 'unexpectedToken') return 'separate arguments with `,`';
  if (p.kind === 'unterminatedString') return 'close the string with `"` on the same line';
  if (p.kind === 'extraInput') return 'a file holds `quant N`, then `import`, `target`, `let` and `recipe` declarations';
  return undefined;
}

export function syntaxDiagnostics(problems: SyntaxProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const hint = hintFor(p);
    return diagnostic(catalog[p.kind], p.params, p.span, hint ? { hint } : {});
  });
}
