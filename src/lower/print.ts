// Recipe IR → canonical `.quant` text. Pure. The invariant, checked by property tests:
// lowering the printed text gives back the IR, up to spans (`stripSpans`).
//
// Canonical form: `quant 1`, targets, lets, then recipes; inside a recipe the rules in order,
// then `allow`s, then `expect`s, laid out as `fmt` lays out source (so fmt∘print = print). An action prints as its `let` name when it came from one of
// this file's lets (and still equals it), else as the config itself. Imports and `extends`
// are already resolved in the IR, so inherited rules print inline.
import { quoteString } from '../../grammar/index.js';
import type { Action, ConfigValue, Matcher, Recipe, RecipeFile, Rule, Target } from '../ir/recipe.js';
import { stripSpans } from '../ir/recipe.js';
import { formatSource } from './format-source.js';
import { printCall, printExpr, printTargetOption } from './print-values.js';

export function printMatcher(m: Matcher): string {
  switch (m.kind) {
    case 'exact':
      return quoteString(m.fqn);
    case 'regex':
      return `re ${quoteString(m.pattern)}`;
    case 'glob':
      return `glob ${quoteString(m.pattern)}`;
    case 'default':
      return 'default';
  }
}

function printAction(a: Action, file: RecipeFile): string {
  if (a.kind === 'skip') return 'skip';
  const named = a.letName !== undefined ? file.lets[a.letName] : undefined;
  if (named && JSON.stringify(stripSpans(named)) === JSON.stringify(stripSpans(a.config))) return a.letName as string;
  return printCall(a.config);
}

export function printRule(r: Rule, file: RecipeFile): string {
  const where = r.predicate ? ` where ${printExpr(r.predicate)}` : '';
  return `${printMatcher(r.matcher)}${where} -> ${printAction(r.action, file)}`;
}

export function printTarget(t: Target): string {
  const value = (v: string | number | boolean): ConfigValue =>
    typeof v === 'string'
      ? { kind: 'string', value: v }
      : typeof v === 'number'
        ? { kind: 'number', value: v, isInteger: Number.isInteger(v) }
        : { kind: 'bool', value: v };
  const opts = Object.entries(t.options).map(([k, v]) => printTargetOption(k, value(v)));
  return `target ${t.kind}(${opts.join(', ')})`;
}

function printRecipe(r: Recipe, file: RecipeFile): string {
  const body = [
    ...r.rules.map((rule) => printRule(rule, file)),
    ...r.allow.map((a) => `allow ${a}`),
    ...r.expectations.map((e) => `expect ${printExpr(e.expr)}`),
  ];
  return body.length ? `recipe ${r.name} {\n${body.map((l) => `  ${l}`).join('\n')}\n}` : `recipe ${r.name} {\n}`;
}

/** Canonical text: the plain rendering below, laid out by the formatter (aligned arrows). */
export function printRecipeFile(file: RecipeFile): string {
  const text = plainText(file);
  return formatSource(text, file.file).text ?? text;
}

function plainText(file: RecipeFile): string {
  const sections = [
    [`quant ${file.version}`],
    file.targets.map(printTarget),
    Object.entries(file.lets).map(([name, c]) => `let ${name} = ${printCall(c)}`),
    ...file.recipes.map((r) => [printRecipe(r, file)]),
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}
