// bind: dsl.md's precedence, patterns, predicates and deliberate differences from torchao.
import { expect } from 'chai';
import { plan, decisions, codes, recipe } from './helpers.js';
import { describeTensors } from '../../src/model/description.js';
import { planRecipe } from '../../src/passes/plan-recipe.js';

const LAYER = {
  'model.embed_tokens.weight': [128, 64],
  'model.layers.0.self_attn.q_proj.weight': [64, 64],
  'model.layers.0.self_attn.q_proj.bias': [64],
  'model.layers.0.self_attn.k_proj.weight': [64, 64],
  'model.layers.0.mlp.down_proj.weight': [64, 256],
  'model.layers.1.self_attn.q_proj.weight': [64, 64],
  'model.layers.1.mlp.down_proj.weight': [64, 256],
  'model.norm.weight': [64],
  'lm_head.weight': [128, 64],
};
const W8 = 'Int8WeightOnlyConfig()';
const I4 = 'IntxWeightOnlyConfig(weight_dtype=torch.int4, granularity=PerGroup(32))';

describe('bind: precedence (torchao FqnToConfig order)', () => {
  it('exact parameter FQN beats exact module FQN beats patterns beats default', () => {
    const p = plan(
      `recipe r {
      glob "model.layers.*.self_attn.*" -> ${I4}
      "model.layers.0.self_attn.q_proj" -> Float8WeightOnlyConfig()
      "model.layers.0.self_attn.q_proj.weight" -> ${W8}
      default -> Float8WeightOnlyConfig()
    }`,
      LAYER,
    );
    const d = decisions(p);
    expect(d['model.layers.0.self_attn.q_proj.weight']).to.equal('Int8WeightOnlyConfig');
    expect(d['model.layers.0.self_attn.k_proj.weight']).to.equal('IntxWeightOnlyConfig');
    expect(d['model.layers.0.mlp.down_proj.weight']).to.equal('Float8WeightOnlyConfig');
    const levels = Object.fromEntries(p.tensors.map((t) => [t.fqn, t.level]));
    expect(levels['model.layers.0.self_attn.q_proj.weight']).to.equal('exact_param');
    expect(levels['model.layers.1.self_attn.q_proj.weight']).to.equal('pattern_module');
  });
  it('a pattern on the parameter FQN beats an earlier pattern on the module FQN', () => {
    const d = decisions(
      plan(
        `recipe r {
      re "model\\.layers\\.0\\.mlp\\.down_proj" -> ${W8}
      glob "model.layers.0.mlp.down_proj.weight" -> ${I4}
    }`,
        LAYER,
      ),
    );
    expect(d['model.layers.0.mlp.down_proj.weight']).to.equal('IntxWeightOnlyConfig');
  });
  it('the first matching pattern wins, in source order; later ones are reported as shadowed', () => {
    const p = plan(
      `recipe r {
      glob "model.layers.{i}.**" -> ${W8}
      glob "model.layers.1.mlp.*" -> ${I4}
    }`,
      LAYER,
    );
    expect(decisions(p)['model.layers.1.mlp.down_proj.weight']).to.equal('Int8WeightOnlyConfig');
    expect(codes(p)).to.include('QF4002');
  });
  it('default applies to linear weights only: not embeddings, norms, biases', () => {
    const d = decisions(plan(`recipe r { default -> ${W8} }`, LAYER));
    expect(d['model.embed_tokens.weight']).to.equal('skip');
    expect(d['model.norm.weight']).to.equal('skip');
    expect(d['model.layers.0.self_attn.q_proj.bias']).to.equal('skip');
    expect(d['lm_head.weight']).to.equal('Int8WeightOnlyConfig');
  });
  it('skip (or None) leaves a tensor alone and stops the search', () => {
    const d = decisions(
      plan(
        `recipe r { "lm_head" -> None
      default -> ${W8} }`,
        LAYER,
      ),
    );
    expect(d['lm_head.weight']).to.equal('skip');
  });
  it('an embedding is quantized when named explicitly (torchao does the same)', () => {
    expect(decisions(plan(`recipe r { "model.embed_tokens" -> ${I4} }`, LAYER))['model.embed_tokens.weight']).to.equal(
      'IntxWeightOnlyConfig',
    );
  });
});

describe('bind: patterns and predicates', () => {
  it('glob captures are numbers in where; a false where lets the search go on', () => {
    const d = decisions(
      plan(
        `recipe r {
      glob "model.layers.{i}.mlp.down_proj" where i >= 1 -> ${I4}
      default -> ${W8}
    }`,
        LAYER,
      ),
    );
    expect(d['model.layers.1.mlp.down_proj.weight']).to.equal('IntxWeightOnlyConfig');
    expect(d['model.layers.0.mlp.down_proj.weight']).to.equal('Int8WeightOnlyConfig');
  });
  it('where sees out_features, in_features, numel, ndim, dtype, kind and layer', () => {
    const d = decisions(
      plan(
        `recipe r {
      glob "**" where in_features == 256 and ndim == 2 and dtype == "bfloat16" and kind == "linear" and layer == 1 -> ${I4}
      glob "**" where out_features == 128 and numel == 8192 -> ${W8}
    }`,
        LAYER,
      ),
    );
    expect(d['model.layers.1.mlp.down_proj.weight']).to.equal('IntxWeightOnlyConfig');
    expect(d['model.layers.0.mlp.down_proj.weight']).to.equal('skip');
    expect(d['lm_head.weight']).to.equal('Int8WeightOnlyConfig');
    expect(d['model.embed_tokens.weight']).to.equal('Int8WeightOnlyConfig');
  });
  it('{a,b} alternatives, * within a segment, ** across segments', () => {
    const d = decisions(
      plan(
        `recipe r { glob "**.{q,k}_proj" -> ${W8}
      glob "model.*.1.**" -> ${I4} }`,
        LAYER,
      ),
    );
    expect(d['model.layers.0.self_attn.k_proj.weight']).to.equal('Int8WeightOnlyConfig');
    expect(d['model.layers.1.mlp.down_proj.weight']).to.equal('IntxWeightOnlyConfig');
    expect(d['model.layers.0.mlp.down_proj.weight']).to.equal('skip');
  });
  it('regex named groups are captures; "re:" strings are regexes, as in torchao', () => {
    const d = decisions(
      plan(
        `recipe r { re "model\\.layers\\.(?P<n>\\d+)\\.mlp\\..*" where n == 0 -> ${W8}
      "re:lm_.*" -> ${I4} }`,
        LAYER,
      ),
    );
    expect(d['model.layers.0.mlp.down_proj.weight']).to.equal('Int8WeightOnlyConfig');
    expect(d['model.layers.1.mlp.down_proj.weight']).to.equal('skip');
    expect(d['lm_head.weight']).to.equal('IntxWeightOnlyConfig');
  });
});

describe('bind: deliberate differences from torchao (dsl.md)', () => {
  it('patterns never match 1-D parameters (a q_proj.* regex leaves the bias alone)', () => {
    const d = decisions(plan(`recipe r { re "model\\.layers\\.0\\.self_attn\\.q_proj.*" -> ${W8} }`, LAYER));
    expect(d['model.layers.0.self_attn.q_proj.weight']).to.equal('Int8WeightOnlyConfig');
    expect(d['model.layers.0.self_attn.q_proj.bias']).to.equal('skip');
  });
  it('containers never match a module pattern (only modules that own a weight)', () => {
    const p = plan(`recipe r { re "model\\.layers\\.0" -> ${W8} }`, LAYER);
    expect(Object.values(decisions(p)).every((x) => x === 'skip')).to.equal(true);
    expect(codes(p)).to.include('QF4001');
  });
  it('a shape torchao would silently skip is an error naming the tensor and the rule', () => {
    const p = plan(`recipe r { default -> Int4WeightOnlyConfig(group_size=128) }`, { 'a.weight': [64, 96] });
    const d = p.diagnostics.find((x) => x.code === 'QF4004')!;
    expect(d.severity).to.equal('error');
    expect(d.message).to.contain('a.weight').and.contain('in_features 96 is not a multiple of group_size 128');
    expect(d.span!.line).to.equal(1);
  });
  it('... a warning and a skip with `allow skip_incompatible`', () => {
    const p = plan(
      `recipe r { allow skip_incompatible
      default -> Int4WeightOnlyConfig(group_size=128) }`,
      { 'a.weight': [64, 96], 'b.weight': [64, 128] },
    );
    expect(codes(p)).to.deep.equal(['QF4005']);
    expect(decisions(p)).to.deep.equal({ 'a.weight': 'skip', 'b.weight': 'Int4WeightOnlyConfig' });
  });
  it('... and nothing when a where excludes such tensors', () => {
    const p = plan(`recipe r { default where in_features % 128 == 0 -> Int4WeightOnlyConfig(group_size=128) }`, {
      'a.weight': [64, 96],
      'b.weight': [64, 128],
    });
    expect(codes(p)).to.deep.equal([]);
  });
  it('a group size not dividing in_features is an error (IntxWeightOnlyConfig raises in torchao)', () => {
    const p = plan(`recipe r { default -> IntxWeightOnlyConfig(weight_dtype=torch.int4, granularity=PerGroup(64)) }`, {
      'a.weight': [64, 96],
    });
    expect(p.diagnostics[0]!.message).to.contain(
      'Expecting input size at 1 dimension: 96 to be divisible by block_size at 1 dimension: 64',
    );
  });
  it('reports one diagnostic per rule and problem, however many tensors share it', () => {
    const shapes = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`l.${i}.weight`, [64, 96]]));
    const p = plan(`recipe r { default -> Int4WeightOnlyConfig(group_size=128) }`, shapes);
    expect(p.diagnostics).to.have.length(1);
    expect(p.diagnostics[0]!.related!.map((r) => r.message)).to.include('and 49 more tensor(s) like it');
  });
  it('NVFP4WeightOnlyConfig cannot be applied to one parameter (torchao NotImplementedError)', () => {
    const p = plan(`recipe r { "a.weight" -> NVFP4WeightOnlyConfig() }`, { 'a.weight': [64, 64] });
    expect(codes(p)).to.deep.equal(['QF4009']);
  });
  it('integer buffers stored beside the weights (BERT position_ids) never match patterns or default', () => {
    const shapes = { 'embeddings.position_ids': [1, 512], 'a.weight': [64, 64] };
    const m = describeTensors(
      Object.entries(shapes).map(([fqn, shape]) => ({ fqn, shape, dtype: fqn.endsWith('ids') ? 'int64' : 'bfloat16' })),
      'ids',
      {},
    );
    const p = planRecipe(recipe(`recipe r { glob "**" -> ${W8}\n default -> ${W8} }`), m);
    expect(decisions(p)).to.deep.equal({ 'embeddings.position_ids': 'skip', 'a.weight': 'Int8WeightOnlyConfig' });
    const named = planRecipe(recipe(`recipe r { "embeddings.position_ids" -> ${W8} }`), m);
    expect(named.diagnostics[0]!.message).to.contain('dtype int64; only floating-point weights can be quantized');
  });
  it('nn.MultiheadAttention out_proj is not a linear for default (NonDynamicallyQuantizableLinear)', () => {
    const d = decisions(
      plan(`recipe r { default -> ${W8} }`, {
        'attn.in_proj_weight': [96, 32],
        'attn.out_proj.weight': [32, 32],
        'proj.weight': [32, 32],
      }),
    );
    expect(d).to.deep.equal({
      'attn.in_proj_weight': 'skip',
      'attn.out_proj.weight': 'skip',
      'proj.weight': 'Int8WeightOnlyConfig',
    });
  });
});
