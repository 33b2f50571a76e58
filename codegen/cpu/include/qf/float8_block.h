// Float8Tensor with 2-D block scales (granularity PerBlock [BR, BC]; torchao-semantics.md
// §2.7, §3.4: the blockwise config quantizes activations per 1x128 block and weights per
// 128x128 block). One fp32 scale per block, scale = D(amax(block) / max) (the amax clamped to
// [lb, ub] and rounded to D first when bounds are given), q = fp8(clamp(fp32(x) / scale, ±max));
// scales row-major [rows/BR, cols/BC].
//
// The blockwise linear (a triton kernel in torchao) quantizes x per 1xBC block and sums, over
// the K blocks, dot(xq, wq) · sa[m, kb] · sw[n/BR, kb] in fp32; the sum is rounded to D and
// the bias added after, as a separate op in D.
#pragma once
#include "dots.h"
#include "float8.h"

namespace qf::float8::blocks {

/** Quantizes [R, C] in blocks of [BR, BC]; a task is a range of block rows. */
template <Dt D, const Mini& F, int BR, int BC> struct Quantize {
  struct Args {
    const hp_t<D>* x;
    int64_t R, C;
    float lb, ub;  // amax bounds, NaN = none
    uint8_t* q;
    float* scale;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t b0, int64_t b1) {
    const int64_t nbc = a.C / BC;
    for (int64_t br = b0; br < b1; ++br)
      for (int64_t bc = 0; bc < nbc; ++bc) {
        const hp_t<D>* x = a.x + br * BR * a.C + bc * BC;
        float amax = 0.0f;
        for (int64_t r = 0; r < BR; ++r) {
          const float m = block_amax<D>(x + r * a.C, BC);
          if (m > amax || m != m) amax = m;
        }
        if (!std::isnan(a.lb) && amax < a.lb) amax = a.lb;
        if (!std::isnan(a.ub) && amax > a.ub) amax = a.ub;
        const float s = scale_of<D, F>(hp_round<D>(amax));
        a.scale[br * nbc + bc] = s;
        for (int64_t r = 0; r < BR; ++r) quantize_block<D, F>(x + r * a.C, BC, s, a.q + (br * BR + r) * a.C + bc * BC);
      }
  }
};

/** Weight decoder: D(fp32(q) · scale of the (n/BR, k/BC) block), for dequantize and F.linear. */
template <Dt D, const Mini& F, int BR, int BC> struct Decoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  const uint8_t* q;
  const float* scale;
  int64_t K;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const float* table = mini_table<F>();
    const uint8_t* src = q + n * K + k0;
    const float* s = scale + (n / BR) * (K / BC);
    for (int64_t i = 0; i < len; ++i) out[i] = hp_round<D>(table[src[i]] * s[(k0 + i) / BC]);
  }
  QF_INLINE float finish(int64_t, int64_t, float acc) const { return hp_round<D>(acc); }
};

/** fp32(q) of n fp8 bytes: the SIMD decoders of simd_avx*.h where the ISA has them. */
template <const Mini& F> QF_TARGET_AVX512 void decode_raw_avx512(const uint8_t* src, int n, float* out) {
  int i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, avx512::decode16(src + i, elem_of<F>()));
  for (; i < n; ++i) out[i] = mini_table<F>()[src[i]];
}
template <const Mini& F> QF_TARGET_AVX2 void decode_raw_avx2(const uint8_t* src, int n, float* out) {
  int i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, avx2::decode8(src + i, elem_of<F>()));
  for (; i < n; ++i) out[i] = mini_table<F>()[src[i]];
}
template <Isa I, const Mini& F> QF_INLINE void decode_raw(const uint8_t* src, int n, float* out) {
  if constexpr (I == Isa::Avx512) return decode_raw_avx512<F>(src, n, out);
  if constexpr (I == Isa::Avx2) return decode_raw_avx2<F>(src, n, out);
  const float* table = mini_table<F>();
  for (int i = 0; i < n; ++i) out[i] = table[src[i]];
}

/**
 * The blockwise GEMM over raw fp8 values: x decoded to fp32 once, W one K block at a time.
 * Each block's dot products (dots.h, a tile of tokens at once) are scaled by sa·sw and summed
 * over the blocks in fp32 (the summation order differs from the triton kernel's, within the
 * GEMM tolerance).
 */
template <Dt D, const Mini& W, int BR, int BC, int Tokens> struct Linear {
  struct Args {
    const uint8_t* wq;  // [N, K]
    const float* sw;    // [N/BR, K/BC]
    const float* xf;    // [M, K] fp32 values of the quantized activation
    const float* sa;    // [M, K/BC]
    int64_t M, K, N;
    const hp_t<D>* bias;  // [N] or null
    hp_t<D>* y;           // [M, N]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    alignas(64) float w[BC];
    const int64_t nkb = a.K / BC;
    for (int64_t n = n0; n < n1; ++n) {
      const uint8_t* src = a.wq + n * a.K;
      const float* sw = a.sw + (n / BR) * nkb;
      for (int64_t m0 = 0; m0 < a.M; m0 += Tokens) {
        const int64_t mt = a.M - m0 < Tokens ? a.M - m0 : Tokens;
        float acc[Tokens] = {}, d[Tokens];
        for (int64_t kb = 0; kb < nkb; ++kb) {
          decode_raw<I, W>(src + kb * BC, BC, w);
          const float* x = a.xf + m0 * a.K + kb * BC;
          if (mt == Tokens) dots<I, Tokens>(x, a.K, w, BC, d);
          else dots_all<I>(x, a.K, w, BC, mt, d);
          for (int64_t m = 0; m < mt; ++m) acc[m] += (d[m] * a.sa[(m0 + m) * nkb + kb]) * sw[kb];
        }
        for (int64_t m = 0; m < mt; ++m) {
          float v = hp_round<D>(acc[m]);
          if (a.bias) v = v + hp_load<D>(a.bias, n);
          a.y[(m0 + m) * a.N + n] = hp_encode<D>(v);
        }
      }
    }
  }
};

}  // namespace qf::float8::blocks
