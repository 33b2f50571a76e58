// Pattern matchers of a recipe compiled once to anchored regular expressions, with what the
// rule index needs to avoid testing every rule against every tensor: literal segments the
// pattern requires at fixed positions (from the start, or from the end after a `**`).
//
// Globs (dsl.md §Patterns): `.` separates segments, `*` matches within one segment, `**` any
// number of whole segments, `{a,b}` one of the alternatives, `{name}` one segment captured.
// Regexes must match the whole FQN (Python's fullmatch); `(?P<name>...)` becomes `(?<name>...)`.

/** A required literal segment: `pos` ≥ 0 counts from the start, < 0 from the end (-1 = last). */
export interface SegmentAnchor {
  pos: number;
  segment: string;
}

export interface CompiledPattern {
  regex: RegExp;
  /** Literal segments every match has (possibly empty). */
  anchors: SegmentAnchor[];
  /** Glob captures at a fixed position (from the start), for `where name == value` anchors. */
  capturePositions: Map<string, number>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function compileGlob(pattern: string): CompiledPattern {
  const segs = pattern.split('.');
  if (segs.some((s) => s === '')) throw new Error(`empty segment in glob ${JSON.stringify(pattern)}`);
  const anchors: SegmentAnchor[] = [];
  const capturePositions = new Map<string, number>();
  const captures = new Set<string>();
  const firstStar = segs.indexOf('**');
  const lastStar = segs.lastIndexOf('**');
  let out = '';
  if (segs.length === 1 && segs[0] === '**') return { regex: /^[^.]+(?:\.[^.]+)*$/, anchors, capturePositions };
  segs.forEach((seg, i) => {
    if (seg === '**') {
      out += i === 0 ? '(?:[^.]+\\.)*' : '(?:\\.[^.]+)*';
      return;
    }
    if (i > 0 && !(i === 1 && segs[0] === '**')) out += '\\.';
    const { source, literal, capture } = segmentRegex(seg, captures);
    out += source;
    const fixedFromStart = firstStar < 0 || i < firstStar;
    if (literal !== null) {
      if (fixedFromStart) anchors.push({ pos: i, segment: literal });
      else if (i > lastStar) anchors.push({ pos: i - segs.length, segment: literal });
    }
    if (capture && fixedFromStart) capturePositions.set(capture, i);
  });
  return { regex: new RegExp(`^${out}$`), anchors, capturePositions };
}

function segmentRegex(seg: string, captures: Set<string>): { source: string; literal: string | null; capture: string | null } {
  let source = '';
  let literal = true;
  let capture: string | null = null;
  for (let i = 0; i < seg.length; ) {
    const c = seg[i]!;
    if (c === '*') {
      if (seg[i + 1] === '*') throw new Error(`\`**\` must be a whole segment, got ${JSON.stringify(seg)}`);
      source += '[^.]*';
      literal = false;
      i++;
    } else if (c === '{') {
      const end = seg.indexOf('}', i);
      if (end < 0) throw new Error(`unclosed { in ${JSON.stringify(seg)}`);
      const body = seg.slice(i + 1, end);
      literal = false;
      if (IDENT.test(body)) {
        if (captures.has(body)) throw new Error(`capture {${body}} appears twice`);
        captures.add(body);
        source += `(?<${body}>[^.]+)`;
        if (seg === `{${body}}`) capture = body;
      } else {
        const alts = body.split(',');
        if (alts.some((a) => a === '' || a.includes('.'))) throw new Error(`bad alternatives {${body}}`);
        source += `(?:${alts.map(escape).join('|')})`;
      }
      i = end + 1;
    } else if (c === '}') {
      throw new Error(`unmatched } in ${JSON.stringify(seg)}`);
    } else {
      source += escape(c);
      i++;
    }
  }
  return { source, literal: literal ? seg : null, capture };
}

/** Python → ECMAScript for the constructs they spell differently; full-match anchoring. */
export function compileRegex(pattern: string): CompiledPattern {
  const js = pattern
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  if (/\(\?[aiLmsux]+[:)]/.test(js)) throw new Error('inline flags such as (?i) have no ECMAScript equivalent here');
  const regex = new RegExp(`^(?:${js})$`);
  return { regex, anchors: regexPrefixAnchors(pattern), capturePositions: new Map() };
}

/** Whole segments of the regex's literal prefix, unless a top-level `|` makes it optional. */
function regexPrefixAnchors(pattern: string): SegmentAnchor[] {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return [];
  }
  let prefix = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (!/[.\-_/:]/.test(n)) break;
      prefix += n;
      i++;
    } else if ('.^$*+?()[]{}|'.includes(c)) {
      if ('*?{'.includes(c)) prefix = prefix.slice(0, -1);
      break;
    } else prefix += c;
  }
  const segs = prefix.split('.');
  segs.pop();
  return segs.filter((s) => s !== '').length === segs.length ? segs.map((segment, pos) => ({ pos, segment })) : [];
}
