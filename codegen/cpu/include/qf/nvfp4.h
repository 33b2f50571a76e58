// NVFP4Tensor weights (torchao-semantics.md §3.12): fp4 e2m1 elements in blocks of 16 along
// K, an e4m3 block scale clamped to [2^-6, 448] (relative to the per-tensor scale
// P = amax/2688 when there is one), elements x · fp32(1/s) (or ((1/P)/s)) clamped to ±6, even
// element in the low nibble, block scales swizzled (to_blocked). Dequantize: fp4 · (P · s) in
// fp32, rounded to D (a table decode of code and scale byte).
#pragma once
#include <cstring>

#include "int8.h"
#include "minifloat.h"
#include "mx.h"

namespace qf::nvfp4 {

template <Dt D> struct Quantize {
  struct Args {
    const hp_t<D>* x;
    int64_t R, K;
    float p;  // per-tensor scale, NaN-free; ignored unless has_p
    bool has_p;
    uint8_t* q;      // [R, K/2]
    uint8_t* scale;  // blocked [R, K/16]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t r0, int64_t r1) {
    const int64_t nb = a.K / 16;
    const float inv_p = a.has_p ? 1.0f / a.p : 1.0f;
    const float* e4m3 = mini_table<kE4M3>();
    uint8_t codes[16];
    for (int64_t r = r0; r < r1; ++r)
      for (int64_t b = 0; b < nb; ++b) {
        const hp_t<D>* x = a.x + r * a.K + b * 16;
        float amax = 0.0f;
        for (int i = 0; i < 16; ++i) {
          const float v = std::fabs(hp_load<D>(x, i));
          if (v > amax || v != v) amax = v;
        }
        const float bs = amax / 6.0f;
        const float rel = a.has_p ? bs / a.p : bs;
        const float clamped = rel != rel ? rel : (rel < 0.015625f ? 0.015625f : (rel > 448.0f ? 448.0f : rel));
        const uint8_t s8 = uint8_t(mini_encode<kE4M3>(clamped));
        a.scale[mx::blocked_offset(r, b, nb)] = s8;
        const float s = e4m3[s8];
        const float mult = a.has_p ? inv_p / s : 1.0f / s;
        for (int i = 0; i < 16; ++i) {
          const float v = hp_load<D>(x, i) * mult;
          codes[i] = v != v ? uint8_t(kE2M1.max_code) : uint8_t(mini_encode<kE2M1>(v < -6.0f ? -6.0f : (v > 6.0f ? 6.0f : v)));
        }
        uint8_t* out = a.q + r * (a.K / 2) + b * 8;
        for (int i = 0; i < 8; ++i) out[i] = uint8_t(codes[2 * i] | (codes[2 * i + 1] << 4));
      }
  }
};

template <Dt D> struct Decoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  const uint8_t* q;
  const uint8_t* scale;  // blocked
  float p;
  bool has_p;
  int64_t K;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const float* fp4 = mini_table<kE2M1>();
    const float* e4m3 = mini_table<kE4M3>();
    const int64_t nb = K / 16;
    for (int64_t i = 0; i < len; ++i) {
      const int64_t k = k0 + i;
      const float s = e4m3[scale[mx::blocked_offset(n, k / 16, nb)]];
      const uint8_t code = uint8_t((q[n * (K / 2) + k / 2] >> ((k & 1) * 4)) & 0xF);
      out[i] = hp_round<D>(fp4[code] * (has_p ? p * s : s));
    }
  }
  QF_INLINE float finish(int64_t, int64_t, float acc) const { return hp_round<D>(acc); }
};

}  // namespace qf::nvfp4
