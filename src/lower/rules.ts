// Lowering of one rule: matcher (validated pattern), `where` predicate (names checked
// against the matcher's captures and the tensor properties), action (let references
// substituted, configs validated).
//
// Guarantees: a lowered rule's regex and glob compile (src/lower/patterns), its predicate
// only names captures of its own matcher or TENSOR_NAMES, and an action's `letName` names a
// `let` of this file whose config equals the action's.
import type { ActionNode, MatcherNode, RuleNode, Span, StringNode } from '../../grammar/index.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Action, Matcher, Rule } from '../ir/recipe.js';
import { compileGlob } from './patterns/glob.js';
import { TENSOR_NAMES } from './patterns/names.js';
import { checkRegex } from './patterns/regex.js';
import type { Scope } from './scope.js';
import { suggest } from './suggest.js';
import { identifiers, lowerCall, lowerExpr } from './values.js';

/** Span of characters `at..at+length` of a pattern inside its string literal (best effort: exact unless escapes precede). */
function patternSpan(str: StringNode, prefix: number, at: number, length: number): Span {
  const open = (str.raw ? 2 : 1) + prefix;
  const offset = Math.min(str.span.offset + open + at, str.span.endOffset - 1);
  const endOffset = Math.max(offset + 1, Math.min(offset + length, str.span.endOffset - 1));
  const onOneLine = str.span.line === str.span.endLine;
  return {
    ...str.span,
    column: onOneLine ? str.span.column + (offset - str.span.offset) : str.span.column,
    endColumn: onOneLine ? str.span.column + (endOffset - str.span.offset) : str.span.endColumn,
    offset,
    endOffset,
  };
}

/** Returns the IR matcher and the names its pattern captures; null when invalid (reported). */
function lowerMatcher(m: MatcherNode, scope: Scope): { matcher: Matcher; captures: string[] } | null {
  if (m.kind === 'default') return { matcher: { kind: 'default' }, captures: [] };
  const str = m.value;
  const isRegex = m.kind === 're' || (m.kind === 'string' && str.value.startsWith('re:'));
  if (m.kind === 'string' && !isRegex) {
    if (str.value === '_default')
      scope.report(
        diagnostic(catalog.defaultAsString, {}, str.span, {
          hint: 'write `default -> …` for the rule that applies to every other linear weight',
        }),
      );
    return { matcher: { kind: 'exact', fqn: str.value }, captures: [] };
  }
  if (isRegex) {
    const prefix = m.kind === 'string' ? 3 : 0;
    const pattern = str.value.slice(prefix);
    const r = checkRegex(pattern);
    if (!r.ok) {
      const entry = r.construct ? catalog.pythonOnlyRegex : catalog.invalidRegex;
      scope.report(
        diagnostic(
          entry,
          { construct: r.construct ?? '', reason: r.reason },
          patternSpan(str, prefix, r.at, r.length),
          r.hint ? { hint: r.hint } : {},
        ),
      );
      return null;
    }
    const captures = [...r.ecmaSource.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((x) => x[1]);
    return { matcher: { kind: 'regex', pattern }, captures };
  }
  const g = compileGlob(str.value);
  if (!g.ok) {
    const span = patternSpan(str, 0, g.at, g.length);
    scope.report(
      g.capture
        ? diagnostic(catalog.duplicateCapture, { name: g.capture }, span)
        : diagnostic(catalog.invalidGlob, { reason: g.reason }, span),
    );
    return null;
  }
  return { matcher: { kind: 'glob', pattern: str.value }, captures: g.captures };
}

export function lowerAction(a: ActionNode, scope: Scope): Action | null {
  if (a.kind === 'skip') return { kind: 'skip' };
  if (a.kind === 'call') {
    const config = lowerCall(a);
    scope.report(...scope.validateConfig(config));
    return { kind: 'config', config };
  }
  const found = scope.lookupLet(a.path);
  if (found === 'not-a-config') {
    scope.report(diagnostic(catalog.letNotAConfig, { name: a.path }, a.span));
    return null;
  }
  if (!found) {
    scope.report(diagnostic(catalog.unknownLet, { name: a.path }, a.span, suggest(a.path, scope.letNames())));
    return null;
  }
  return found.local
    ? { kind: 'config', config: found.config, letName: a.path }
    : { kind: 'config', config: found.config };
}

export function lowerRule(r: RuleNode, scope: Scope): Rule | null {
  const m = lowerMatcher(r.matcher, scope);
  const action = lowerAction(r.action, scope);
  let predicateOk = true;
  if (r.where) {
    const known = [...(m?.captures ?? []), ...TENSOR_NAMES];
    for (const id of identifiers(r.where)) {
      if (known.includes(id.name) || !m) continue;
      predicateOk = false;
      scope.report(diagnostic(catalog.unknownPredicateName, { name: id.name }, id.span, suggest(id.name, known)));
    }
  }
  if (!m || !action || !predicateOk) return null;
  return { matcher: m.matcher, predicate: r.where ? lowerExpr(r.where) : null, action, span: r.span };
}
