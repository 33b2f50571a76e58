// Grouping of sibling projections by their parent module (`model.layers.3.mlp.` for
// `model.layers.3.mlp.gate_proj`), in one linear pass over a million tensors.
//
// Invariant: for each sibling set, the groups come in the order their parent first appears, and
// each group lists its tensors' indices in model order — what a Map keyed by the parent string
// gives. No parent string is cut out per tensor: parents are hashed from the module's characters
// and compared in place (a Map of 300,000 string keys costs more than the whole rule search).

/** `s.slice(0, n) === t.slice(0, n)` without cutting either out. */
export function samePrefix(s: string, t: string, n: number): boolean {
  for (let i = n - 1; i >= 0; i--) if (s.charCodeAt(i) !== t.charCodeAt(i)) return false;
  return true;
}

/** The length of `module`'s parent prefix, its last dot included (0 at the root). */
export function parentLengthOf(module: string): number {
  let i = module.length - 1;
  while (i >= 0 && module.charCodeAt(i) !== 46) i--;
  return i + 1;
}

/** FNV-1a over the first `n` characters and the set number, cut to 30 bits (a small integer). */
function hashOf(s: string, n: number, set: number): number {
  let h = 0x811c9dc5 ^ set;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

export interface ParentGroups {
  /** Per sibling set, its group ids in order of first appearance. */
  bySet: number[][];
  /** Per group, the member tensor indices (ascending). */
  members: number[][];
  /** Per group, the length of the parent prefix (a prefix of every member's module). */
  parentLength: number[];
}

/**
 * Groups the tensors for which `setOf(i)` is ≥ 0 by (set, parent of `moduleOf(i)`); `setSize(set)`
 * is how many names the set has. Siblings are usually stored next to each other, so each set's
 * open group is checked first. A group that closes with every name of its set can get no more
 * members (FQNs are unique), so only incomplete groups are filed by parent for later lookup —
 * in the common case none are, and no parent is hashed at all.
 */
export function groupByParent(
  count: number,
  setSize: readonly number[],
  setOf: (i: number) => number,
  moduleOf: (i: number) => string,
): ParentGroups {
  const sets = setSize.length;
  const groups: ParentGroups = { bySet: Array.from({ length: sets }, () => []), members: [], parentLength: [] };
  const { members, parentLength } = groups;
  const groupSet: number[] = [];
  /** Module of each group's first member (the parent is its prefix). */
  const firstModule: string[] = [];
  const filed: boolean[] = [];
  const byHash = new Map<number, number>();
  /** Filed groups whose hash collided with an earlier group's: a chain per hash. */
  const nextSameHash: number[] = [];
  const file = (g: number): void => {
    if (filed[g] || members[g]!.length >= setSize[groupSet[g]!]!) return;
    const h = hashOf(firstModule[g]!, parentLength[g]!, groupSet[g]!);
    nextSameHash[g] = byHash.get(h) ?? -1;
    byHash.set(h, g);
    filed[g] = true;
  };
  const find = (set: number, module: string, n: number): number => {
    let g = byHash.get(hashOf(module, n, set)) ?? -1;
    while (g >= 0 && !(groupSet[g] === set && parentLength[g] === n && samePrefix(firstModule[g]!, module, n)))
      g = nextSameHash[g]!;
    return g;
  };
  const open: number[] = new Array<number>(sets).fill(-1);
  for (let i = 0; i < count; i++) {
    const set = setOf(i);
    if (set < 0) continue;
    const module = moduleOf(i);
    const n = parentLengthOf(module);
    const last = open[set]!;
    if (last >= 0 && parentLength[last] === n && samePrefix(firstModule[last]!, module, n)) {
      members[last]!.push(i);
      continue;
    }
    if (last >= 0) file(last);
    let g = byHash.size > 0 ? find(set, module, n) : -1;
    if (g >= 0) members[g]!.push(i);
    else {
      g = members.length;
      members.push([i]);
      parentLength.push(n);
      groupSet.push(set);
      firstModule.push(module);
      filed.push(false);
      nextSameHash.push(-1);
      groups.bySet[set]!.push(g);
    }
    open[set] = g;
  }
  return groups;
}
