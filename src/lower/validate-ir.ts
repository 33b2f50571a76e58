// Checks a Recipe IR that did not come from source text (the programmatic API, emit-ts
// output) with the same rules lowering applies to text: patterns compile, predicates and
// expectations use known names, allowances exist, configs pass the registry, a `letName`
// names an equal `let`. Spans are the IR's (usually absent: null).
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Diagnostic } from '../ir/diagnostic.js';
import { stripSpans, type Expr, type RecipeFile, type Rule } from '../ir/recipe.js';
import { compileGlob } from './patterns/glob.js';
import { ALLOWANCES, EXPECT_NAMES, TENSOR_NAMES } from './patterns/names.js';
import { checkRegex } from './patterns/regex.js';
import type { ConfigValidator } from './scope.js';
import { suggest } from './suggest.js';

function names(e: Expr): string[] {
  if (e.kind === 'ident') return [e.name];
  if (e.kind === 'unary') return names(e.operand);
  if (e.kind === 'binary') return [...names(e.left), ...names(e.right)];
  return [];
}

/** Problems of a rule's matcher; returns the names the matcher captures. */
function checkMatcher(rule: Rule, out: Diagnostic[]): string[] {
  const span = rule.span ?? null;
  const m = rule.matcher;
  // Text can never say this (`"re:…"` reads as a regex); torchao asserts on such a key.
  if (m.kind === 'exact' && m.fqn.startsWith('re:'))
    out.push(diagnostic(catalog.exactRegexKey, { fqn: m.fqn }, span, { hint: 'a regex rule is `.regex(pattern, …)`' }));
  if (m.kind === 'regex') {
    const r = checkRegex(m.pattern);
    if (r.ok) return [...r.ecmaSource.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((x) => x[1]);
    out.push(
      diagnostic(
        r.construct ? catalog.pythonOnlyRegex : catalog.invalidRegex,
        { construct: r.construct ?? '', reason: r.reason },
        span,
        r.hint ? { hint: r.hint } : {},
      ),
    );
  } else if (m.kind === 'glob') {
    const g = compileGlob(m.pattern);
    if (g.ok) return g.captures;
    out.push(
      g.capture
        ? diagnostic(catalog.duplicateCapture, { name: g.capture }, span)
        : diagnostic(catalog.invalidGlob, { reason: g.reason }, span),
    );
  }
  return [];
}

export function validateRecipeFile(file: RecipeFile, validateConfig: ConfigValidator): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const config of Object.values(file.lets)) out.push(...validateConfig(config));
  for (const recipe of file.recipes) {
    for (const rule of recipe.rules) {
      const known = [...checkMatcher(rule, out), ...TENSOR_NAMES];
      for (const n of rule.predicate ? names(rule.predicate) : []) {
        if (!known.includes(n))
          out.push(diagnostic(catalog.unknownPredicateName, { name: n }, rule.span ?? null, suggest(n, known)));
      }
      const a = rule.action;
      if (a.kind !== 'config') continue;
      if (a.letName === undefined) out.push(...validateConfig(a.config));
      else if (
        !file.lets[a.letName] ||
        JSON.stringify(stripSpans(file.lets[a.letName])) !== JSON.stringify(stripSpans(a.config))
      ) {
        out.push(
          diagnostic(
            catalog.unknownLet,
            { name: a.letName },
            rule.span ?? null,
            suggest(a.letName, Object.keys(file.lets)),
          ),
        );
      }
    }
    for (const e of recipe.expectations) {
      for (const n of names(e.expr))
        if (!(EXPECT_NAMES as readonly string[]).includes(n))
          out.push(diagnostic(catalog.unknownExpectName, { name: n }, e.span ?? null, suggest(n, EXPECT_NAMES)));
    }
    for (const a of recipe.allow)
      if (!(ALLOWANCES as readonly string[]).includes(a))
        out.push(diagnostic(catalog.unknownAllow, { name: a }, null, suggest(a, ALLOWANCES)));
  }
  return out;
}
