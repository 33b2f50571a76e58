// Python's `json.dumps(value)` with its defaults, which is how torchao writes the metadata
// strings of its safetensors files (torchao/prototype/safetensors/safetensors_utils.py):
// separators ", " and ": ", non-ASCII escaped (ensure_ascii), keys in insertion order, and
// floats in Python's repr (`4.0`, `1e-06`). JavaScript numbers cannot tell 4 from 4.0, so a
// Python float is written as `pyFloat(4)`; a bare number is an int.
//
// Invariant: `pyJsonDumps(v)` equals Python's json.dumps of the value `v` stands for, byte
// for byte, and `JSON.parse` of it gives `v` back with PyFloat markers replaced by numbers.

export interface PyFloat {
  readonly pyFloat: number;
}

export type PyJson = null | boolean | number | string | PyFloat | PyJson[] | { [key: string]: PyJson };

export const pyFloat = (v: number): PyFloat => ({ pyFloat: v });

export function isPyFloat(v: unknown): v is PyFloat {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && 'pyFloat' in v;
}

export function pyJsonDumps(v: PyJson): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`${v} is not an int; mark Python floats with pyFloat()`);
    return String(v);
  }
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  if (isPyFloat(v)) return pyFloatRepr(v.pyFloat);
  return `{${Object.entries(v)
    .map(([k, x]) => `${pyString(k)}: ${pyJsonDumps(x)}`)
    .join(', ')}}`;
}

/** Python's float repr: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${int}.${frac || '0'}`;
}

/** A JSON string as Python writes it with ensure_ascii: \uXXXX for everything past 0x7e. */
function pyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
