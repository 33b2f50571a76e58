// bfloat16 and float16 <-> float32/float64 conversions, round to nearest even, bit-exact with
// PyTorch's casts (NaN stays NaN, overflow goes to inf as IEEE casts do).
//
// "bits" are the 16-bit patterns as numbers; values are JS numbers. Rounding from float64
// goes through float32 only where PyTorch does (fp32 -> bf16); `toBFloat16Bits(v)` takes a
// value that is already a float32 (callers round with Math.fround first when they model an
// fp32 intermediate).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 value -> bfloat16 bits (RNE; NaN -> quiet NaN keeping the sign). */
export function toBFloat16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  if ((bits & 0x7fffffff) > 0x7f800000) return ((bits >>> 16) | 0x0040) & 0xffff;
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}

export function fromBFloat16Bits(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0];
}

/** Round a value to the nearest bfloat16 (through float32, as PyTorch's fp32 -> bf16 cast). */
export function roundBFloat16(value: number): number {
  return fromBFloat16Bits(toBFloat16Bits(Math.fround(value)));
}

/** float64/float32 value -> float16 bits (RNE, overflow -> inf, subnormals kept). */
export function toFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  if (a === Infinity) return sign | 0x7c00;
  if (a >= 65520) return sign | 0x7c00; // halfway between max (65504) and 2^16 rounds to inf
  if (a < 2 ** -14) {
    // subnormal: units of 2^-24, round half to even
    const q = roundHalfEven(a * 2 ** 24);
    return sign | q; // q may reach 0x400 = smallest normal, which is the right encoding
  }
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp -= 1;
  if (2 ** (exp + 1) <= a) exp += 1;
  let mant = roundHalfEven((a / 2 ** exp - 1) * 1024);
  if (mant === 1024) {
    mant = 0;
    exp += 1;
  }
  if (exp > 15) return sign | 0x7c00;
  return sign | ((exp + 15) << 10) | mant;
}

export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function roundFloat16(value: number): number {
  return fromFloat16Bits(toFloat16Bits(value));
}

/** Round half to even on a non-negative number. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
