// Every FqnToConfig golden case: the recipe equivalent to torchao's dict, bound to the same
// model, quantizes exactly the parameters torchao quantized — except where dsl.md deliberately
// differs (torchao crashes, or quantizes a 1-D bias through a pattern).
import { expect } from 'chai';
import { bind } from '../../src/passes/bind.js';
import { goldenCases } from '../ir/configs/golden.js';
import { goldenModel, recipeFromFqnToConfig } from './golden-model.js';
import { describeTensors } from '../../src/model/description.js';

/** What we do instead where dsl.md §Deliberate differences applies: FQN → quantized?. */
const DIFFERENCES: Record<string, { why: string; quantized: string[] }> = {
  fqn_to_config__regex_also_matches_params: {
    why: 'patterns never match 1-D parameters: the bias stays',
    quantized: ['layers.0.q_proj.weight'],
  },
  fqn_to_config__error_regex_matches_container: {
    why: 'containers never match; the pattern still matches the weights under layers.0',
    quantized: [
      'layers.0.q_proj.weight',
      'layers.0.k_proj.weight',
      'layers.0.mlp.up.weight',
      'layers.0.mlp.down.weight',
    ],
  },
  fqn_to_config__error_two_param_regexes: {
    why: 'only the first matching pattern applies',
    quantized: ['lm_head.weight'],
  },
  fqn_to_config__error_filter_fn_not_none: {
    why: 'a recipe has no filter_fn to get wrong',
    quantized: ['lm_head.weight'],
  },
};

describe('bind on the FqnToConfig golden cases', () => {
  const cases = goldenCases('fqn_to_config__');
  it('finds them', () => expect(cases.length).to.be.greaterThan(8));
  for (const m of cases) {
    const diff = DIFFERENCES[m.case_id];
    it(`${m.case_id}${diff ? ` (deliberate difference: ${diff.why})` : ''}`, () => {
      const plan = bind(recipeFromFqnToConfig(m.config.config_to_dict!), goldenModel(m));
      expect(plan.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      const ours = plan.tensors.filter((t) => t.decision.action === 'quantize').map((t) => t.fqn);
      const torchao = Object.entries(m.result_param_types ?? {})
        .filter(([, type]) => type !== 'Parameter')
        .map(([fqn]) => fqn);
      expect(ours).to.deep.equal(diff ? diff.quantized : torchao);
    });
  }
  it('picks the config of the winning key (precedence cases)', () => {
    const [m] = goldenCases('fqn_to_config__precedence_module_exact_over_regex');
    const plan = bind(recipeFromFqnToConfig(m!.config.config_to_dict!), goldenModel(m!));
    const q = plan.tensors.find((t) => t.fqn === 'layers.0.q_proj.weight')!;
    const k = plan.tensors.find((t) => t.fqn === 'layers.0.k_proj.weight')!;
    expect(q.decision.action === 'quantize' && q.decision.format.weight).to.deep.include({
      granularity: { kind: 'PerTensor' },
    });
    expect(k.decision.action === 'quantize' && k.decision.format.weight).to.deep.include({
      granularity: { kind: 'PerRow', dim: -1 },
    });
    expect(k.level).to.equal('exact_module');
    expect(q.level).to.equal('pattern_module');
  });
  it('quantize__default_filter_skips_mha_out_proj: default skips nn.MultiheadAttention (in_proj_weight, out_proj)', () => {
    const [m] = goldenCases('quantize__default_filter_skips_mha_out_proj');
    const d = 32;
    const shapes: Record<string, number[]> = {
      'attn.in_proj_weight': [3 * d, d],
      'attn.in_proj_bias': [3 * d],
      'attn.out_proj.weight': [d, d],
      'attn.out_proj.bias': [d],
      'proj.weight': [d, d],
      'proj.bias': [d],
    };
    const model = describeTensors(
      Object.keys(m!.result_param_types!).map((fqn) => ({ fqn, shape: shapes[fqn]!, dtype: 'bfloat16' })),
      m!.case_id,
      {},
    );
    const file = {
      version: 1,
      file: 'q.quant',
      targets: [],
      lets: {},
      recipes: [
        {
          name: 'q',
          rules: [
            {
              matcher: { kind: 'default' as const },
              predicate: null,
              action: {
                kind: 'config' as const,
                config: { kind: 'call' as const, callee: 'Int8WeightOnlyConfig', args: [] },
              },
            },
          ],
          expectations: [],
          allow: [],
        },
      ],
    };
    const ours = bind(file, model)
      .tensors.filter((t) => t.decision.action === 'quantize')
      .map((t) => t.fqn);
    expect(ours).to.deep.equal(
      Object.entries(m!.result_param_types!)
        .filter(([, t]) => t !== 'Parameter')
        .map(([f]) => f),
    );
  });
});
