// MXTensor (torchao-semantics.md §3.11): blocks of 32 along K share an e8m0 scale chosen by
// FLOOR / CEIL / EVEN / RCEIL from the block's amax; elements are x · 2^(127 − byte) encoded
// to fp8 / fp6 / fp4 (minifloat.h, saturating); weight scales are stored swizzled in the
// cuBLAS block-scaling layout (to_blocked), activation scales row-major. Dequantization is a
// decode table: D(D(value) · D(2^(byte − 127))). The EMULATED linear multiplies the
// dequantized activation and weight in fp32 and rounds once, bias included.
#pragma once
#include "linear_wo.h"
#include "minifloat.h"
#include "reduce.h"

namespace qf::mx {

enum class Mode : int { Floor = 0, Rceil = 1, Ceil = 2, Even = 3 };

struct ElemInfo {
  float max_pos;
  int target_max_pow2, mbits;
};
template <const Mini& F> constexpr ElemInfo info() {
  if (&F == &kE4M3) return {448.0f, 8, 3};
  if (&F == &kE5M2) return {57344.0f, 15, 2};
  if (&F == &kE2M3) return {7.5f, 2, 3};
  if (&F == &kE3M2) return {28.0f, 4, 2};
  return {6.0f, 2, 1};
}

template <const Mini& F, Mode M> QF_INLINE uint8_t scale_byte(float amax) {
  constexpr ElemInfo e = info<F>();
  if (M == Mode::Rceil) {
    const float descale = amax * (1.0f / e.max_pos);
    if (!std::isfinite(descale)) return 255;
    const uint32_t bits = f32_bits(descale);
    const uint32_t biased = (bits >> 23) & 0xff;
    if (biased == 0) return descale > f32_from_bits(0x00400000u) ? 1 : 0;
    const uint32_t r = biased + ((bits & 0x7fffff) != 0 ? 1 : 0);
    return uint8_t(r > 255 ? 255 : r);
  }
  uint32_t bits = f32_bits(amax);
  if (M == Mode::Even) bits = (bits + (1u << (23 - e.mbits - 1))) & 0xff800000u;
  const uint32_t biased = (bits >> 23) & 0xff;
  if (biased == 0xff) return 255;
  int ex = int(biased) - 127;
  if (M == Mode::Ceil && (bits & 0x7fffff) != 0) ex += 1;
  int unbiased = ex - e.target_max_pow2;
  unbiased = unbiased < -127 ? -127 : (unbiased > 128 ? 128 : unbiased);
  return uint8_t(unbiased + 127);
}

/** 2^(127 − byte) as fp32 (byte 254: the subnormal 2^-127), NaN for 255. */
QF_INLINE float inverse_scale(uint8_t b) {
  if (b == 255) return NAN;
  if (b == 254) return f32_from_bits(0x00400000u);
  return f32_from_bits(uint32_t(254 - b) << 23);
}

/** Rows of the to_blocked view of R scale rows. */
inline int64_t blocked_rows(int64_t R) { return (R + 127) / 128 * 32; }

/** Offset of scale (r, c) of a [rows, cols] matrix in torchao's to_blocked layout. */
QF_INLINE int64_t blocked_offset(int64_t r, int64_t c, int64_t cols) {
  const int64_t col_tiles = (cols + 3) / 4;
  const int64_t tile = (r / 128) * col_tiles + c / 4, rt = r % 128;
  return tile * 512 + (rt % 32) * 16 + (rt / 32) * 4 + (c % 4);
}

/** Quantizes rows of x; codes one per byte (fp4 packed by the caller's Packed flag). */
template <Dt D, const Mini& F, Mode M, bool Packed, bool Swizzled> struct Quantize {
  struct Args {
    const hp_t<D>* x;
    int64_t R, K;
    uint8_t* q;      // [R, K] or [R, K/2] (fp4)
    uint8_t* scale;  // blocked or [R, K/32]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t r0, int64_t r1) {
    constexpr ElemInfo e = info<F>();
    const bool clamp = &F == &kE5M2 && M != Mode::Rceil;
    const int64_t nb = a.K / 32;
    uint8_t codes[32];
    for (int64_t r = r0; r < r1; ++r)
      for (int64_t b = 0; b < nb; ++b) {
        const hp_t<D>* x = a.x + r * a.K + b * 32;
        float amax = 0.0f;
        for (int i = 0; i < 32; ++i) {
          const float v = std::fabs(hp_load<D>(x, i));
          if (v > amax || v != v) amax = v;
        }
        const uint8_t byte = scale_byte<F, M>(amax);
        a.scale[Swizzled ? blocked_offset(r, b, nb) : r * nb + b] = byte;
        const float inv = inverse_scale(byte);
        for (int i = 0; i < 32; ++i) {
          float v = hp_load<D>(x, i) * inv;
          if (v != v) { codes[i] = uint8_t(F.nan_code); continue; }
          if (clamp) v = v > e.max_pos ? e.max_pos : (v < -e.max_pos ? -e.max_pos : v);
          codes[i] = uint8_t(mini_encode<F>(v));
        }
        if (Packed) {
          uint8_t* out = a.q + r * (a.K / 2) + b * 16;
          for (int i = 0; i < 16; ++i) out[i] = uint8_t(codes[2 * i] | (codes[2 * i + 1] << 4));
        } else {
          std::memcpy(a.q + r * a.K + b * 32, codes, 32);
        }
      }
  }
};

/** Dequantized values in D, as torchao to_dtype rounds them. */
template <Dt D, const Mini& F, bool Packed, bool Swizzled> struct Decoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  const uint8_t* q;
  const uint8_t* scale;
  int64_t K;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const float* table = mini_table<F>();
    const int64_t nb = K / 32;
    for (int64_t i = 0; i < len; ++i) {
      const int64_t k = k0 + i;
      const uint8_t byte = scale[Swizzled ? blocked_offset(n, k / 32, nb) : n * nb + k / 32];
      const uint8_t code = Packed ? uint8_t((q[n * (K / 2) + k / 2] >> ((k & 1) * 4)) & 0xF) : q[n * K + k];
      out[i] = hp_round<D>(hp_round<D>(table[code]) * hp_round<D>(e8m0_value(byte)));
    }
  }
  /** addmm in D: fp32 sum plus bias, one rounding (the engine rounds after the bias). */
  QF_INLINE float finish(int64_t, int64_t, float acc) const { return acc; }
};

}  // namespace qf::mx
