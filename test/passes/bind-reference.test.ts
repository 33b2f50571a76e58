// Property: bind's indexed search picks the same rule as the slow every-rule-every-tensor
// reference, on random models and random recipes (globs, regexes, exact names, where clauses).
import { expect } from 'chai';
import fc from 'fast-check';
import { bind } from '../../src/passes/bind.js';
import { referenceWinners } from '../../src/passes/bind/reference.js';
import { describeTensors } from '../../src/model/description.js';
import type { Expr, Rule, RecipeFile } from '../../src/ir/recipe.js';

const LEAVES = ['q_proj', 'k_proj', 'w1', 'w2', 'gate', 'norm', 'embed_tokens'];
const tensorArb = fc.record({
  layer: fc.integer({ min: 0, max: 12 }),
  expert: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
  leaf: fc.constantFrom(...LEAVES),
  param: fc.constantFrom('weight', 'weight', 'bias'),
});

const num = (value: number): Expr => ({ kind: 'number', value });
const cmp = (name: string, op: '==' | '<' | '>=', v: number): Expr => ({
  kind: 'binary',
  op,
  left: { kind: 'ident', name },
  right: num(v),
});
const CONFIG = { kind: 'config' as const, config: { kind: 'call' as const, callee: 'Int8WeightOnlyConfig', args: [] } };

const ruleArb: fc.Arbitrary<Rule> = fc.oneof(
  fc
    .record({ l: fc.integer({ min: 0, max: 12 }), leaf: fc.constantFrom(...LEAVES) })
    .map(
      ({ l, leaf }) =>
        ({ matcher: { kind: 'exact', fqn: `m.layers.${l}.${leaf}` }, predicate: null, action: CONFIG }) as Rule,
    ),
  fc
    .record({ l: fc.integer({ min: 0, max: 12 }), leaf: fc.constantFrom(...LEAVES) })
    .map(
      ({ l, leaf }) =>
        ({
          matcher: { kind: 'exact', fqn: `m.layers.${l}.${leaf}.weight` },
          predicate: null,
          action: { kind: 'skip' },
        }) as Rule,
    ),
  fc
    .record({ e: fc.integer({ min: 0, max: 12 }), leaf: fc.constantFrom('w1', 'w2', '*', '{w1,w2}') })
    .map(
      ({ e, leaf }) =>
        ({
          matcher: { kind: 'glob', pattern: `m.layers.*.experts.${e}.${leaf}` },
          predicate: null,
          action: CONFIG,
        }) as Rule,
    ),
  fc
    .record({
      op: fc.constantFrom('==' as const, '<' as const, '>=' as const),
      v: fc.integer({ min: 0, max: 12 }),
      tail: fc.constantFrom('**', '*', 'experts.{e}.**', '{leaf}'),
    })
    .map(
      ({ op, v, tail }) =>
        ({
          matcher: { kind: 'glob', pattern: `m.layers.{i}.${tail}` },
          predicate: cmp('i', op, v),
          action: CONFIG,
        }) as Rule,
    ),
  fc
    .constantFrom(
      'm\\.layers\\.1\\d?\\..*',
      'm\\.layers\\.\\d+\\.(q|k)_proj',
      '.*\\.w2(\\.weight)?',
      'm\\.layers\\.3\\.experts\\.\\d+\\.w1',
    )
    .map((pattern) => ({ matcher: { kind: 'regex', pattern }, predicate: null, action: CONFIG }) as Rule),
  fc.constant({ matcher: { kind: 'default' }, predicate: cmp('out_features', '>=', 8), action: CONFIG } as Rule),
);

describe('bind agrees with the every-rule reference', () => {
  it('on random models and recipes', () => {
    fc.assert(
      fc.property(
        fc.array(tensorArb, { minLength: 1, maxLength: 60 }),
        fc.array(ruleArb, { minLength: 1, maxLength: 25 }),
        (ts, rules) => {
          const names = new Map<string, number[]>();
          for (const t of ts) {
            const mod =
              t.expert === null ? `m.layers.${t.layer}.${t.leaf}` : `m.layers.${t.layer}.experts.${t.expert}.${t.leaf}`;
            names.set(`${mod}.${t.param}`, t.param === 'bias' ? [16] : [16, 8]);
          }
          const model = describeTensors(
            [...names].map(([fqn, shape]) => ({ fqn, shape, dtype: 'bfloat16' })),
            'random',
            {},
          );
          const file: RecipeFile = {
            version: 1,
            file: 'r.quant',
            targets: [],
            lets: {},
            recipes: [{ name: 'r', rules, expectations: [], allow: [] }],
          };
          const plan = bind(file, model);
          expect(plan.tensors.map((t) => t.rule?.index ?? null)).to.deep.equal(referenceWinners(rules, model.tensors));
        },
      ),
      { numRuns: 300 },
    );
  });
});
