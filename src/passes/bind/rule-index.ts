// An index from required literal segments to pattern rules, so that binding tests a tensor
// only against the rules that can match it instead of every rule (torchao tests every regex
// against every module). Each rule is filed under one anchor: the most selective literal
// segment it requires (a `where i == 3` equality on a fixed-position capture, a segment with a
// digit, a leaf-side segment, then any); rules with no anchor are candidates for every name.
// Invariant: candidates(name) ⊇ { rules whose pattern can fullmatch name }, in rule order.
import type { SegmentAnchor } from './patterns.js';

const EMPTY: readonly number[] = [];

export class RuleIndex {
  /** position → hash of the anchor segment → anchors with that hash (collisions compared by text). */
  private readonly byPos = new Map<number, Map<number, Anchored[]>>();
  /** byPos as parallel arrays, filled after construction: iterating a Map allocates per entry. */
  private readonly positions: number[] = [];
  private readonly maps: Map<number, Anchored[]>[] = [];
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
      const h = hashOf(a.segment, 0, a.segment.length);
      let bucket = m.get(h);
      if (!bucket) m.set(h, (bucket = []));
      const hit = bucket.find((x) => x.segment === a.segment);
      if (hit) hit.orders.push(r.order);
      else bucket.push({ segment: a.segment, orders: [r.order] });
    }
    for (const [pos, m] of this.byPos) {
      this.positions.push(pos);
      this.maps.push(m);
    }
  }

  /** Dot offsets of the name being looked up (reused: no allocation per lookup). */
  private dots = new Int32Array(64);
  /** Merge buffers, two per slot (merged into alternately), reused across lookups. */
  private readonly buffers: [number[], number[]][] = [
    [[], []],
    [[], []],
  ];

  private name = '';
  private dotCount = 0;

  /** Reads the dot offsets of a name once; `candidates` then looks up its prefixes. */
  locate(name: string): void {
    let n = 0;
    for (let i = 0; i < name.length; i++) {
      if (name.charCodeAt(i) !== 46) continue;
      if (n === this.dots.length) this.dots = Int32Array.from({ length: n * 2 }, (_, k) => this.dots[k] ?? 0);
      this.dots[n++] = i;
    }
    this.name = name;
    this.dotCount = n;
  }

  /**
   * Orders of the rules that may match the located name without its last `drop` segments
   * (0: the parameter FQN; 1: its module FQN), ascending. Only the segments at indexed
   * positions are cut out. When several lists apply they are merged into the buffer of `slot`,
   * which stays valid until the next lookup with the same slot.
   */
  candidates(drop: 0 | 1 = 0, slot: 0 | 1 = 0): readonly number[] {
    const n = this.dotCount - drop;
    const end = drop === 0 ? this.name.length : this.dots[n]!;
    const segments = n + 1;
    let result: readonly number[] | null = this.always.length > 0 ? this.always : null;
    const bufA = this.buffers[slot]![0];
    const bufB = this.buffers[slot]![1];
    for (let p = 0; p < this.positions.length; p++) {
      const pos = this.positions[p]!;
      const k = pos >= 0 ? pos : segments + pos;
      if (k < 0 || k >= segments) continue;
      const from = k === 0 ? 0 : this.dots[k - 1]! + 1;
      const to = k === n ? end : this.dots[k]!;
      const list = lookup(this.maps[p]!, this.name, from, to);
      if (!list) continue;
      if (result === null) result = list;
      else result = mergeInto(result === bufA ? bufB : bufA, result, list);
    }
    return result ?? EMPTY;
  }
}

interface Anchored {
  segment: string;
  orders: number[];
}

/** FNV-1a over `s[from, to)`: segments are looked up without cutting a string per tensor. */
function hashOf(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function lookup(m: Map<number, Anchored[]>, name: string, from: number, to: number): number[] | null {
  const bucket = m.get(hashOf(name, from, to));
  if (!bucket) return null;
  for (let i = 0; i < bucket.length; i++) {
    const a = bucket[i]!;
    if (a.segment.length === to - from && sameText(name, from, a.segment)) return a.orders;
  }
  return null;
}

/** `name.startsWith(text, from)` by character codes (the builtin is slow on cons strings). */
function sameText(name: string, from: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (name.charCodeAt(from + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** Linear merge of two ascending lists into `out`, which is neither of them. */
function mergeInto(out: number[], left: readonly number[], b: readonly number[]): number[] {
  out.length = 0;
  let i = 0;
  let j = 0;
  while (i < left.length && j < b.length) out.push(left[i]! <= b[j]! ? left[i++]! : b[j++]!);
  while (i < left.length) out.push(left[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
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
