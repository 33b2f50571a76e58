// `npm run bench -- bind [--layers N] [--experts N] [--rules N] [--sample N]`: bind a 1,000-rule
// recipe to a ~1,000,000-parameter MoE description and compare with torchao's strategy, a
// first-match loop over every rule for every tensor (src/passes/bind/reference.ts), run on a
// sample of the tensors in the same process (the full loop takes minutes) and checked for
// identical decisions. Prints a table; writes bench/results/bind.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Expr, Rule, RecipeFile } from '../src/ir/recipe.js';
import { describeTensors } from '../src/model/description.js';
import { bind } from '../src/passes/bind.js';
import { check } from '../src/passes/check.js';
import { referenceWinners } from '../src/passes/bind/reference.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A DeepSeek-like MoE: attention, router and `experts` fine-grained experts per block. */
export function moeTensors(layers: number, experts: number) {
  const out: { fqn: string; shape: number[]; dtype: string }[] = [
    { fqn: 'model.embed_tokens.weight', shape: [102400, 2048], dtype: 'bfloat16' },
  ];
  for (let l = 0; l < layers; l++) {
    const p = `model.layers.${l}.`;
    out.push({ fqn: `${p}input_layernorm.weight`, shape: [2048], dtype: 'bfloat16' });
    for (const n of ['q_proj', 'k_proj', 'v_proj', 'o_proj'])
      out.push({ fqn: `${p}self_attn.${n}.weight`, shape: [2048, 2048], dtype: 'bfloat16' });
    out.push({ fqn: `${p}post_attention_layernorm.weight`, shape: [2048], dtype: 'bfloat16' });
    out.push({ fqn: `${p}mlp.gate.weight`, shape: [experts, 2048], dtype: 'bfloat16' });
    for (let e = 0; e < experts; e++) {
      const q = `${p}mlp.experts.${e}.`;
      out.push({ fqn: `${q}gate_proj.weight`, shape: [1408, 2048], dtype: 'bfloat16' });
      out.push({ fqn: `${q}up_proj.weight`, shape: [1408, 2048], dtype: 'bfloat16' });
      out.push({ fqn: `${q}down_proj.weight`, shape: [2048, 1408], dtype: 'bfloat16' });
    }
  }
  out.push(
    { fqn: 'model.norm.weight', shape: [2048], dtype: 'bfloat16' },
    { fqn: 'lm_head.weight', shape: [102400, 2048], dtype: 'bfloat16' },
  );
  return out;
}

const call = (callee: string, args: [string, number][] = []) => ({
  kind: 'config' as const,
  config: {
    kind: 'call' as const,
    callee,
    args: args.map(([name, value]) => ({ name, value: { kind: 'number' as const, value, isInteger: true } })),
  },
});
const W8 = call('Int8WeightOnlyConfig');
const FP8 = call('Float8WeightOnlyConfig');
const W4 = call('Int4WeightOnlyConfig', [['group_size', 128]]);
const eq = (name: string, v: number): Expr => ({
  kind: 'binary',
  op: '==',
  left: { kind: 'ident', name },
  right: { kind: 'number', value: v },
});
const and = (a: Expr, b: Expr): Expr => ({ kind: 'binary', op: 'and', left: a, right: b });

/** `n` rules of every kind: exact names, per-expert and per-layer globs, regexes, a default. */
export function recipeRules(n: number, layers: number, experts: number): Rule[] {
  const rules: Rule[] = [];
  const pick = (i: number, k: number) => (i * 7919 + k * 104729) % k;
  for (let i = 0; rules.length < n - 1; i++) {
    const l = (i * 31) % layers;
    const e = (i * 97) % experts;
    switch (i % 5) {
      case 0:
        rules.push({
          matcher: {
            kind: 'exact',
            fqn: `model.layers.${l}.self_attn.${['q_proj', 'k_proj', 'v_proj', 'o_proj'][i % 4]}`,
          },
          predicate: null,
          action: FP8,
        });
        break;
      case 1:
        rules.push({
          matcher: { kind: 'glob', pattern: `model.layers.*.mlp.experts.${e}.{gate_proj,up_proj}` },
          predicate: null,
          action: W8,
        });
        break;
      case 2:
        rules.push({
          matcher: { kind: 'glob', pattern: 'model.layers.{i}.mlp.experts.{e}.down_proj' },
          predicate: and(eq('i', l), eq('e', pick(i, experts))),
          action: W8,
        });
        break;
      case 3:
        rules.push({
          matcher: {
            kind: 'regex',
            pattern: `model\\.layers\\.${l}\\.mlp\\.experts\\.${e % Math.ceil(experts / 10)}\\d\\.(gate|up)_proj`,
          },
          predicate: null,
          action: FP8,
        });
        break;
      default:
        rules.push({
          matcher: { kind: 'exact', fqn: `model.layers.${l}.mlp.experts.${e}.down_proj.weight` },
          predicate: null,
          action: { kind: 'skip' },
        });
    }
  }
  rules.push({ matcher: { kind: 'default' }, predicate: null, action: W4 });
  return rules;
}

/** Wall and CPU milliseconds (the machine is shared: CPU time is what the work costs). */
const time = <T>(f: () => T): [T, number, number] => {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, Number(process.hrtime.bigint() - t0) / 1e6, (c.user + c.system) / 1e3];
};

export default async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      layers: { type: 'string' },
      experts: { type: 'string' },
      rules: { type: 'string' },
      sample: { type: 'string' },
    },
  });
  const layers = Number(values.layers ?? 64);
  const experts = Number(values.experts ?? 5200);
  const nRules = Number(values.rules ?? 1000);
  const sampleSize = Number(values.sample ?? 20000);
  const raw = moeTensors(layers, experts);
  const [model, describeMs, describeCpu] = time(() => describeTensors(raw, `synthetic MoE ${layers}x${experts}`, {}));
  const rules = recipeRules(nRules, layers, experts);
  const file: RecipeFile = {
    version: 1,
    file: 'bench.quant',
    targets: [],
    lets: {},
    recipes: [{ name: 'bench', rules, expectations: [], allow: [] }],
  };
  const [plan, bindMs, bindCpu] = time(() => bind(file, model));
  const [, checkMs, checkCpu] = time(() => check(plan, file));
  const stride = Math.max(1, Math.floor(model.tensors.length / sampleSize));
  const sample = model.tensors.filter((_, i) => i % stride === 0);
  const [naive, naiveMs, naiveCpu] = time(() => referenceWinners(rules, sample));
  const ours = plan.tensors.filter((_, i) => i % stride === 0).map((t) => t.rule?.index ?? null);
  const mismatches = ours.filter((w, i) => w !== naive[i]).length;
  const naiveFullMs = (naiveMs / sample.length) * model.tensors.length;
  const naiveFullCpu = (naiveCpu / sample.length) * model.tensors.length;
  const result = {
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, node ${process.version}`,
    tensors: model.tensors.length,
    rules: rules.length,
    load_average: loadavg()[0],
    describe_ms: Math.round(describeMs),
    describe_cpu_ms: Math.round(describeCpu),
    bind_ms: Math.round(bindMs),
    bind_cpu_ms: Math.round(bindCpu),
    check_ms: Math.round(checkMs),
    check_cpu_ms: Math.round(checkCpu),
    naive_sample_tensors: sample.length,
    naive_sample_ms: Math.round(naiveMs),
    naive_extrapolated_ms: Math.round(naiveFullMs),
    naive_extrapolated_cpu_ms: Math.round(naiveFullCpu),
    speedup_cpu: Math.round(naiveFullCpu / bindCpu),
    decisions_equal_on_sample: mismatches === 0,
    quantized: plan.tensors.filter((t) => t.decision.action === 'quantize').length,
    unmatched_rules: plan.rules.filter((r) => r.matchedExample === null).length,
    shadowed_rules: plan.rules.filter((r) => r.shadowedBy !== null).length,
  };
  const rows: [string, string][] = [
    [
      'model',
      `${result.tensors.toLocaleString('en-US')} tensors (${layers} blocks x ${experts} experts x 3 + attention)`,
    ],
    [
      'recipe',
      `${result.rules} rules (exact, per-expert globs, per-layer where, regexes, default); ${result.unmatched_rules} match nothing, ${result.shadowed_rules} shadowed`,
    ],
    [
      'machine load (1 min)',
      `${result.load_average.toFixed(1)} on ${cpus().length} cores (wall times include waiting for a core)`,
    ],
    ['describe (kinds)', `${result.describe_ms} ms wall, ${result.describe_cpu_ms} ms CPU`],
    [
      'bind (indexed)',
      `${result.bind_ms} ms wall, ${result.bind_cpu_ms} ms CPU  (${result.quantized.toLocaleString('en-US')} quantized)`,
    ],
    ['check', `${result.check_ms} ms wall, ${result.check_cpu_ms} ms CPU`],
    [
      'naive first-match loop',
      `${result.naive_sample_ms} ms on ${sample.length.toLocaleString('en-US')} tensors → ~${(naiveFullCpu / 1000).toFixed(1)} s CPU for all`,
    ],
    ['speedup (CPU time)', `${result.speedup_cpu}x`],
    ['same decisions', mismatches === 0 ? 'yes (on the sample)' : `NO: ${mismatches} differ`],
  ];
  console.log(rows.map(([k, v]) => `${k.padEnd(24)} ${v}`).join('\n'));
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'bind.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (mismatches > 0) process.exitCode = 1;
}
