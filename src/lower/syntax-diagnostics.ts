// Syntax problems of grammar/ → catalog diagnostics, with a hint for the mistakes people
// make most: `=` or `:` where a rule needs `->`, commas between rules, an unclosed `{` or
// `(`, a missing comma between arguments, an unquoted pattern.
import type { SyntaxProblem } from '../../grammar/index.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Diagnostic } from '../ir/diagnostic.js';

const TOP_LEVEL = ['`recipe`', '`let`', '`target`', '`import`'];

function hintFor(p: SyntaxProblem): string | undefined {
  const { found = '', expected = '', text = '' } = p.params;
  if (p.kind === 'unexpectedCharacter' && text === '`:`')
    return 'a rule is `MATCHER -> ACTION`, not a Python dict entry';
  if (p.kind === 'unterminatedString') return 'close the string with `"` on the same line';
  if (p.kind === 'extraInput')
    return 'a file holds `quant N`, then `import`, `target`, `let` and `recipe` declarations';
  if (expected === '`->`' && (found === '`=`' || found === '`=>`')) return 'a rule is `MATCHER -> ACTION`';
  if (expected === '`}`' && found === '`,`') return 'rules and statements need no separator: put each on its own line';
  if (expected === '`}`' && TOP_LEVEL.includes(found)) return 'is the `}` of the recipe above missing?';
  if (expected === '`)`' && TOP_LEVEL.includes(found)) return 'is a `)` missing at the end of the line above?';
  if (expected === '`)`') return 'separate arguments with `,`';
  if (expected === 'a string' && found.startsWith('`')) return 'patterns are quoted: `glob "model.layers.*"`';
  return undefined;
}

export function syntaxDiagnostics(problems: SyntaxProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const hint = hintFor(p);
    return diagnostic(catalog[p.kind], p.params, p.span, hint ? { hint } : {});
  });
}
