// fast-check generators of Recipe IR: every construct the printer can write, within what
// lowering accepts (valid patterns, predicate names that exist, let names that resolve).
import fc from 'fast-check';
import type { ConfigCall, ConfigValue, Expr, Matcher, Recipe, RecipeFile, Rule, Target } from '../../src/ir/recipe.js';
import { keywords } from '../../grammar/index.js';
import { EXPECT_NAMES, TENSOR_NAMES } from '../../src/lower/patterns/names.js';

const RESERVED = new Set([
  ...keywords.map((k) => String(k.PATTERN).replace(/^\/|\/$/g, '')).flatMap((p) => p.split('|')),
  'True',
  'False',
]);

export const ident = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/)
  .filter((s) => !RESERVED.has(s) && s !== '__proto__');
const dotted = fc.array(ident, { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));
/** Strings with quotes, backslashes and escapes, but no carriage return (not writable in a string). */
const text = fc.string({ maxLength: 12 }).map((s) => s.replace(/\r/g, ''));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));

const value: fc.Arbitrary<ConfigValue> = fc.letrec<{ v: ConfigValue; call: ConfigCall }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .integer({ min: -1e6, max: 1e9 })
      .filter((x) => !Object.is(x, -0))
      .map((x): ConfigValue => ({ kind: 'number', value: x, isInteger: true })),
    finite.map((x): ConfigValue => ({ kind: 'number', value: x, isInteger: false })),
    text.map((s): ConfigValue => ({ kind: 'string', value: s })),
    fc.boolean().map((b): ConfigValue => ({ kind: 'bool', value: b })),
    fc.constant<ConfigValue>({ kind: 'none' }),
    dotted.map((p): ConfigValue => ({ kind: 'name', path: p })),
    fc.array(tie('v'), { maxLength: 3 }).map((items): ConfigValue => ({ kind: 'list', items })),
    fc.array(tie('v'), { maxLength: 3 }).map((items): ConfigValue => ({ kind: 'tuple', items })),
    tie('call'),
  ),
  call: fc
    .record({
      callee: dotted,
      args: fc.array(fc.record({ name: fc.option(ident, { nil: null }), value: tie('v') }), { maxLength: 3 }),
    })
    .map(({ callee, args }): ConfigCall => ({ kind: 'call', callee, args })),
})).v;

export const call: fc.Arbitrary<ConfigCall> = fc
  .record({
    callee: dotted,
    args: fc.array(fc.record({ name: fc.option(ident, { nil: null }), value }), { maxLength: 4 }),
  })
  .map(({ callee, args }) => ({ kind: 'call', callee, args }));

const exprOver = (names: readonly string[]): fc.Arbitrary<Expr> =>
  fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.integer({ min: -1000, max: 100000 }), finite).map((x): Expr => ({ kind: 'number', value: x })),
      text.map((s): Expr => ({ kind: 'string', value: s })),
      fc.boolean().map((b): Expr => ({ kind: 'bool', value: b })),
      fc.constantFrom(...names).map((n): Expr => ({ kind: 'ident', name: n })),
      fc
        .record({ op: fc.constantFrom('not' as const, '-' as const), operand: tie('e') })
        .map((u): Expr => ({ kind: 'unary', ...u })),
      fc
        .record({
          op: fc.constantFrom('or', 'and', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%' as const),
          left: tie('e'),
          right: tie('e'),
        })
        .map((b): Expr => ({ kind: 'binary', ...(b as { op: '+'; left: Expr; right: Expr }) })),
    ),
  })).e;

const matcher: fc.Arbitrary<Matcher> = fc.oneof(
  text.filter((s) => !s.startsWith('re:')).map((fqn): Matcher => ({ kind: 'exact', fqn })),
  fc
    .constantFrom('model\\.layers\\.\\d+\\..*', '(?P<n>\\d+)\\.x', 'a|b', '[^.]+\\.weight', 'lm_head')
    .map((pattern): Matcher => ({ kind: 'regex', pattern })),
  fc
    .constantFrom('model.layers.{i}.*_proj', '**.weight', 'x.{gate,up}_proj', 'a.*')
    .map((pattern): Matcher => ({ kind: 'glob', pattern })),
  fc.constant<Matcher>({ kind: 'default' }),
);

const rule = (lets: Record<string, ConfigCall>): fc.Arbitrary<Rule> => {
  const letNames = Object.keys(lets);
  const action = fc.oneof(
    fc.constant({ kind: 'skip' as const }),
    call.map((config) => ({ kind: 'config' as const, config })),
    ...(letNames.length
      ? [fc.constantFrom(...letNames).map((n) => ({ kind: 'config' as const, config: lets[n], letName: n }))]
      : []),
  );
  return fc.record({ matcher, predicate: fc.option(exprOver(TENSOR_NAMES), { nil: null }), action });
};

const target: fc.Arbitrary<Target> = fc.record({
  kind: fc.constantFrom('cpu' as const, 'cuda' as const),
  options: fc.dictionary(ident, fc.oneof(text, fc.integer({ min: 0, max: 1000 }), fc.boolean()), { maxKeys: 2 }),
});

export const recipeFile: fc.Arbitrary<RecipeFile> = fc
  .record({
    lets: fc.dictionary(ident, call, { maxKeys: 3 }),
    targets: fc.array(target, { maxLength: 2 }),
    names: fc.uniqueArray(ident, { minLength: 1, maxLength: 3 }),
  })
  .chain(({ lets, targets, names }) =>
    fc
      .tuple(
        ...names.map(
          (name) =>
            fc.record({
              name: fc.constant(name),
              rules: fc.array(rule(lets), { maxLength: 5 }),
              expectations: fc.array(
                exprOver(EXPECT_NAMES).map((expr) => ({ expr })),
                { maxLength: 2 },
              ),
              allow: fc.subarray(['skip_incompatible']),
            }) as fc.Arbitrary<Recipe>,
        ),
      )
      .map((recipes): RecipeFile => ({ version: 1, file: 'gen.quant', targets, lets: { ...lets }, recipes })),
  );
