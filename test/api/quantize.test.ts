// quantize(model, config, { filter }) mirrors torchao's quantize_: the default filter takes
// linear weights; FqnToConfig follows its keys; a filter picks modules; errors throw.
import { expect } from 'chai';
import {
  FqnToConfig,
  Int8WeightOnlyConfig,
  IntxWeightOnlyConfig,
  quantize,
  recipe,
  skip,
  torch,
  perGroup,
} from '../../src/api/index.js';
import { describeHeaderJson } from '../../src/model/description.js';
import type { Plan } from '../../src/ir/plan.js';

const model = describeHeaderJson(
  {
    'model.embed_tokens.weight': { dtype: 'BF16', shape: [1024, 256] },
    'model.layers.0.self_attn.q_proj.weight': { dtype: 'BF16', shape: [256, 256] },
    'model.layers.0.self_attn.q_proj.bias': { dtype: 'BF16', shape: [256] },
    'model.layers.0.mlp.down_proj.weight': { dtype: 'BF16', shape: [256, 512] },
    'model.norm.weight': { dtype: 'BF16', shape: [256] },
    'lm_head.weight': { dtype: 'BF16', shape: [1024, 256] },
  },
  'tiny.json',
);

/** Quantized tensors → their config's name. */
const decided = (plan: Plan): Record<string, string> =>
  Object.fromEntries(
    plan.tensors.flatMap((t) => (t.decision.action === 'quantize' ? [[t.fqn, t.decision.config.name]] : [])),
  );

describe('quantize', () => {
  it('with the default filter quantizes every linear weight and nothing else', () => {
    const plan = quantize(model, Int8WeightOnlyConfig());
    expect(Object.keys(decided(plan))).to.deep.equal([
      'model.layers.0.self_attn.q_proj.weight',
      'model.layers.0.mlp.down_proj.weight',
      'lm_head.weight',
    ]);
  });

  it('with FqnToConfig follows its keys (None skips, an embedding quantizes when named)', () => {
    const plan = quantize(
      model,
      FqnToConfig({
        lm_head: null,
        'model.embed_tokens.weight': IntxWeightOnlyConfig({ weightDtype: torch.int4, granularity: perGroup(32) }),
        _default: Int8WeightOnlyConfig(),
      }),
    );
    expect(decided(plan)).to.deep.equal({
      'model.embed_tokens.weight': 'IntxWeightOnlyConfig',
      'model.layers.0.self_attn.q_proj.weight': 'Int8WeightOnlyConfig',
      'model.layers.0.mlp.down_proj.weight': 'Int8WeightOnlyConfig',
    });
  });

  it('with a filter quantizes the weights of the modules it accepts', () => {
    const plan = quantize(model, Int8WeightOnlyConfig(), { filter: (_m, fqn) => fqn.includes('mlp') });
    expect(Object.keys(decided(plan))).to.deep.equal(['model.layers.0.mlp.down_proj.weight']);
  });

  it('binds a whole recipe built with the API', () => {
    const plan = quantize(model, recipe('r').exact('lm_head', skip).default(Int8WeightOnlyConfig()).build());
    expect(Object.keys(decided(plan))).to.deep.equal([
      'model.layers.0.self_attn.q_proj.weight',
      'model.layers.0.mlp.down_proj.weight',
    ]);
  });

  it('throws every error of the plan together (a shape the config cannot take)', () => {
    expect(() =>
      quantize(model, IntxWeightOnlyConfig({ weightDtype: torch.int4, granularity: perGroup(96) })),
    ).to.throw(/QF4003: model.layers.0.self_attn.q_proj.weight[\s\S]*QF4003: model.layers.0.mlp.down_proj.weight/);
  });

  it('refuses a filter together with FqnToConfig, as torchao does', () => {
    expect(() => quantize(model, FqnToConfig({}), { filter: () => true })).to.throw(/Only filter_fn=None is supported/);
  });
});
