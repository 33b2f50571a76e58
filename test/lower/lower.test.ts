// Lowering, as dsl.md's "Meaning" section reads: lets, imports, extends, targets,
// expectations, allow, and the IR each produces.
import { expect } from 'chai';
import { lowerSource, type LoadOptions } from '../../src/lower/load.js';
import { stripSpans } from '../../src/ir/recipe.js';

const files = (map: Record<string, string>): LoadOptions => ({
  readFile: (p) => {
    const key = Object.keys(map).find((k) => p.endsWith(`/${k}`));
    if (key === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return map[key];
  },
});

function lower(text: string, options: LoadOptions = {}) {
  const r = lowerSource(text, '/r/main.quant', options);
  return { ...r, file: stripSpans(r.file), codes: r.diagnostics.map((d) => d.code) };
}

const w4 = {
  kind: 'call',
  callee: 'Int4WeightOnlyConfig',
  args: [{ name: 'group_size', value: { kind: 'number', value: 128, isInteger: true } }],
};

describe('lower: lets and actions', () => {
  it('inlines a let into the action and remembers its name for printing', () => {
    const { file, codes } = lower('let w4 = Int4WeightOnlyConfig(group_size=128)\nrecipe r { default -> w4 }');
    expect(codes).to.deep.equal([]);
    expect(file.lets).to.deep.equal({ w4 });
    expect(file.recipes[0].rules).to.deep.equal([
      { matcher: { kind: 'default' }, predicate: null, action: { kind: 'config', config: w4, letName: 'w4' } },
    ]);
  });

  it('turns both `skip` and `None` into skip', () => {
    const { file } = lower('recipe r {\n "a" -> skip\n "b" -> None\n}');
    expect(file.recipes[0].rules.map((r) => r.action)).to.deep.equal([{ kind: 'skip' }, { kind: 'skip' }]);
  });

  it('reports an unknown let name (QF2001) and a let defined twice (QF2002)', () => {
    expect(
      lower('let a = Int8WeightOnlyConfig()\nlet a = Int8WeightOnlyConfig()\nrecipe r { default -> b }').codes,
    ).to.deep.equal(['QF2002', 'QF2001']);
  });

  it('defaults the version to 1 and refuses other versions (QF1005)', () => {
    expect(lower('recipe r {}').file.version).to.equal(1);
    expect(lower('quant 2\nrecipe r {}').codes).to.deep.equal(['QF1005']);
  });
});

describe('lower: matchers', () => {
  it('reads `"re:…"` strings as regexes, as torchao FqnToConfig keys', () => {
    const { file } = lower('recipe r {\n "re:model\\.layers\\.\\d+" -> skip\n "lm_head" -> skip\n}');
    expect(file.recipes[0].rules.map((r) => r.matcher)).to.deep.equal([
      { kind: 'regex', pattern: 'model\\.layers\\.\\d+' },
      { kind: 'exact', fqn: 'lm_head' },
    ]);
  });

  it('lets a predicate use the captures of its glob and of named regex groups', () => {
    const { codes } = lower(
      'recipe r {\n glob "l.{i}.x" where i < 2 -> skip\n re "l\\.(?P<n>\\d+)" where n > 1 and layer > 0 -> skip\n}',
    );
    expect(codes).to.deep.equal([]);
  });

  it('refuses predicate names that are neither captures nor tensor properties (QF2013)', () => {
    expect(lower('recipe r { glob "l.{i}.x" where j < 2 -> skip }').codes).to.deep.equal(['QF2013']);
  });

  it('warns that "_default" is an exact FQN, not torchao\'s _default key (QF2022)', () => {
    expect(lower('recipe r { "_default" -> skip }').codes).to.deep.equal(['QF2022']);
  });

  it('warns about a second `default` (QF2017)', () => {
    expect(lower('recipe r {\n default -> skip\n default -> skip\n}').codes).to.deep.equal(['QF2017']);
  });
});

describe('lower: extends and imports', () => {
  it("puts the recipe's own rules before its base's, and inherits expectations and allowances", () => {
    const { file, codes } = lower(
      'recipe base {\n "a" -> skip\n default -> skip\n allow skip_incompatible\n expect unmatched_rules == 0\n}\nrecipe x extends base { "b" -> skip }',
    );
    expect(codes).to.deep.equal([]);
    const x = file.recipes.find((r) => r.name === 'x');
    expect(x?.rules.map((r) => r.matcher)).to.deep.equal([
      { kind: 'exact', fqn: 'b' },
      { kind: 'exact', fqn: 'a' },
      { kind: 'default' },
    ]);
    expect(x?.allow).to.deep.equal(['skip_incompatible']);
    expect(x?.expectations).to.have.length(1);
  });

  it('lets a recipe extend one declared later, and reports extends cycles (QF2008)', () => {
    expect(lower('recipe x extends y {}\nrecipe y { default -> skip }').codes).to.deep.equal([]);
    expect(lower('recipe x extends y {}\nrecipe y extends x {}').codes).to.deep.equal(['QF2008']);
  });

  it('resolves imports relative to the importing file and sees their lets and recipes', () => {
    const opts = files({
      'lib/base.quant': 'let w4 = Int4WeightOnlyConfig(group_size=128)\nrecipe b { default -> w4 }',
    });
    const { file, codes } = lower('import "lib/base.quant" as base\nrecipe x extends base.b { "a" -> base.w4 }', opts);
    expect(codes).to.deep.equal([]);
    expect(file.recipes[0].rules.map((r) => r.action)).to.deep.equal([
      { kind: 'config', config: w4 },
      { kind: 'config', config: w4, letName: 'w4' },
    ]);
  });

  it('reports problems of an imported file at their place, noting the import', () => {
    const r = lower(
      'import "lib/base.quant" as base\nrecipe x { default -> base.w4 }',
      files({ 'lib/base.quant': 'let w4 = Int4WeightOnlyConfig(group_sise=128)' }),
    );
    expect(r.codes).to.include('QF3002');
    const d = r.diagnostics.find((x) => x.code === 'QF3002');
    expect(d?.span?.file).to.equal('/r/lib/base.quant');
    expect(d?.related?.map((x) => [x.message, x.span?.line])).to.deep.equal([['imported here', 1]]);
  });

  it('names an import without `as` after its file (`import "lib/base.quant"` is `base`)', () => {
    const opts = files({ 'lib/base.quant': 'let w4 = Int4WeightOnlyConfig(group_size=128)' });
    expect(lower('import "lib/base.quant"\nrecipe x { default -> base.w4 }', opts).codes).to.deep.equal([]);
  });

  it('reports an import cycle at the import that closes it (QF2006) and a missing file (QF2005)', () => {
    const cyc = lower(
      'import "a.quant" as a\nrecipe r {}',
      files({ 'a.quant': 'import "main.quant" as m\nlet x = Int8WeightOnlyConfig()' }),
    );
    expect(cyc.codes).to.deep.equal(['QF2006']);
    expect(cyc.diagnostics[0].message).to.equal('import cycle: main.quant → a.quant → main.quant');
    expect(lower('import "nope.quant" as n\nrecipe r {}', files({})).codes).to.deep.equal(['QF2005']);
  });
});

describe('lower: source text', () => {
  it('reads CRLF line endings and a byte-order mark, with lines counted as in an editor', () => {
    const r = lowerSource('\uFEFFrecipe r {\r\n  default -> w\r\n}\r\n', '/r/main.quant');
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).to.deep.equal([['QF2001', 2, 14]]);
  });
});

describe('lower: targets, expectations, allow', () => {
  it('lowers targets to kinds with scalar options', () => {
    const { file } = lower('target cuda(arch = "sm_90a")\ntarget cpu(isa = "avx2", threads = 4)\nrecipe r {}');
    expect(file.targets).to.deep.equal([
      { kind: 'cuda', options: { arch: 'sm_90a' } },
      { kind: 'cpu', options: { isa: 'avx2', threads: 4 } },
    ]);
  });

  it('refuses unknown targets (QF2014) and positional or non-scalar options (QF2015)', () => {
    expect(lower('target tpu()\ntarget cpu("x")\ntarget cuda(arch=[1])\nrecipe r {}').codes).to.deep.equal([
      'QF2014',
      'QF2015',
      'QF2015',
    ]);
  });

  it('checks expectation names (QF2018) and allowances (QF2016)', () => {
    const { codes, diagnostics } = lower('recipe r {\n expect quantized_fracton > 0.9\n allow skip_incompatibl\n}');
    expect(codes).to.deep.equal(['QF2018', 'QF2016']);
    expect(diagnostics.map((d) => d.hint)).to.deep.equal([
      'did you mean `quantized_fraction`?',
      'did you mean `skip_incompatible`?',
    ]);
  });
});
