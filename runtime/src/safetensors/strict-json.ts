// A strict JSON parser for safetensors headers.
//
// JSON.parse is not enough for hostile files: it keeps the last of two duplicate keys without a
// word, accepts lone UTF-16 surrogates from \u escapes (keys no UTF-8 file can hold), and
// recurses without bound. This parser rejects all three and reports the byte-free character
// offset of the problem. Objects come back with a null prototype, so `__proto__` is just a key.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at character ${offset}`);
  }
}

const MAX_DEPTH = 64;

export function parseStrictJson(text: string): JsonValue {
  const p = new Parser(text);
  p.skipWs();
  const value = p.value(0);
  p.skipWs();
  if (p.pos !== text.length) p.fail('unexpected text after the JSON value');
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.pos);
  }

  skipWs(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.s[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected character '${c}'`);
  }

  object(depth: number): JsonObject {
    const out: JsonObject = Object.create(null) as JsonObject;
    const seen = new Set<string>();
    this.pos++; // {
    this.skipWs();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.s[this.pos] !== '"') this.fail('expected a string key');
      const keyAt = this.pos;
      const key = this.string();
      if (seen.has(key)) throw new JsonSyntaxError(`duplicate key ${JSON.stringify(key)}`, keyAt);
      seen.add(key);
      this.skipWs();
      if (this.s[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.skipWs();
      out[key] = this.value(depth + 1);
      this.skipWs();
      const sep = this.s[this.pos++];
      if (sep === '}') return out;
      if (sep !== ',') this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++; // [
    this.skipWs();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(depth + 1));
      this.skipWs();
      const sep = this.s[this.pos++];
      if (sep === ']') return out;
      if (sep !== ',') this.fail("expected ',' or ']'");
    }
  }

  number(): number {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m) this.fail('malformed number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    const s = this.s;
    this.pos++; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string');
      if (c >= 0xd800 && c <= 0xdfff) this.surrogatePair(c, s.charCodeAt(this.pos + 1));
      if (c === 0x5c) {
        out += s.slice(start, this.pos) + this.escape();
        start = this.pos;
        continue;
      }
      this.pos += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    out += s.slice(start, this.pos);
    this.pos++; // closing quote
    return out;
  }

  /** Lone surrogates cannot be encoded in UTF-8: a key holding one is not a valid name. */
  private surrogatePair(hi: number, lo: number): void {
    const ok = hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
    if (!ok) this.fail('lone UTF-16 surrogate in string (not encodable as UTF-8)');
  }

  private escape(): string {
    const e = this.s[this.pos + 1];
    this.pos += 2;
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (e !== undefined && e in simple) return simple[e];
    if (e !== 'u') return this.fail(`bad escape '\\${e ?? ''}'`);
    const hi = this.hex4();
    if (hi < 0xd800 || hi > 0xdfff) return String.fromCharCode(hi);
    if (hi > 0xdbff || this.s.slice(this.pos, this.pos + 2) !== '\\u') this.surrogatePair(hi, 0);
    this.pos += 2;
    const lo = this.hex4();
    this.surrogatePair(hi, lo);
    return String.fromCharCode(hi, lo);
  }

  private hex4(): number {
    const h = this.s.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('bad \\u escape');
    this.pos += 4;
    return parseInt(h, 16);
  }
}
