// Sibling projections that read the same input (q/k/v, gate/up, w1/w3): fused into one GEMM
// when they share a format; a warning when a recipe gives them different configs.
import type { Diagnostic } from '../../ir/diagnostic.js';
import { catalog, diagnostic } from '../../ir/diagnostic-catalog.js';
import type { PlannedTensor } from '../../ir/plan.js';
import { describeConfig } from '../../ir/configs/index.js';
import { DiagnosticGroups } from '../bind/aggregate.js';

/** Module-name sets that share their input in the architectures quantforge knows. */
export const SIBLING_SETS: readonly (readonly string[])[] = [
  ['q_proj', 'k_proj', 'v_proj'],
  ['query', 'key', 'value'],
  ['wq', 'wk', 'wv'],
  ['gate_proj', 'up_proj'],
  ['w1', 'w3'],
];

const SET_OF = new Map<string, number>(SIBLING_SETS.flatMap((set, i) => set.map((name) => [name, i] as const)));

const decisionKey = (t: PlannedTensor) => (t.decision.action === 'quantize' ? JSON.stringify(t.decision.format) : 'skip');
const decisionName = (t: PlannedTensor) => (t.decision.action === 'quantize' ? describeConfig(t.decision.config) : 'skip');

/** Fusion group per tensor index, and warnings for mismatched siblings. */
export function siblingGroups(tensors: readonly PlannedTensor[]): { groups: Map<number, string>; diagnostics: Diagnostic[] } {
  const byParent = new Map<string, number[]>();
  tensors.forEach((t, i) => {
    if (t.leaf !== 'weight') return;
    const dot = t.module.lastIndexOf('.');
    const set = SET_OF.get(t.module.slice(dot + 1));
    if (set === undefined) return;
    const key = `${t.module.slice(0, dot + 1)}\u0000${set}`;
    const list = byParent.get(key);
    if (list) list.push(i);
    else byParent.set(key, [i]);
  });
  const groups = new Map<number, string>();
  const warnings = new DiagnosticGroups();
  for (const members of byParent.values()) {
    if (members.length < 2) continue;
    const first = tensors[members[0]!]!;
    const other = members.map((i) => tensors[i]!).find((t) => decisionKey(t) !== decisionKey(first));
    if (other) {
      const [a, b] = [first, other];
      warnings.add(`${a.module.replace(/\d+/g, 'N')}|${decisionName(a)}|${b.module.replace(/\d+/g, 'N')}|${decisionName(b)}`, () =>
        diagnostic(catalog.siblingMismatch, { a: a.fqn, b: b.fqn, configA: decisionName(a), configB: decisionName(b) }, null),
      );
      continue;
    }
    if (first.decision.action !== 'quantize') continue;
    const parent = first.module.slice(0, first.module.lastIndexOf('.') + 1);
    const name = `${parent}{${members.map((i) => tensors[i]!.module.slice(parent.length)).join(',')}}`;
    for (const i of members) groups.set(i, name);
  }
  return { groups, diagnostics: warnings.drain() };
}
