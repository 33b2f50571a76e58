// `--shard i/N`: which parameters shard i of N builds.
//
// Invariant: the N slices are disjoint, cover every parameter, and are contiguous in model
// order, so that `merge` restores the order of an unsharded build by concatenating shards
// 1..N. Slices are balanced by bytes (a parameter goes to the shard holding the midpoint of its
// byte range), so shards take similar time whatever the mix of big and small tensors.

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard expects i/N with 1 <= i <= N (e.g. 2/8), got '${text}'`);
  }
  return { index, count };
}

/** Indices (into `bytes`) of the parameters shard `s` builds. */
export function shardSlice(bytes: readonly number[], s: ShardSpec): number[] {
  const total = bytes.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let before = 0;
  bytes.forEach((b, i) => {
    const mid = before + b / 2;
    const owner =
      total === 0
        ? Math.floor((i * s.count) / bytes.length)
        : Math.min(s.count - 1, Math.floor((mid * s.count) / total));
    if (owner === s.index - 1) out.push(i);
    before += b;
  });
  return out;
}
