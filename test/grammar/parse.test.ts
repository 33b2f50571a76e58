// The grammar, construct by construct, as dsl.md lists them.
import { expect } from 'chai';
import { parseQuant, type FileNode, type RecipeNode, type RuleNode } from '../../grammar/index.js';

/** Parses text that must be free of syntax errors. */
function parse(text: string): FileNode {
  const r = parseQuant(text, 't.quant');
  expect(r.problems, JSON.stringify(r.problems)).to.deep.equal([]);
  return r.ast;
}

/** Drops spans so that tests compare only what was written. */
const bare = (x: unknown): unknown =>
  JSON.parse(
    JSON.stringify(x, (k, v: unknown) => (k === 'span' || k === 'calleeSpan' || k === 'nameSpan' ? undefined : v)),
  );

const rules = (text: string): RuleNode[] =>
  (parse(`recipe r {\n${text}\n}`).items[0] as RecipeNode).items as RuleNode[];

describe('grammar: declarations', () => {
  it('reads `quant N` as the language version', () => {
    expect(parse('quant 1').version?.value).to.equal(1);
    expect(parse('').version).to.equal(null);
  });

  it('reads `import "…" as name`, the alias being optional', () => {
    expect(bare(parse('import "base.quant" as base\nimport "x.quant"').items)).to.deep.equal([
      { kind: 'import', path: { kind: 'string', value: 'base.quant', raw: false }, alias: { name: 'base' } },
      { kind: 'import', path: { kind: 'string', value: 'x.quant', raw: false }, alias: null },
    ]);
  });

  it('reads targets with keyword options', () => {
    const [t] = parse('target cuda(arch = "sm_90a")').items;
    expect(bare(t)).to.deep.equal({
      kind: 'target',
      name: { name: 'cuda' },
      args: [{ name: 'arch', value: { kind: 'string', value: 'sm_90a', raw: false } }],
    });
  });

  it('reads `let name = Config(...)` with positional, keyword, nested, list, tuple and dotted arguments', () => {
    const [l] = parse(
      'let c = IntxWeightOnlyConfig(torch.int4, granularity=PerGroup(32), block=[1, 128], t=(1, -2.5,), f=True, n=None, s=r"a\\.b",)',
    ).items;
    expect(bare(l)).to.deep.equal({
      kind: 'let',
      name: { name: 'c' },
      config: {
        kind: 'call',
        callee: 'IntxWeightOnlyConfig',
        args: [
          { name: null, value: { kind: 'name', path: 'torch.int4' } },
          {
            name: 'granularity',
            value: {
              kind: 'call',
              callee: 'PerGroup',
              args: [{ name: null, value: { kind: 'number', value: 32, isInteger: true } }],
            },
          },
          {
            name: 'block',
            value: {
              kind: 'list',
              items: [
                { kind: 'number', value: 1, isInteger: true },
                { kind: 'number', value: 128, isInteger: true },
              ],
            },
          },
          {
            name: 't',
            value: {
              kind: 'tuple',
              items: [
                { kind: 'number', value: 1, isInteger: true },
                { kind: 'number', value: -2.5, isInteger: false },
              ],
            },
          },
          { name: 'f', value: { kind: 'bool', value: true } },
          { name: 'n', value: { kind: 'none' } },
          { name: 's', value: { kind: 'string', value: 'a\\.b', raw: true } },
        ],
      },
    });
  });

  it('reads numbers as Python writes them: 128, -1, 0.95, 1., .5, 1e-6', () => {
    const [l] = parse('let c = C(128, -1, 0.95, 1., .5, 1e-6)').items;
    const values = (
      bare(l) as { config: { args: { value: { value: number; isInteger: boolean } }[] } }
    ).config.args.map((a) => [a.value.value, a.value.isInteger]);
    expect(values).to.deep.equal([
      [128, true],
      [-1, true],
      [0.95, false],
      [1, false],
      [0.5, false],
      [1e-6, false],
    ]);
  });

  it('reads `(x,)` as a 1-tuple and `(x)` as x, as Python does', () => {
    const [l] = parse('let c = C(a=(1,), b=(2), c=())').items;
    const args = bare(l) as { config: { args: { value: unknown }[] } };
    expect(args.config.args.map((a) => a.value)).to.deep.equal([
      { kind: 'tuple', items: [{ kind: 'number', value: 1, isInteger: true }] },
      { kind: 'number', value: 2, isInteger: true },
      { kind: 'tuple', items: [] },
    ]);
  });

  it('reads `recipe x extends base.y { ... }`', () => {
    const [r] = parse('recipe x extends base.y {\n  default -> skip\n}').items as RecipeNode[];
    expect(r.base?.path).to.equal('base.y');
  });

  it("accepts `true`/`false` and Python's `True`/`False`", () => {
    const [l] = parse('let c = C(a=true, b=False)').items;
    expect((bare(l) as { config: { args: { value: unknown }[] } }).config.args.map((a) => a.value)).to.deep.equal([
      { kind: 'bool', value: true },
      { kind: 'bool', value: false },
    ]);
  });

  it('skips `#` and `//` comments but keeps them for the formatter', () => {
    const f = parse('# one\nquant 1 // two\n');
    expect(f.comments.map((c) => c.text)).to.deep.equal(['# one', '// two']);
  });
});

describe('grammar: rules', () => {
  it('reads the four matchers: exact string, glob, re, default', () => {
    const rs = rules('"lm_head" -> skip\nglob "a.*" -> skip\nre "a\\.b" -> skip\ndefault -> skip');
    expect(rs.map((r) => bare(r.matcher))).to.deep.equal([
      { kind: 'string', value: { kind: 'string', value: 'lm_head', raw: false } },
      { kind: 'glob', value: { kind: 'string', value: 'a.*', raw: false } },
      { kind: 're', value: { kind: 'string', value: 'a\\.b', raw: false } },
      { kind: 'default' },
    ]);
  });

  it('reads actions: skip, None, a config, a let name, an imported let name', () => {
    const rs = rules('"a" -> skip\n"b" -> None\n"c" -> Int8WeightOnlyConfig()\n"d" -> w4\n"e" -> base.w4');
    expect(rs.map((r) => bare(r.action))).to.deep.equal([
      { kind: 'skip', word: 'skip' },
      { kind: 'skip', word: 'None' },
      { kind: 'call', callee: 'Int8WeightOnlyConfig', args: [] },
      { kind: 'ref', path: 'w4' },
      { kind: 'ref', path: 'base.w4' },
    ]);
  });

  it('reads `where` predicates with or/and/not, comparisons and arithmetic, by precedence', () => {
    const [r] = rules('glob "l.{i}.x" where not i < 2 or in_features % 128 == 0 and kind != "embedding" -> skip');
    expect(bare(r.where)).to.deep.equal({
      kind: 'binary',
      op: 'or',
      left: {
        kind: 'unary',
        op: 'not',
        operand: { kind: 'binary', op: '<', left: { kind: 'ident', name: 'i' }, right: { kind: 'number', value: 2 } },
      },
      right: {
        kind: 'binary',
        op: 'and',
        left: {
          kind: 'binary',
          op: '==',
          left: {
            kind: 'binary',
            op: '%',
            left: { kind: 'ident', name: 'in_features' },
            right: { kind: 'number', value: 128 },
          },
          right: { kind: 'number', value: 0 },
        },
        right: {
          kind: 'binary',
          op: '!=',
          left: { kind: 'ident', name: 'kind' },
          right: { kind: 'string', value: 'embedding' },
        },
      },
    });
  });

  it('makes + - left-associative and binds * / % tighter', () => {
    const [r] = rules('default where 1 - 2 - 3 * 4 > -1 -> skip');
    expect(bare(r.where)).to.deep.equal({
      kind: 'binary',
      op: '>',
      left: {
        kind: 'binary',
        op: '-',
        left: { kind: 'binary', op: '-', left: { kind: 'number', value: 1 }, right: { kind: 'number', value: 2 } },
        right: { kind: 'binary', op: '*', left: { kind: 'number', value: 3 }, right: { kind: 'number', value: 4 } },
      },
      right: { kind: 'number', value: -1 },
    });
  });

  it('reads `expect` and `allow` inside a recipe', () => {
    const [r] = parse('recipe r {\n  allow skip_incompatible\n  expect quantized_fraction >= 0.95\n}')
      .items as RecipeNode[];
    expect(r.items.map((i) => i.kind)).to.deep.equal(['allow', 'expect']);
  });

  it('gives every node a span with 1-based line/column and an exclusive end', () => {
    const [r] = rules('  "lm_head" -> skip');
    expect(r.span).to.include({ line: 2, column: 3, endLine: 2, endColumn: 20 });
    expect(r.span.endOffset - r.span.offset).to.equal('"lm_head" -> skip'.length);
  });
});
