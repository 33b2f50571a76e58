// Int8 dynamic-activation linear (torchao-semantics.md §3.2): integer dot products of the
// quantized activation and weight, then the elementwise epilogue of _int_scaled_matmul with
// its two roundings to D. Exact: the integer sums are order independent.
#pragma once
#include "int8.h"
#include "int8_vnni.h"

namespace qf::int8 {

/** sum x[i]*w[i] in int32, with independent lanes (vpmaddwd / vpdpbusd friendly). */
QF_INLINE int32_t idot(const int8_t* __restrict x, const int8_t* __restrict w, int64_t len) {
  constexpr int L = 32;
  int32_t s[L] = {};
  int64_t i = 0;
  for (; i + L <= len; i += L)
    for (int j = 0; j < L; ++j) s[j] += int32_t(x[i + j]) * int32_t(w[i + j]);
  int32_t t = 0;
  for (; i < len; ++i) t += int32_t(x[i]) * int32_t(w[i]);
  for (int j = 0; j < L; ++j) t += s[j];
  return t;
}

QF_INLINE int32_t isum(const int8_t* __restrict w, int64_t len) {
  int32_t s[32] = {};
  int64_t i = 0;
  for (; i + 32 <= len; i += 32)
    for (int j = 0; j < 32; ++j) s[j] += int32_t(w[i + j]);
  int32_t t = 0;
  for (; i < len; ++i) t += w[i];
  for (int j = 0; j < 32; ++j) t += s[j];
  return t;
}

template <Dt D, bool ActPerTensor, bool WPerTensor, bool Asym, int Tokens> struct DynamicLinear {
  struct Args {
    const int8_t* xq;  // [M, K]
    const uint8_t* xu; // [M, K] xq + 128 for the VNNI rows (AVX-512 only), else null
    const float* sx;   // [M] or [1]
    const int8_t* zx;  // [M] or [1]
    const int8_t* wq;  // [N, K]
    const float* sw;   // [N] or [1]
    int64_t M, K, N;
    const hp_t<D>* bias;
    hp_t<D>* y;
    int32_t xsum = 0;  // Σ xq[0, :] for M = 1 on AVX-512
  };
  /** The epilogue of _int_scaled_matmul for output (m, n) from the exact integer dot. */
  static QF_INLINE void store(const Args& a, int64_t n, int64_t m, int32_t acc, float rowsum) {
    const int64_t t = ActPerTensor ? 0 : m;
    float y1 = hp_round<D>(float(acc) * a.sx[t]);
    if (Asym) y1 = hp_round<D>(y1 - hp_round<D>((float(a.zx[t]) * a.sx[t]) * rowsum));
    float v = y1 * a.sw[WPerTensor ? 0 : n];
    if (a.bias) v = v + hp_load<D>(a.bias, n);
    a.y[m * a.N + n] = hp_encode<D>(v);
  }
  /** M > 1 with VNNI: 4 rows × 4 tokens per register tile (vnni_tile). */
  QF_TARGET_AVX512 QF_EXACT static void tiled(const Args& a, int64_t n0, int64_t n1) {
    constexpr int R = 4, T = 4;
    int32_t dots[R * T], wsum[R];
    for (int64_t n = n0; n < n1;) {
      const int64_t rows = n1 - n >= R ? R : 1;
      const int8_t* w = a.wq + n * a.K;
      for (int64_t r = 0; r < rows; ++r) wsum[r] = vnni_rowsum(w + r * a.K, a.K);
      for (int64_t m0 = 0; m0 < a.M; m0 += T) {
        const int64_t mt = a.M - m0 < T ? a.M - m0 : T;
        with_tokens<T>(mt, [&](auto TT) {
          constexpr int Tk = decltype(TT)::value;
          if (rows == R) vnni_tile<R, Tk, T>(w, a.xu + m0 * a.K, a.K, wsum, dots);
          else vnni_tile<1, Tk, T>(w, a.xu + m0 * a.K, a.K, wsum, dots);
        });
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t m = 0; m < mt; ++m) store(a, n + r, m0 + m, dots[r * T + m], float(wsum[r]));
      }
      n += rows;
    }
  }
  /**
   * M = 1, symmetric x, VNNI: one row at a time with the bias on the weight side (one vpdpbusd
   * per 64 weights, vnni_row_wbias); asymmetric x needs each row's sum for its zero point and
   * takes the token loop below.
   */
  QF_TARGET_AVX512 QF_EXACT static void one_token(const Args& a, int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) store(a, n, 0, vnni_row_wbias(a.wq + n * a.K, a.xq, a.K, a.xsum), 0.0f);
  }
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    if constexpr (I == Isa::Avx512) {
      if (a.M > 1) return tiled(a, n0, n1);
      if (!Asym && a.M == 1) return one_token(a, n0, n1);
    }
    int32_t dots[Tokens];
    for (int64_t n = n0; n < n1; ++n) {
      const int8_t* w = a.wq + n * a.K;
      const float rowsum = Asym ? float(isum(w, a.K)) : 0.0f;
      const float sw = a.sw[WPerTensor ? 0 : n];
      const float b = a.bias ? hp_load<D>(a.bias, n) : 0.0f;
      for (int64_t m = 0; m < a.M; ++m) {
        const int64_t t = ActPerTensor ? 0 : m;
        int32_t acc;
        if constexpr (I == Isa::Avx512) {
          if (m % Tokens == 0) {  // one pass of the weight row per token tile
            const int64_t mt = a.M - m < Tokens ? a.M - m : Tokens;
            with_tokens<Tokens>(mt, [&](auto T) { vnni_row<decltype(T)::value>(w, a.xu + m * a.K, a.K, dots); });
          }
          acc = dots[m % Tokens];
        } else {
          acc = idot(a.xq + m * a.K, w, a.K);
        }
        float y1 = hp_round<D>(float(acc) * a.sx[t]);
        if (Asym) y1 = hp_round<D>(y1 - hp_round<D>((float(a.zx[t]) * a.sx[t]) * rowsum));
        float v = y1 * sw;
        if (a.bias) v = v + b;
        a.y[m * a.N + n] = hp_encode<D>(v);
      }
    }
  }
};

}  // namespace qf::int8
