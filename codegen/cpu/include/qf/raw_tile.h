// Weight-only linear rows for several tokens at once (M > 1), AVX512-BF16, for one-byte weight
// elements with at most a per-row scale (int8, e4m3, e5m2: every value is exact in bf16). A
// chunk of R rows × 32·C elements is decoded ONCE into bf16 registers and meets every token of
// a block (kBlockTokens) with vdpbf16ps; each (row, token) sum lives in a small L1 buffer
// between chunks. bf16 x, exact products, fp32 sums (as the M = 1 FMA rows, other order).
#pragma once
#include <immintrin.h>

#include "simd_avx512.h"

namespace qf::avx512 {

constexpr int kRawBlockTokens = 32;

/** 32 weight elements at p as bf16, natural order (exact: one-byte formats fit bf16). */
QF_A512 __m512i decode32_bf16(const uint8_t* p, Elem e) {
  return (__m512i)_mm512_cvtne2ps_pbh(decode16(p + 16, e), decode16(p, e));
}

/** acc[r][t] += Σ over Cn pieces of 32 elements from k of x[t]·w[r] (Cn ≤ C, compile time). */
template <int R, int Cn>
QF_A512 void raw_chunk(const uint8_t* w, int64_t K, Elem e, const uint16_t* xb, int64_t M, int64_t k,
                       __m512 (*acc)[kRawBlockTokens]) {
  __m512i wv[R][Cn];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < Cn; ++c) wv[r][c] = decode32_bf16(w + r * K + k + 32 * c, e);
  for (int64_t t = 0; t < M; ++t) {
    __m512 a[R];
    for (int r = 0; r < R; ++r) a[r] = acc[r][t];
    for (int c = 0; c < Cn; ++c) {
      const __m512bh xv = (__m512bh)_mm512_loadu_si512(xb + t * K + k + 32 * c);
      for (int r = 0; r < R; ++r) a[r] = _mm512_dpbf16_ps(a[r], (__m512bh)wv[r][c], xv);
    }
    for (int r = 0; r < R; ++r) acc[r][t] = a[r];
  }
}

/**
 * out[r·M + t] = Σ_k x[t][k]·elem(w[r][k]) for R rows (w: row 0, rows K apart), M ≤
 * kRawBlockTokens tokens of bf16 x (rows K apart); K % 32 == 0.
 */
template <int R>
QF_TARGET_AVX512 void raw_tile_bf16(const uint8_t* w, int64_t K, Elem e, const uint16_t* xb, int64_t M, float* out) {
  constexpr int C = 16 / R;  // 16 weight registers per chunk
  __m512 acc[R][kRawBlockTokens];
  for (int r = 0; r < R; ++r)
    for (int64_t t = 0; t < M; ++t) acc[r][t] = _mm512_setzero_ps();
  int64_t k = 0;
  for (; k + 32 * C <= K; k += 32 * C) raw_chunk<R, C>(w, K, e, xb, M, k, acc);
  for (; k + 32 <= K; k += 32) raw_chunk<R, 1>(w, K, e, xb, M, k, acc);
  for (int r = 0; r < R; ++r)
    for (int64_t t = 0; t < M; ++t) out[r * M + t] = _mm512_reduce_add_ps(acc[r][t]);
}

}  // namespace qf::avx512
