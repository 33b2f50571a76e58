// "did you mean …?" hints for misspelt names: the closest candidate by edit distance.

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** A hint naming the closest candidate, if one is close enough to be a likely typo. */
export function suggest(word: string, candidates: Iterable<string>): { hint?: string } {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== null && bestD <= Math.max(1, Math.floor(word.length / 3))
    ? { hint: `did you mean \`${best}\`?` }
    : {};
}
