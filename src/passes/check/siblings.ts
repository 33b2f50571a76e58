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

/** Sibling names by their last character, so most modules are ruled out by one comparison. */
const BY_LAST_CHAR = new Map<number, (readonly [string, number])[]>();
SIBLING_SETS.forEach((set, i) =>
  set.forEach((name) => {
    const c = name.charCodeAt(name.length - 1);
    BY_LAST_CHAR.set(c, [...(BY_LAST_CHAR.get(c) ?? []), [name, i] as const]);
  }),
);

/** Which sibling set a module's last segment belongs to, or -1 (no string is cut out). */
function siblingSetOf(module: string): number {
  const names = BY_LAST_CHAR.get(module.charCodeAt(module.length - 1));
  if (!names) return -1;
  for (const [name, set] of names) {
    if (
      module.endsWith(name) &&
      (module.length === name.length || module.charCodeAt(module.length - name.length - 1) === 46)
    )
      return set;
  }
  return -1;
}

const formatKeys = new WeakMap<object, string>();
/** Equal formats give equal keys; formats are shared per rule, so each is stringified once. */
function decisionKey(t: PlannedTensor): string {
  if (t.decision.action !== 'quantize') return 'skip';
  const f = t.decision.format;
  let k = formatKeys.get(f);
  if (k === undefined) formatKeys.set(f, (k = JSON.stringify(f)));
  return k;
}
const decisionName = (t: PlannedTensor) =>
  t.decision.action === 'quantize' ? describeConfig(t.decision.config) : 'skip';

/** Calls `assign` with the fusion group of each grouped tensor; returns the mismatch warnings. */
export function siblingGroups(
  tensors: readonly PlannedTensor[],
  assign: (index: number, group: string) => void,
): Diagnostic[] {
  // One map per sibling set, keyed by the parent prefix (`model.layers.3.mlp.`). Siblings are
  // usually stored next to each other, so the last group of each set is checked first and the
  // map (and the prefix string) is touched once per group, not once per tensor.
  const byParent = SIBLING_SETS.map(() => new Map<string, number[]>());
  const open: ({ parent: string; list: number[] } | null)[] = SIBLING_SETS.map(() => null);
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i]!;
    if (t.leaf !== 'weight') continue;
    const set = siblingSetOf(t.module);
    if (set < 0) continue;
    const last = open[set];
    const parentLength = t.module.lastIndexOf('.') + 1;
    if (last && last.parent.length === parentLength && t.module.startsWith(last.parent)) {
      last.list.push(i);
      continue;
    }
    const key = t.module.slice(0, parentLength);
    let list = byParent[set]!.get(key);
    if (list) list.push(i);
    else byParent[set]!.set(key, (list = [i]));
    open[set] = { parent: key, list };
  }
  const warnings = new DiagnosticGroups();
  byParent.forEach((parents, set) => {
    for (const members of parents.values()) {
      if (members.length < 2) continue;
      const first = tensors[members[0]!]!;
      const firstKey = decisionKey(first);
      const otherIndex = members.find((i) => decisionKey(tensors[i]!) !== firstKey);
      if (otherIndex !== undefined) {
        const [a, b] = [first, tensors[otherIndex]!];
        // One warning per set and pair of decisions, however many layers or experts repeat it.
        warnings.add(`${set}|${firstKey}|${decisionKey(b)}`, () =>
          diagnostic(
            catalog.siblingMismatch,
            { a: a.fqn, b: b.fqn, configA: decisionName(a), configB: decisionName(b) },
            null,
          ),
        );
        continue;
      }
      if (first.decision.action !== 'quantize') continue;
      const parent = first.module.slice(0, first.module.lastIndexOf('.') + 1);
      const name = `${parent}{${members.map((i) => tensors[i]!.module.slice(parent.length)).join(',')}}`;
      for (const i of members) assign(i, name);
    }
  });
  return warnings.drain();
}
