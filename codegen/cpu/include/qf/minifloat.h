// Low-precision float element codecs: float8 (e4m3fn, e5m2), fp6 (e2m3, e3m2), fp4 (e2m1),
// e8m0 scales. Encoders round to nearest even with subnormals, by integer arithmetic on the
// fp32 bits (exactly PyTorch's c10 casts and torchao's _f32_to_floatx_unpacked); decoders are
// tables built once, which is what "table-driven dequantization" means in the kernels.
#pragma once
#include "base.h"

namespace qf {

/** A minifloat element: E exponent bits, M mantissa bits, bias, and how it overflows. */
struct Mini {
  int ebits, mbits, bias;
  uint32_t max_code;  // largest finite magnitude code (sign bit excluded)
  uint32_t nan_code;  // magnitude code written for NaN input
  bool saturate;      // clamp overflow to max_code (no inf) instead of rounding into inf
};

constexpr Mini kE4M3{4, 3, 7, 0x7e, 0x7f, true};    // max 448, NaN 0x7f
constexpr Mini kE5M2{5, 2, 15, 0x7b, 0x7f, false};  // max 57344, inf 0x7c
constexpr Mini kE2M3{2, 3, 1, 0x1f, 0x1f, true};    // fp6, max 7.5
constexpr Mini kE3M2{3, 2, 3, 0x1f, 0x1f, true};    // fp6, max 28
constexpr Mini kE2M1{2, 1, 1, 0x7, 0x7, true};      // fp4, max 6

/** Encode an fp32 value: RNE, subnormals, sign kept on zero. Returns sign | magnitude. */
template <const Mini& F> QF_INLINE uint32_t mini_encode(float v) {
  constexpr uint32_t sign_bit = 1u << (F.ebits + F.mbits);
  const uint32_t bits = f32_bits(v);
  const uint32_t sign = (bits >> 31) ? sign_bit : 0u;
  uint32_t a = bits & 0x7fffffffu;
  if (a > 0x7f800000u) return sign | F.nan_code;
  constexpr int emin = 1 - F.bias;                       // exponent of the smallest normal
  constexpr uint32_t normal_min = uint32_t(127 + emin) << 23;
  uint32_t code;
  if (a >= normal_min) {
    constexpr int shift = 23 - F.mbits;
    a += ((a >> shift) & 1u) + ((1u << (shift - 1)) - 1u);  // RNE on the dropped bits
    uint64_t c = (uint64_t(a) - (uint64_t(127 - F.bias) << 23)) >> shift;
    code = c > 0xffffu ? 0xffffu : uint32_t(c);
  } else {
    // Adding 2^(emin - M + 23) aligns the value so that the sum's ulp is one subnormal step;
    // the FPU's own RNE then rounds, and the low bits are the code.
    const float magic = f32_from_bits(uint32_t(127 + emin - F.mbits + 23) << 23);
    code = f32_bits(f32_from_bits(a) + magic) - f32_bits(magic);
  }
  if (F.saturate) {
    if (code > F.max_code) code = F.max_code;
  } else if (code > F.max_code) {
    code = uint32_t(((1u << F.ebits) - 1u) << F.mbits);  // inf
  }
  return sign | code;
}

/** Decode a code to fp32 (exact). */
template <const Mini& F> inline float mini_decode_slow(uint32_t c) {
  const uint32_t mmask = (1u << F.mbits) - 1u, emask = (1u << F.ebits) - 1u;
  const bool neg = (c >> (F.ebits + F.mbits)) & 1u;
  const uint32_t e = (c >> F.mbits) & emask, m = c & mmask;
  float v;
  if (&F == &kE4M3 && e == emask && m == mmask) v = NAN;
  else if (&F == &kE5M2 && e == emask) v = m ? NAN : INFINITY;
  else if (e == 0) v = std::ldexp(float(m), 1 - F.bias - F.mbits);
  else v = std::ldexp(float(m | (1u << F.mbits)), int(e) - F.bias - F.mbits);
  return neg ? -v : v;
}

template <const Mini& F> struct MiniTable {
  float v[1u << (1 + F.ebits + F.mbits)];
  MiniTable() { for (uint32_t c = 0; c < (1u << (1 + F.ebits + F.mbits)); ++c) v[c] = mini_decode_slow<F>(c); }
};
template <const Mini& F> inline const float* mini_table() {
  static const MiniTable<F> t;
  return t.v;
}

/** e8m0 scale byte -> 2^(b - 127) as fp32 (b = 0 gives the subnormal 2^-127), 255 -> NaN. */
QF_INLINE float e8m0_value(uint8_t b) {
  if (b == 255) return NAN;
  if (b == 0) return f32_from_bits(0x00400000u);
  return f32_from_bits(uint32_t(b) << 23);
}

}  // namespace qf
