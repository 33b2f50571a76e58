// The DSL and the API produce the same Recipe IR (up to spans) for the same recipe.
import { expect } from 'chai';
import {
  Float8DynamicActivationFloat8WeightConfig,
  Int4WeightOnlyConfig,
  Int8WeightOnlyConfig,
  IntxWeightOnlyConfig,
  MappingType,
  float,
  perBlock,
  perGroup,
  perRow,
  quantFile,
  recipe,
  skip,
  torch,
  tuple,
} from '../../src/api/index.js';
import { stripSpans, type RecipeFile } from '../../src/ir/recipe.js';
import { hasErrors, lowerSource } from '../../src/lower/load.js';

function dsl(text: string, file: string): RecipeFile {
  const r = lowerSource(text, file);
  expect(r.diagnostics, JSON.stringify(r.diagnostics)).to.deep.equal([]);
  return stripSpans(r.file);
}

describe('API ≡ DSL', () => {
  it("builds dsl.md's first example identically", () => {
    const text = `quant 1
target cuda(arch = "sm_90a")
target cpu(isa = "avx2")
let w4  = Int4WeightOnlyConfig(group_size = 128)
let fp8 = Float8DynamicActivationFloat8WeightConfig(granularity = PerRow())
recipe llama3_mixed {
  "lm_head"                                  -> skip
  "model.layers.0.mlp.down_proj.weight"      -> Int8WeightOnlyConfig()
  glob "model.layers.{i}.self_attn.*_proj"   -> fp8
  glob "model.layers.{i}.mlp.*" where i < 2 or i >= 30 -> Int8WeightOnlyConfig()
  re   "model\\.layers\\.\\d+\\.mlp\\..*"         -> w4
  default                                    -> w4
  expect unmatched_rules == 0
  expect quantized_fraction >= 0.95
}`;
    const f = quantFile('llama.quant');
    f.target('cuda', { arch: 'sm_90a' }).target('cpu', { isa: 'avx2' });
    const w4 = f.let('w4', Int4WeightOnlyConfig({ groupSize: 128 }));
    const fp8 = f.let('fp8', Float8DynamicActivationFloat8WeightConfig({ granularity: perRow() }));
    f.recipe('llama3_mixed')
      .exact('lm_head', skip)
      .exact('model.layers.0.mlp.down_proj.weight', Int8WeightOnlyConfig())
      .glob('model.layers.{i}.self_attn.*_proj', fp8)
      .glob('model.layers.{i}.mlp.*', Int8WeightOnlyConfig(), { where: 'i < 2 or i >= 30' })
      .regex('model\\.layers\\.\\d+\\.mlp\\..*', w4)
      .default(w4)
      .expect('unmatched_rules == 0')
      .expect('quantized_fraction >= 0.95');
    expect(f.build()).to.deep.equal(dsl(text, 'llama.quant'));
  });

  it('writes dtypes, enums, granularities, tuples, floats and None as the DSL does', () => {
    const text = `recipe r {
  default -> IntxWeightOnlyConfig(weight_dtype=torch.int4, granularity=PerGroup(32), mapping_type=MappingType.ASYMMETRIC, scale_dtype=None)
  "a" -> Float8DynamicActivationFloat8WeightConfig(granularity=[PerRow(), PerRow()], activation_value_lb=1.0)
  "b" -> Float8DynamicActivationFloat8WeightConfig(granularity=(PerBlock([1, 128]), PerBlock([128, 128])))
}`;
    const api = recipe('r')
      .default(
        IntxWeightOnlyConfig({
          weightDtype: torch.int4,
          granularity: perGroup(32),
          mappingType: MappingType.ASYMMETRIC,
          scaleDtype: null,
        }),
      )
      .exact(
        'a',
        Float8DynamicActivationFloat8WeightConfig({ granularity: [perRow(), perRow()], activationValueLb: float(1) }),
      )
      .exact(
        'b',
        Float8DynamicActivationFloat8WeightConfig({ granularity: tuple(perBlock([1, 128]), perBlock([128, 128])) }),
      )
      .build('r.quant');
    expect(api).to.deep.equal(dsl(text, 'r.quant'));
    expect(tuple(1, 128)).to.deep.equal({
      kind: 'tuple',
      items: [
        { kind: 'number', value: 1, isInteger: true },
        { kind: 'number', value: 128, isInteger: true },
      ],
    });
  });

  it('reports every problem of an API recipe at build, as the DSL does', () => {
    const build = () =>
      recipe('r')
        .glob('a.{i}.{i}', skip)
        .regex('(?i)x', skip)
        .default(Int4WeightOnlyConfig({ int4PackingFormat: 'no_such_format' }), { where: 'j > 1' })
        .expect('quantized_fraction >=')
        .build();
    let codes: string[] = [];
    try {
      build();
    } catch (e) {
      codes = (e as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    }
    expect(codes).to.include.members(['QF1002', 'QF2012', 'QF2010', 'QF2013']);
    expect(codes.some((c) => c.startsWith('QF3'))).to.equal(true);
  });

  it('refuses an exact rule whose FQN starts with "re:" (text reads that as a regex; torchao asserts)', () => {
    expect(() => recipe('r').exact('re:x.*', skip).build()).to.throw(/QF4011/);
  });

  it('refuses a let or a recipe defined twice', () => {
    const f = quantFile();
    f.let('w', Int8WeightOnlyConfig());
    f.let('w', Int4WeightOnlyConfig());
    f.recipe('r');
    f.recipe('r');
    expect(() => f.build()).to.throw(/QF2002[\s\S]*QF2003/);
  });

  it('refuses an unknown option name from plain JavaScript', () => {
    expect(() => Int4WeightOnlyConfig({ group_size: 128 } as never)).to.throw(
      TypeError,
      /Int4WeightOnlyConfig has no option `group_size`/,
    );
  });

  it('has no errors on a clean build', () => {
    expect(hasErrors(lowerSource('recipe r { default -> Int8WeightOnlyConfig() }', 'x.quant').diagnostics)).to.equal(
      false,
    );
  });
});
