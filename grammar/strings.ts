// String literal values (dsl.md "Lexical structure"): `"…"` understands `\\`, `\"`, `\n`,
// `\t` and keeps any other backslash sequence as written (as Python does, so regexes read
// naturally); raw `r"…"` keeps everything as written but `\"`, which is a quote.

export interface StringValue {
  value: string;
  raw: boolean;
  terminated: boolean;
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', t: '\t' };

export function stringValue(image: string): StringValue {
  const raw = image.startsWith('r');
  const body = image.slice(raw ? 2 : 1);
  const terminated = body.length > 0 && body.endsWith('"') && !endsInEscape(body.slice(0, -1));
  const inner = terminated ? body.slice(0, -1) : body;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    const next = inner[i + 1];
    if (c === '\\' && next !== undefined) {
      const escaped = raw ? (next === '"' ? '"' : undefined) : ESCAPES[next];
      out += escaped ?? c + next;
      i++;
    } else {
      out += c;
    }
  }
  return { value: out, raw, terminated };
}

/** True when the text ends in an odd number of backslashes (its last quote is escaped). */
function endsInEscape(text: string): boolean {
  let n = 0;
  while (n < text.length && text[text.length - 1 - n] === '\\') n++;
  return n % 2 === 1;
}

/**
 * Canonical source text of a string value: a backslash is doubled only where it would
 * otherwise start an escape, so `model\.layers\.\d+` prints as written.
 */
export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const next = value[i + 1];
    if (c === '\\') out += next === undefined || next in ESCAPES ? '\\\\' : '\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else out += c;
  }
  return `${out}"`;
}

/**
 * The value as a raw string `r"…"`, or null where a raw string cannot hold it (a newline, a
 * backslash before a quote, a final backslash). The formatter keeps raw strings raw.
 */
export function quoteRaw(value: string): string | null {
  if (/[\n\r]/.test(value) || value.includes('\\"') || value.endsWith('\\')) return null;
  return `r"${value.replace(/"/g, '\\"')}"`;
}
