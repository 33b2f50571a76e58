// check: whole-recipe validation, all problems together, before any compute.
import { expect } from 'chai';
import { plan, codes, decisions } from './helpers.js';

const ATTN = {
  'l.0.attn.q_proj.weight': [64, 64],
  'l.0.attn.k_proj.weight': [64, 64],
  'l.0.attn.v_proj.weight': [64, 64],
  'l.0.mlp.gate_proj.weight': [128, 64],
  'l.0.mlp.up_proj.weight': [128, 64],
  'l.0.mlp.down_proj.weight': [64, 128],
};

describe('check', () => {
  it('warns about a rule that matches nothing, at the rule', () => {
    const p = plan('recipe r {\n  "nope" -> Int8WeightOnlyConfig()\n  default -> Int8WeightOnlyConfig()\n}', ATTN);
    const d = p.diagnostics.find((x) => x.code === 'QF4001')!;
    expect(d.severity).to.equal('warning');
    expect(d.span!.line).to.equal(2);
  });
  it('with `expect unmatched_rules == 0` the expectation fails instead', () => {
    const p = plan('recipe r {\n  "nope" -> Int8WeightOnlyConfig()\n  expect unmatched_rules == 0\n}', ATTN);
    expect(codes(p)).to.deep.equal(['QF4008']);
    expect(p.diagnostics[0]!.message).to.contain('unmatched_rules = 1');
  });
  it('warns about a rule fully shadowed by a more specific one, naming an example', () => {
    const p = plan(
      'recipe r {\n  "l.0.mlp.down_proj" -> Int8WeightOnlyConfig()\n  glob "l.0.mlp.down_proj" -> Float8WeightOnlyConfig()\n}',
      ATTN,
    );
    const d = p.diagnostics.find((x) => x.code === 'QF4002')!;
    expect(d.span!.line).to.equal(3);
    expect(d.related![0]!.message).to.contain('l.0.mlp.down_proj.weight is decided by "l.0.mlp.down_proj"');
  });
  it('puts q/k/v and gate/up with one format into fusion groups', () => {
    const p = plan('recipe r { default -> Int8WeightOnlyConfig() }', ATTN);
    const groups = Object.fromEntries(p.tensors.map((t) => [t.fqn, t.fusionGroup]));
    expect(groups['l.0.attn.k_proj.weight']).to.equal('l.0.attn.{q_proj,k_proj,v_proj}');
    expect(groups['l.0.mlp.up_proj.weight']).to.equal('l.0.mlp.{gate_proj,up_proj}');
    expect(groups['l.0.mlp.down_proj.weight']).to.equal(null);
  });
  it('warns when siblings sharing an input get different configs', () => {
    const p = plan(
      'recipe r { glob "**.v_proj" -> Float8WeightOnlyConfig()\n default -> Int8WeightOnlyConfig() }',
      ATTN,
    );
    const d = p.diagnostics.find((x) => x.code === 'QF4006')!;
    expect(d.severity).to.equal('warning');
    expect(d.message).to.contain('l.0.attn.q_proj.weight and l.0.attn.v_proj.weight');
    expect(p.tensors.find((t) => t.fqn === 'l.0.attn.q_proj.weight')!.fusionGroup).to.equal(null);
  });
  it('refuses a config a target cannot run, naming both (cpu runs NVFP4 dynamic, sm_90a does not)', () => {
    const p = plan(
      'target cuda(arch = "sm_90a")\ntarget cpu(isa = "avx2")\nrecipe r { default -> NVFP4DynamicActivationNVFP4WeightConfig() }',
      ATTN,
    );
    const ds = p.diagnostics.filter((x) => x.code === 'QF4007');
    expect(ds).to.have.length(1);
    expect(ds[0]!.message).to.contain('cuda(arch="sm_90a")').and.contain('NVFP4DynamicActivationNVFP4WeightConfig');
    expect(ds[0]!.span!.line).to.equal(1);
  });
  it('accepts configs with kernels on every target', () => {
    const p = plan(
      'target cuda(arch = "sm_90a")\ntarget cpu(isa = "avx2")\nrecipe r { default -> Int8DynamicActivationInt8WeightConfig() }',
      ATTN,
    );
    expect(codes(p)).to.deep.equal([]);
  });
  it('evaluates expectations over the plan: fractions, counts, bytes', () => {
    const ok = plan(
      `recipe r {
      "l.0.mlp.down_proj" -> None
      default -> Int8WeightOnlyConfig()
      expect quantized_fraction >= 0.7 and quantized_fraction < 0.8
      expect quantized_params == 5 and skipped_params == 1
      expect bytes_after < bytes_before * 0.7
    }`,
      ATTN,
    );
    expect(codes(ok)).to.deep.equal([]);
    const bad = plan(`recipe r { default -> Int8WeightOnlyConfig()\n  expect bytes_after < bytes_before / 4 }`, ATTN);
    expect(codes(bad)).to.deep.equal(['QF4008']);
    expect(bad.diagnostics[0]!.message).to.match(/bytes_after = [\d,]+, bytes_before = [\d,]+/);
    expect(decisions(bad)['l.0.mlp.down_proj.weight']).to.equal('Int8WeightOnlyConfig');
  });
});
