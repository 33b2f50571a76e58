// An index from required literal segments to pattern rules, so that binding tests a tensor
// only against the rules that can match it instead of every rule (torchao tests every regex
// against every module). Each rule is filed under one anchor: the most selective literal
// segment it requires (a `where i == 3` equality on a fixed-position capture, a segment with a
// digit, a leaf-side segment, then any); rules with no anchor are candidates for every name.
// Invariant: candidates(name) ⊇ { rules whose pattern can fullmatch name }, in rule order.
import type { SegmentAnchor } from './patterns.js';

const EMPTY: readonly number[] = [];

export class RuleIndex {
  private readonly byPos = new Map<number, Map<string, number[]>>();
  private readonly always: number[] = [];

  /** `rules[i]` lists the anchors of the rule with order `order`; rules come in ascending order. */
  constructor(rules: readonly { order: number; anchors: SegmentAnchor[] }[]) {
    for (const r of rules) {
      const a = bestAnchor(r.anchors);
      if (!a) {
        this.always.push(r.order);
        continue;
      }
      let m = this.byPos.get(a.pos);
      if (!m) this.byPos.set(a.pos, (m = new Map()));
      const list = m.get(a.segment);
      if (list) list.push(r.order);
      else m.set(a.segment, [r.order]);
    }
  }

  /** Orders of the rules that may match a name split into `segs`, ascending. */
  candidates(segs: readonly string[]): readonly number[] {
    let first: readonly number[] | null = this.always.length > 0 ? this.always : null;
    let merged: number[] | null = null;
    for (const [pos, m] of this.byPos) {
      const s = pos >= 0 ? segs[pos] : segs[segs.length + pos];
      if (s === undefined) continue;
      const list = m.get(s);
      if (!list) continue;
      if (first === null) first = list;
      else {
        merged ??= [...first];
        for (const x of list) merged.push(x);
      }
    }
    if (merged) return merged.sort((a, b) => a - b);
    return first ?? EMPTY;
  }
}

function bestAnchor(anchors: readonly SegmentAnchor[]): SegmentAnchor | null {
  let best: SegmentAnchor | null = null;
  let bestScore = -1;
  for (const a of anchors) {
    const score = (/\d/.test(a.segment) ? 4 : 0) + (a.pos < 0 ? 2 : 0) + Math.min(a.pos < 0 ? 1 : a.pos / 16, 1);
    if (score > bestScore) [best, bestScore] = [a, score];
  }
  return best;
}
