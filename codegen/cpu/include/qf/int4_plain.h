// Int4Tensor "plain" (torchao-semantics.md §3.6.1, §3.7): mslk's int4_row_quantize_zp
// (asymmetric, zero point = min + 8·scale) or int4_row_quantize (symmetric, amax/8), groups of
// G along K (the symmetric helper allows a short last group), values stored as two's-complement
// nibbles with the even element in the low nibble, scale and zero transposed to [groups, N]
// in dtype D. All qparam arithmetic is fp32.
#pragma once
#include "linear_wo.h"
#include "reduce.h"

namespace qf::int4 {

template <Dt D, int G, bool Sym> struct QuantizeWeight {
  struct Args {
    const hp_t<D>* w;
    int64_t N, K;
    int8_t* q;         // [N, K/2]
    hp_t<D>* scale;    // [groups, N]
    hp_t<D>* zero;     // [groups, N]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    const int64_t groups = (a.K + G - 1) / G;
    alignas(64) int8_t s[G];
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t g = 0; g < groups; ++g) {
        const int64_t k0 = g * G, len = a.K - k0 < G ? a.K - k0 : G;
        const hp_t<D>* x = a.w + n * a.K + k0;
        const MinMax mm = block_minmax<D>(x, len);
        float scale, zero;
        if (Sym) {
          const float amax = std::fabs(mm.mn) > std::fabs(mm.mx) ? std::fabs(mm.mn) : std::fabs(mm.mx);
          scale = (amax < 1e-6f ? 1e-6f : amax) / 8.0f;
          zero = 0.0f;
          for (int64_t i = 0; i < len; ++i) s[i] = int8_t(clampf(rne(hp_load<D>(x, i) / scale), -8.0f, 7.0f));
        } else {
          const float range = mm.mx - mm.mn;
          scale = (range < 1e-6f ? 1e-6f : range) / 15.0f;
          zero = mm.mn + scale * 8.0f;
          for (int64_t i = 0; i < len; ++i)
            s[i] = int8_t(clampf(rne((hp_load<D>(x, i) - mm.mn) / scale), 0.0f, 15.0f) - 8.0f);
        }
        a.scale[g * a.N + n] = hp_encode<D>(scale);
        a.zero[g * a.N + n] = hp_encode<D>(zero);
        uint8_t* out = reinterpret_cast<uint8_t*>(a.q + n * (a.K / 2) + k0 / 2);
        for (int64_t i = 0; i < len / 2; ++i) out[i] = uint8_t((s[2 * i] & 0xF) | (s[2 * i + 1] << 4));
      }
  }
};

/** Decodes w = s·scale + zero in fp32 (one rounding to D for dequantize()). */
template <Dt D, int G> struct Decoder {
  const uint8_t* q;
  const hp_t<D>* scale;
  const hp_t<D>* zero;
  int64_t N, K;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const uint8_t* src = q + n * (K / 2) + k0 / 2;
    for (int64_t i = 0; i < len; i += 2) {
      const uint8_t b = src[i / 2];
      const int64_t g = (k0 + i) / G;
      const float sc = hp_load<D>(scale, g * N + n), z = hp_load<D>(zero, g * N + n);
      out[i] = float(int8_t(uint8_t(b << 4)) >> 4) * sc + z;
      out[i + 1] = float(int8_t(b) >> 4) * sc + z;
    }
  }
  QF_INLINE float finish(int64_t, int64_t, float acc) const { return hp_round<D>(acc); }
  QF_INLINE void dequant(int64_t n, int64_t k0, int64_t len, float* out) const {
    decode(n, k0, len, out);
    for (int64_t i = 0; i < len; ++i) out[i] = hp_round<D>(out[i]);
  }
};

}  // namespace qf::int4
