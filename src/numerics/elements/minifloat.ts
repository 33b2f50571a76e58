// Small IEEE-like float formats (float8 e4m3fn/e5m2, fp6 e2m3/e3m2, fp4 e2m1): one exact
// encoder and a decode table built from the same description.
//
// Invariant: `encode(v)` is the code of the representable value nearest to v, ties to the
// even code (round to nearest even), computed with a single rounding from the float64 value v
// — so for the float32 values PyTorch casts, the result equals PyTorch's fp32 -> fp8 cast and
// torchao's `_f32_to_floatx_unpacked`. Overflow follows the format's `overflow` rule.
// Codes are sign-magnitude: bit (ebits + mbits) is the sign.

export interface MiniFloatFormat {
  readonly name: string;
  readonly ebits: number;
  readonly mbits: number;
  readonly bias: number;
  /** Largest finite magnitude code (without the sign bit). */
  readonly maxCode: number;
  /**
   * What a magnitude rounding above `maxCode` becomes: `saturate` (max finite: fp4/fp6, and
   * e4m3fn as PyTorch >= 2.13 casts it), `inf` (IEEE, e5m2: code maxCode + 1).
   */
  readonly overflow: 'saturate' | 'inf';
  /** Code of NaN (positive); null when the format has none (fp4/fp6: NaN is not encodable). */
  readonly nanCode: number | null;
  /** Code of +inf; null when the format has none. */
  readonly infCode: number | null;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** floor(log2(a)) for a finite normal double a > 0, exactly (from the exponent bits). */
function exponentOf(a: number): number {
  f64[0] = a;
  return ((u32[1] >>> 20) & 0x7ff) - 1023;
}

/** Round a non-negative number to the nearest integer, ties to even. */
function rneInt(s: number): number {
  const f = Math.floor(s);
  const d = s - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export interface MiniFloatCodec {
  readonly format: MiniFloatFormat;
  /** value of every code, indexed by code (NaN for NaN codes). */
  readonly table: Float32Array;
  /** Code of the nearest value (RNE); NaN -> `nanCode` with the sign of v's sign flag. */
  encode(v: number, negativeNaN?: boolean): number;
  decode(code: number): number;
}

export function makeMiniFloatCodec(format: MiniFloatFormat): MiniFloatCodec {
  const { ebits, mbits, bias, maxCode, overflow, nanCode, infCode } = format;
  const signBit = 1 << (ebits + mbits);
  const minNormalExp = 1 - bias;
  const subnormalScale = 2 ** (mbits - minNormalExp);
  const implicit = 1 << mbits;
  const overflowCode = overflow === 'saturate' ? maxCode : (infCode ?? maxCode);
  const table = new Float32Array(signBit * 2);
  for (let code = 0; code < table.length; code++) table[code] = decodeByFormula(format, code);

  const minNormal = 2 ** minNormalExp;
  const dropBits = 23 - mbits;
  const halfMinusOne = (1 << (dropBits - 1)) - 1;
  const rebias = (127 - bias) << mbits;

  function encodeMagnitude(a: number): number {
    if (a === Infinity) return overflowCode;
    if (a < minNormal) return rneInt(a * subnormalScale); // may be `implicit` = min normal
    f32[0] = a;
    if (f32[0] === a) {
      // a float32 (the common case): RNE on its bits; a mantissa carry bumps the exponent
      const bits = f32Bits[0];
      const code = ((bits + halfMinusOne + ((bits >>> dropBits) & 1)) >>> dropBits) - rebias;
      return code > maxCode ? overflowCode : code;
    }
    const e = exponentOf(a);
    const q = rneInt(a * 2 ** (mbits - e)); // in [implicit, 2 * implicit]; carry bumps the exponent
    const code = ((e + bias) << mbits) + q - implicit;
    return code > maxCode ? overflowCode : code;
  }

  return {
    format,
    table,
    encode(v: number, negativeNaN = false): number {
      if (v !== v) {
        if (nanCode === null) throw new Error(`${format.name}: NaN is not encodable`);
        return negativeNaN ? nanCode | signBit : nanCode;
      }
      const negative = v < 0 || (v === 0 && 1 / v < 0);
      const m = encodeMagnitude(negative ? -v : v);
      return negative ? m | signBit : m;
    },
    decode(code: number): number {
      return table[code];
    },
  };
}

function decodeByFormula(format: MiniFloatFormat, code: number): number {
  const { ebits, mbits, bias, nanCode, infCode } = format;
  const signBit = 1 << (ebits + mbits);
  const sign = code & signBit ? -1 : 1;
  const mag = code & (signBit - 1);
  if (nanCode !== null && isNaNMagnitude(format, mag)) return NaN;
  if (infCode !== null && mag === infCode) return sign * Infinity;
  const exp = mag >>> mbits;
  const mant = mag & ((1 << mbits) - 1);
  if (exp === 0) return sign * mant * 2 ** (1 - bias - mbits);
  return sign * (1 + mant / (1 << mbits)) * 2 ** (exp - bias);
}

/** e4m3fn: only S.1111.111 is NaN; e5m2 (IEEE): every all-ones exponent with mantissa != 0. */
function isNaNMagnitude(format: MiniFloatFormat, mag: number): boolean {
  if (format.infCode !== null) {
    const expAllOnes = (mag >>> format.mbits) === (1 << format.ebits) - 1;
    return expAllOnes && (mag & ((1 << format.mbits) - 1)) !== 0;
  }
  return mag === format.nanCode;
}
