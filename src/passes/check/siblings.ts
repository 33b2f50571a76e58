// Sibling projections that read the same input (q/k/v, gate/up, w1/w3): fused into one GEMM
// when they share a format; a warning when a recipe gives them different configs.
import type { Diagnostic } from '../../ir/diagnostic.js';
import { catalog, diagnostic } from '../../ir/diagnostic-catalog.js';
import type { PlannedTensor } from '../../ir/plan.js';
import { describeConfig } from '../../ir/configs/index.js';
import { DiagnosticGroups } from '../bind/aggregate.js';
import { groupByParent } from './parent-groups.js';

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

/** Whether `s` holds `text` at offset `from` (a loop: endsWith is slow on sliced strings). */
function sameText(s: string, from: number, text: string): boolean {
  for (let i = text.length - 1; i >= 0; i--) if (s.charCodeAt(from + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** Which sibling set a module's last segment belongs to, or -1 (no string is cut out). */
function siblingSetOf(module: string): number {
  const names = BY_LAST_CHAR.get(module.charCodeAt(module.length - 1));
  if (!names) return -1;
  for (let k = 0; k < names.length; k++) {
    const [name, set] = names[k]!;
    const from = module.length - name.length;
    if (from >= 0 && sameText(module, from, name) && (from === 0 || module.charCodeAt(from - 1) === 46)) return set;
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
  const groups = groupByParent(
    tensors.length,
    SIBLING_SETS.map((s) => s.length),
    (i) => (tensors[i]!.leaf === 'weight' ? siblingSetOf(tensors[i]!.module) : -1),
    (i) => tensors[i]!.module,
  );
  const warnings = new DiagnosticGroups();
  const names = new GroupNames();
  groups.bySet.forEach((ids, set) => {
    for (const g of ids) {
      const members = groups.members[g]!;
      if (members.length < 2) continue;
      const first = tensors[members[0]!]!;
      const other = differentDecision(tensors, members);
      if (other !== undefined) {
        const b = tensors[other]!;
        // One warning per set and pair of decisions, however many layers or experts repeat it.
        warnings.add(`${set}|${decisionKey(first)}|${decisionKey(b)}`, () =>
          diagnostic(
            catalog.siblingMismatch,
            { a: first.fqn, b: b.fqn, configA: decisionName(first), configB: decisionName(b) },
            null,
          ),
        );
        continue;
      }
      if (first.decision.action !== 'quantize') continue;
      const n = groups.parentLength[g]!;
      const name = first.module.slice(0, n) + names.suffix(tensors, members, n);
      for (let k = 0; k < members.length; k++) assign(members[k]!, name);
    }
  });
  return warnings.drain();
}

/** The first member decided differently from the first one (same object: same decision). */
function differentDecision(tensors: readonly PlannedTensor[], members: readonly number[]): number | undefined {
  const first = tensors[members[0]!]!;
  let firstKey: string | undefined;
  for (let k = 1; k < members.length; k++) {
    const d = tensors[members[k]!]!.decision;
    if (d === first.decision) continue;
    firstKey ??= decisionKey(first);
    if (decisionKey(tensors[members[k]!]!) !== firstKey) return members[k];
  }
  return undefined;
}

/**
 * `{gate_proj,up_proj}` for a group's member names, in member order. Groups repeat the same
 * names thousands of times (every expert), so the last suffix is reused when the names agree.
 */
class GroupNames {
  private lastNames: string[] = [];
  private lastSuffix = '';

  suffix(tensors: readonly PlannedTensor[], members: readonly number[], parentLength: number): string {
    if (!this.sameNames(tensors, members, parentLength)) {
      this.lastNames = members.map((i) => tensors[i]!.module.slice(parentLength));
      this.lastSuffix = `{${this.lastNames.join(',')}}`;
    }
    return this.lastSuffix;
  }

  private sameNames(tensors: readonly PlannedTensor[], members: readonly number[], parentLength: number): boolean {
    if (members.length !== this.lastNames.length) return false;
    for (let k = 0; k < members.length; k++) {
      const m = tensors[members[k]!]!.module;
      const n = this.lastNames[k]!;
      if (m.length - parentLength !== n.length || !sameText(m, parentLength, n)) return false;
    }
    return true;
  }
}
