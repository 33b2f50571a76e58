// Glob patterns of recipes (dsl.md "Patterns"): `.` separates segments; `*` matches within
// one segment; `**` (a whole segment) matches any number of whole segments, none included;
// `{a,b,c}` matches one of the alternatives; `{name}` matches one segment and captures it.
//
// compileGlob turns a glob into an anchored ECMAScript regex with named groups, so that bind
// matches globs and regexes the same way and reads captures from `match.groups`.

export type GlobCheck =
  | { ok: true; regex: RegExp; ecmaSource: string; captures: string[] }
  | { ok: false; reason: string; at: number; length: number; capture?: string };

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const SEGMENT = '[^.]+';

type Fail = Extract<GlobCheck, { ok: false }>;
const fail = (reason: string, at: number, length: number, capture?: string): Fail => ({
  ok: false,
  reason,
  at,
  length,
  ...(capture ? { capture } : {}),
});

/** One segment (no dots outside braces) → regex source; `at` is its offset in the pattern. */
function segmentSource(seg: string, at: number, captures: string[]): string | Fail {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') {
      if (seg[i + 1] === '*') return fail('`**` must be a whole segment (`a.**.b`)', at + i, 2);
      out += '[^.]*';
    } else if (c === '{') {
      const close = seg.indexOf('}', i);
      if (close < 0) return fail('`{` has no closing `}`', at + i, 1);
      const body = seg.slice(i + 1, close);
      if (body.includes('{')) return fail('braces do not nest', at + i, close - i + 1);
      if (/^[A-Za-z_]\w*$/.test(body)) {
        if (captures.includes(body)) return fail(`capture \`${body}\` appears twice`, at + i, close - i + 1, body);
        captures.push(body);
        out += `(?<${body}>${SEGMENT})`;
      } else {
        const alts = body.split(',');
        if (body === '' || alts.some((a) => a === '' || a.includes('*')))
          return fail(
            '`{…}` needs a capture name or non-empty, comma-separated literal alternatives',
            at + i,
            close - i + 1,
          );
        out += `(?:${alts.map(escapeRe).join('|')})`;
      }
      i = close;
    } else if (c === '}') {
      return fail('`}` has no opening `{`', at + i, 1);
    } else {
      out += escapeRe(c);
    }
  }
  return out;
}

/** Splits on dots outside braces (an alternative may itself contain a dot). */
function splitSegments(p: string): { text: string; at: number }[] {
  const segs: { text: string; at: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}') depth = Math.max(0, depth - 1);
    if (i === p.length || (p[i] === '.' && depth === 0)) {
      segs.push({ text: p.slice(start, i), at: start });
      start = i + 1;
    }
  }
  return segs;
}

export function compileGlob(pattern: string): GlobCheck {
  if (pattern === '') return fail('the pattern is empty', 0, 0);
  const segs = splitSegments(pattern);
  const captures: string[] = [];
  let out = '';
  for (let k = 0; k < segs.length; k++) {
    const { text, at } = segs[k];
    if (text === '') return fail('empty segment (two dots in a row, or a leading or trailing dot)', at, 0);
    const last = k === segs.length - 1;
    if (text === '**') {
      // Zero or more whole segments: carry the separator inside the repetition.
      out +=
        segs.length === 1
          ? '.*'
          : last
            ? `(?:\\.${SEGMENT})*`
            : k === 0
              ? `(?:${SEGMENT}\\.)*`
              : `\\.(?:${SEGMENT}\\.)*`;
      continue;
    }
    const src = segmentSource(text, at, captures);
    if (typeof src !== 'string') return src;
    const prevStar = k > 0 && segs[k - 1].text === '**';
    out += k === 0 || prevStar ? src : `\\.${src}`;
  }
  return { ok: true, regex: new RegExp(`^${out}$`), ecmaSource: out, captures };
}
