// Int4 plain weight-only linear for several tokens at once (M > 1), AVX512-BF16. The M = 1
// rows of int4_simd.h decode every weight group once per token tile; here a group of R rows
// is decoded ONCE into registers (u as bf16, as in row_avx512_bf16) and meets every token of
// a block of up to kBlockTokens tokens, whose x (bf16, permuted) stays in L1/L2. Per group
// and token the R partial sums Σ x·u are scaled into fp32 accumulators kept in a small
// L1-resident buffer; the zero term Σ_g (zero − 8·scale)·Σx is added once per row at the end.
// Same products (exact) and fp32 sums as the M = 1 rows, in a different order (tolerance).
#pragma once
#include <immintrin.h>

#include "dispatch.h"
#include "int4_simd.h"

namespace qf::int4 {

/** Tokens per pass: their x block (kBlockTokens × K bf16) is what each weight group meets. */
constexpr int kBlockTokens = 32;

/** Weight rows decoded together: R·G/32 registers of weights (16 for every G ≤ 512). */
template <int G> constexpr int tile_rows() { return G >= 512 ? 1 : 512 / G > 8 ? 8 : 512 / G; }

/**
 * out[r·M + t] = Σ_k x[t][k]·w[r][k] for R rows (q: row 0's bytes, rows K/2 apart; sz: per row
 * 2·groups floats, the scales then the zeros) and M ≤ kBlockTokens tokens.
 */
template <int G, int R>
QF_TARGET_AVX512 void tile_avx512_bf16(const uint8_t* q, const float* sz, const uint16_t* xp, const float* xsum,
                                       int64_t K, int64_t groups, int64_t M, float* out) {
  static_assert(G % 64 == 0, "bf16 int4 tile needs groups of 64k");
  constexpr int C = G / 64;
  alignas(64) static const uint16_t kTable[32] = {0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0,
                                                  0x4100, 0x4110, 0x4120, 0x4130, 0x4140, 0x4150, 0x4160, 0x4170};
  const __m512i table = _mm512_load_si512(kTable);
  const __m256i flip = _mm256_set1_epi8(char(0x88));
  const __m512i low = _mm512_set1_epi16(0xF);
  __m512 ybuf[R][kBlockTokens];
  for (int r = 0; r < R; ++r)
    for (int64_t t = 0; t < M; ++t) ybuf[r][t] = _mm512_setzero_ps();
  for (int64_t g = 0; g < groups; ++g) {
    __m512i wlo[R][C], whi[R][C];
    __m512 s[R];
    for (int r = 0; r < R; ++r) {
      s[r] = _mm512_set1_ps(sz[r * 2 * groups + g]);
      for (int c = 0; c < C; ++c) {
        const uint8_t* p = q + r * (K / 2) + (g * G + 64 * c) / 2;
        const __m512i w = _mm512_cvtepu8_epi16(_mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), flip));
        wlo[r][c] = _mm512_permutexvar_epi16(_mm512_and_si512(w, low), table);
        whi[r][c] = _mm512_permutexvar_epi16(_mm512_srli_epi16(w, 4), table);
      }
    }
    for (int64_t t = 0; t < M; ++t) {
      const uint16_t* xt = xp + t * K + g * G;
      __m512 acc[R];
      for (int r = 0; r < R; ++r) acc[r] = _mm512_setzero_ps();
      for (int c = 0; c < C; ++c) {
        const __m512bh xlo = (__m512bh)_mm512_loadu_si512(xt + 64 * c);
        const __m512bh xhi = (__m512bh)_mm512_loadu_si512(xt + 64 * c + 32);
        for (int r = 0; r < R; ++r) {
          acc[r] = _mm512_dpbf16_ps(acc[r], (__m512bh)wlo[r][c], xlo);
          acc[r] = _mm512_dpbf16_ps(acc[r], (__m512bh)whi[r][c], xhi);
        }
      }
      for (int r = 0; r < R; ++r) ybuf[r][t] = _mm512_fmadd_ps(acc[r], s[r], ybuf[r][t]);
    }
  }
  for (int r = 0; r < R; ++r) {
    const float* scale = sz + r * 2 * groups;
    for (int64_t t = 0; t < M; ++t)
      out[r * M + t] = _mm512_reduce_add_ps(ybuf[r][t]) + zero_terms(scale, scale + groups, xsum + t * groups, groups);
  }
}

}  // namespace qf::int4
