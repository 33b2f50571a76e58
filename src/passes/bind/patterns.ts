// Pattern matchers of a recipe compiled once to anchored regular expressions, with what the
// rule index needs to avoid testing every rule against every tensor: literal segments the
// pattern requires at fixed positions (from the start, or from the end after a `**`).
//
// Globs (dsl.md §Patterns): `.` separates segments, `*` matches within one segment, `**` any
// number of whole segments, `{a,b}` one of the alternatives, `{name}` one segment captured.
// Regexes must match the whole FQN (Python's fullmatch); `(?P<name>...)` becomes `(?<name>...)`.
import { compileGlob as lowerGlob } from '../../lower/patterns/glob.js';
import { checkRegex } from '../../lower/patterns/regex.js';

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
  /** Literal text every match starts with (possibly ''): tested before the regex, much cheaper. */
  prefix: string;
}

/** Segments split on dots outside braces (an alternative may contain a dot), as lowering does. */
function globSegments(p: string): string[] {
  const segs: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}') depth = Math.max(0, depth - 1);
    if (i === p.length || (p[i] === '.' && depth === 0)) {
      segs.push(p.slice(start, i));
      start = i + 1;
    }
  }
  return segs;
}

/** The regex is lowering's (src/lower/patterns/glob.ts), so check and bind agree; anchors are ours. */
export function compileGlob(pattern: string): CompiledPattern {
  const g = lowerGlob(pattern);
  if (!g.ok) throw new Error(g.reason);
  const segs = globSegments(pattern);
  const anchors: SegmentAnchor[] = [];
  const capturePositions = new Map<string, number>();
  const firstStar = segs.indexOf('**');
  const lastStar = segs.lastIndexOf('**');
  segs.forEach((seg, i) => {
    if (seg === '**') return;
    const fixedFromStart = firstStar < 0 || i < firstStar;
    const capture = /^\{([A-Za-z_]\w*)\}$/.exec(seg);
    if (capture && fixedFromStart) capturePositions.set(capture[1]!, i);
    if (/[*{}]/.test(seg)) return;
    if (fixedFromStart) anchors.push({ pos: i, segment: seg });
    else if (i > lastStar) anchors.push({ pos: i - segs.length, segment: seg });
  });
  return { regex: g.regex, anchors, capturePositions, prefix: literalPrefix(g.ecmaSource) };
}

/** Python → ECMAScript through lowering's checker (src/lower/patterns/regex.ts); full match. */
export function compileRegex(pattern: string): CompiledPattern {
  const r = checkRegex(pattern);
  if (!r.ok) throw new Error(r.reason);
  return {
    regex: new RegExp(`^(?:${r.ecmaSource})$`),
    anchors: regexPrefixAnchors(pattern),
    capturePositions: new Map(),
    prefix: literalPrefix(r.ecmaSource),
  };
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

/**
 * The literal text an ECMAScript regex source requires at its start: characters up to the first
 * metacharacter or class escape (a character followed by `*`, `?` or `{` is optional, so it is
 * dropped). '' when a top-level `|` could start a match some other way.
 */
export function literalPrefix(source: string): string {
  if (hasTopLevelAlternation(source)) return '';
  let prefix = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    let literal = c;
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (!/^[^A-Za-z0-9]$/.test(n)) break; // `\d`, `\b`, `\1`, `\u0041`: not one literal character
      literal = n;
      i++;
    } else if ('.^$*+?()[]{}|'.includes(c)) break;
    const next = source[i + 1];
    if (next === '*' || next === '?' || next === '{') break;
    prefix += literal;
  }
  return prefix;
}

/** Whether `|` occurs outside every group and character class (escapes skipped). */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
