// Every FqnToConfig golden case: the recipe equivalent to torchao's dict, bound to the same
// model, quantizes exactly the parameters torchao quantized — except where dsl.md deliberately
// differs (torchao crashes, or quantizes a 1-D bias through a pattern).
import { expect } from 'chai';
import { bind } from '../../src/passes/bind.js';
import { goldenCases } from '../ir/configs/golden.js';
import { goldenModel, recipeFromFqnToConfig } from './golden-model.js';

/** What we do instead where dsl.md §Deliberate differences applies: FQN → quantized?. */
const DIFFERENCES: Record<string, { why: string; quantized: string[] }> = {
  fqn_to_config__regex_also_matches_params: { why: 'patterns never match 1-D parameters: the bias stays', quantized: ['layers.0.q_proj.weight'] },
  fqn_to_config__error_regex_matches_container: {
    why: 'containers never match; the pattern still matches the weights under layers.0',
    quantized: ['layers.0.q_proj.weight', 'layers.0.k_proj.weight', 'layers.0.mlp.up.weight', 'layers.0.mlp.down.weight'],
  },
  fqn_to_config__error_two_param_regexes: { why: 'only the first matching pattern applies', quantized: ['lm_head.weight'] },
  fqn_to_config__error_filter_fn_not_none: { why: 'a recipe has no filter_fn to get wrong', quantized: ['lm_head.weight'] },
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
      const torchao = Object.entries(m.result_param_types ?? {}).filter(([, type]) => type !== 'Parameter').map(([fqn]) => fqn);
      expect(ours).to.deep.equal(diff ? diff.quantized : torchao);
    });
  }
  it('picks the config of the winning key (precedence cases)', () => {
    const [m] = goldenCases('fqn_to_config__precedence_module_exact_over_regex');
    const plan = bind(recipeFromFqnToConfig(m!.config.config_to_dict!), goldenModel(m!));
    const q = plan.tensors.find((t) => t.fqn === 'layers.0.q_proj.weight')!;
    const k = plan.tensors.find((t) => t.fqn === 'layers.0.k_proj.weight')!;
    expect(q.decision.action === 'quantize' && q.decision.format.weight).to.deep.include({ granularity: { kind: 'PerTensor' } });
    expect(k.decision.action === 'quantize' && k.decision.format.weight).to.deep.include({ granularity: { kind: 'PerRow', dim: -1 } });
    expect(k.level).to.equal('exact_module');
    expect(q.level).to.equal('pattern_module');
  });
});
