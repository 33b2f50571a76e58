// Regex patterns of recipes (dsl.md "Patterns"): the common subset of Python `re` and
// ECMAScript, so that a pattern means in quantforge what it means in torchao.
//
// `(?P<name>…)` is translated to `(?<name>…)`; every other construct that only one of the
// two languages has, or that the two read differently (`\A`, `\Z`, inline flags, possessive
// quantifiers, atomic groups, `{,n}`, `(?<name>…)`, unknown escapes), is refused with a hint.
// Patterns match the whole FQN (torchao uses re.fullmatch).

export type RegexCheck =
  | { ok: true; regex: RegExp; ecmaSource: string }
  | { ok: false; construct?: string; reason: string; hint?: string; at: number; length: number };

/** Escapes both languages read alike (letters only; punctuation escapes are literal in both). */
const COMMON_ESCAPES = new Set('bBdDfnrsStvwWxu0123456789');

const HINTS: Record<string, string> = {
  '\\A': 'patterns always match the whole FQN; drop `\\A` or use `^`',
  '\\Z': 'patterns always match the whole FQN; drop `\\Z` or use `$`',
  '(?<name>': 'write the Python form `(?P<name>…)`; it is translated',
  '(?P=name)': 'use a numbered backreference such as `\\1`',
  flags: 'inline flags are not supported; spell the alternatives out (`[Mm]odel`)',
  possessive: 'drop the `+` after the quantifier; possessive quantifiers are Python 3.11+ only',
  atomic: 'use a plain group `(?:…)`; atomic groups are Python 3.11+ only',
  minless: 'write the lower bound: `{0,n}` (ECMAScript reads `{,n}` as literal text)',
};

type Refusal = Extract<RegexCheck, { ok: false }>;

const refuse = (construct: string, at: number, length: number, hintKey = construct): Refusal => ({
  ok: false,
  construct,
  reason: `${construct}, which Python and ECMAScript read differently or only one of them supports`,
  at,
  length,
  ...(HINTS[hintKey] ? { hint: HINTS[hintKey] } : {}),
});

/** Scans the pattern once, translating `(?P<…>` and refusing what is not common. */
function translate(p: string): { source: string } | Refusal {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) return { ok: false, reason: 'the pattern ends in a lone backslash', at: i, length: 1 };
      if (/[A-Za-z]/.test(n) && !COMMON_ESCAPES.has(n)) return refuse(`\\${n}`, i, 2, `\\${n}`);
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') out += p[++i]; // a leading `]` is literal in Python
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const rest = p.slice(i + 2);
      const named = /^P<([A-Za-z_]\w*)>/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += 1 + named[0].length;
        continue;
      }
      if (/^P=/.test(rest)) return refuse('(?P=name)', i, 4);
      if (/^<[A-Za-z_]/.test(rest)) return refuse('(?<name>', i, 3);
      if (/^[aiLmsux-]+[:)]/.test(rest)) return refuse('inline flags', i, 3, 'flags');
      if (rest.startsWith('>')) return refuse('an atomic group', i, 3, 'atomic');
      if (rest.startsWith('(')) return refuse('a conditional group', i, 3);
      if (rest.startsWith('#')) return refuse('a comment group', i, 3);
    }
    const minless = c === '{' ? /^\{,\d+\}/.exec(p.slice(i)) : null;
    if (minless) return refuse('a `{,n}` quantifier', i, minless[0].length, 'minless');
    if (c === '+' && i > 0 && /[*+?}]/.test(p[i - 1]) && p[i - 2] !== '\\')
      return refuse('a possessive quantifier', i - 1, 2, 'possessive');
    out += c;
  }
  return { source: out };
}

export function checkRegex(pattern: string): RegexCheck {
  const t = translate(pattern);
  if ('ok' in t) return t;
  try {
    const regex = new RegExp(`^(?:${t.source})$`);
    return { ok: true, regex, ecmaSource: t.source };
  } catch (err) {
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    return { ok: false, reason, at: 0, length: pattern.length };
  }
}
