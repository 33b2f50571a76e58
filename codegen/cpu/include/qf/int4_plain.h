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
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
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

#include "int4_simd.h"
#include "int4_tile.h"

namespace qf::int4 {

/** Weight-only linear: hand-written rows (int4_simd.h) when the ISA and group size allow. */
template <Dt D, int G, int Tokens> struct Linear {
  struct Args {
    Decoder<D, G> dec;
    const float* x;     // [M, K] fp32, natural order (generic path)
    const float* xp;    // [M, K] permuted for the chosen ISA (fast path), or null
    const float* xsum;  // [M, K/G]
    const uint16_t* xpb;  // [M, K] bf16 bits permuted for the AVX512-BF16 rows, or null
    int64_t M, K, N;
    const hp_t<D>* bias;
    hp_t<D>* y;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    if constexpr (I == Isa::Scalar || G % 16 != 0 || (I == Isa::Avx512 && G % 32 != 0)) {
      generic(a, n0, n1);
    } else {
      if (a.xp == nullptr) return generic(a, n0, n1);
      const int64_t groups = a.K / G, rows = n1 - n0;
      // scale/zero are stored [groups, N]: transpose this block's columns once, reading
      // contiguously (a per-row gather would touch one cache line per group per row)
      std::vector<float> block(size_t(2 * groups * rows));
      for (int64_t g = 0; g < groups; ++g)
        for (int64_t n = n0; n < n1; ++n) {
          block[size_t((n - n0) * 2 * groups + g)] = hp_load<D>(a.dec.scale, g * a.N + n);
          block[size_t((n - n0) * 2 * groups + groups + g)] = hp_load<D>(a.dec.zero, g * a.N + n);
        }
      if constexpr (I == Isa::Avx512 && G % 64 == 0) {
        if (a.xpb && a.M > 1) return tiled(a, n0, n1, block.data());
        if (a.xpb && a.K * int64_t(sizeof(uint16_t)) > avx512::kXInL1Bytes) return side_by_side(a, n0, n1, block.data());
      }
      float out[Tokens];
      for (int64_t n = n0; n < n1; ++n) {
        const float* sz = block.data() + (n - n0) * 2 * groups;
        const float b = a.bias ? hp_load<D>(a.bias, n) : 0.0f;
        for (int64_t m0 = 0; m0 < a.M; m0 += Tokens) {
          const int64_t mt = a.M - m0 < Tokens ? a.M - m0 : Tokens;
          RowArgs r{a.dec.q + n * (a.K / 2), a.xp + m0 * a.K, a.xsum + m0 * groups, a.K, groups, sz, sz + groups};
          with_tokens<Tokens>(mt, [&](auto T) {
            constexpr int TT = decltype(T)::value;
            if constexpr (I == Isa::Avx512 && G % 64 == 0) {
              if (a.xpb) {
                row_avx512_bf16<G, TT>(r.q, a.xpb + m0 * a.K, r.xsum, a.K, groups, r.scale, r.zero, out);
                return;
              }
            }
            if constexpr (I == Isa::Avx512) row_avx512<G, TT>(r, out);
            else row_avx2<G, TT>(r, out);
          });
          for (int64_t m = 0; m < mt; ++m) {
            float v = hp_round<D>(out[m]);
            if (a.bias) v = v + b;
            a.y[(m0 + m) * a.N + n] = hp_encode<D>(v);
          }
        }
      }
    }
  }
  /** M = 1 on AVX512-BF16: kSideRows rows at a time against the one token (int4_simd.h). */
  QF_TARGET_AVX512 QF_EXACT static void side_by_side(const Args& a, int64_t n0, int64_t n1, const float* block) {
    const int64_t groups = a.K / G;
    float out[kSideRows];
    for (int64_t n = n0; n < n1;) {
      const int64_t rows = n1 - n >= kSideRows ? kSideRows : 1;
      const uint8_t* q = a.dec.q + n * (a.K / 2);
      const float* sz = block + (n - n0) * 2 * groups;
      if (rows == kSideRows) rows_avx512_bf16<G, kSideRows>(q, sz, a.xpb, a.xsum, a.K, groups, out);
      else row_avx512_bf16<G, 1>(q, a.xpb, a.xsum, a.K, groups, sz, sz + groups, out);
      for (int64_t r = 0; r < rows; ++r) {
        float v = hp_round<D>(out[r]);
        if (a.bias) v = v + hp_load<D>(a.bias, n + r);
        a.y[n + r] = hp_encode<D>(v);
      }
      n += rows;
    }
  }
  /** M > 1 on AVX512-BF16: groups of tile_rows<G>() rows against blocks of tokens (int4_tile.h). */
  QF_TARGET_AVX512 QF_EXACT static void tiled(const Args& a, int64_t n0, int64_t n1, const float* block) {
    constexpr int R = tile_rows<G>();
    const int64_t groups = a.K / G;
    float out[R * kBlockTokens];
    for (int64_t n = n0; n < n1;) {
      const int64_t rows = n1 - n >= R ? R : 1;
      const float* sz = block + (n - n0) * 2 * groups;
      for (int64_t m0 = 0; m0 < a.M; m0 += kBlockTokens) {
        const int64_t mt = a.M - m0 < kBlockTokens ? a.M - m0 : kBlockTokens;
        const uint8_t* q = a.dec.q + n * (a.K / 2);
        const uint16_t* xp = a.xpb + m0 * a.K;
        if (rows == R) tile_avx512_bf16<G, R>(q, sz, xp, a.xsum + m0 * groups, a.K, groups, mt, out);
        else tile_avx512_bf16<G, 1>(q, sz, xp, a.xsum + m0 * groups, a.K, groups, mt, out);
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t m = 0; m < mt; ++m) {
            float v = hp_round<D>(out[r * mt + m]);
            if (a.bias) v = v + hp_load<D>(a.bias, n + r);
            a.y[(m0 + m) * a.N + n + r] = hp_encode<D>(v);
          }
      }
      n += rows;
    }
  }
  static QF_INLINE void generic(const Args& a, int64_t n0, int64_t n1) {
    typename LinearWO<Decoder<D, G>, D, Tokens>::Args g{a.dec, a.x, a.M, a.K, a.N, a.bias, a.y};
    LinearWO<Decoder<D, G>, D, Tokens>::template rows<Isa::Scalar>(g, n0, n1);
  }
};

}  // namespace qf::int4
