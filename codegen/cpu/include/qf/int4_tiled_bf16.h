// The tile-packed int4 dot products on AVX512-BF16 (int4_tiled.h's Linear, bf16 x). Nibble p
// (0..3) of a word holds the even element of a byte and nibble p+4 the odd one, 16 bits
// higher: (word >> 4p) & 0x000F000F puts the pair into one 32-bit lane as two 16-bit
// integers, a vpermw table turns them into bf16, and vdpbf16ps multiplies the pair with the
// matching (x[2j], x[2j+1]) pair of bf16 x, which prepare_x_bf16 lays out in the same order.
// Four vdpbf16ps cover a row's 128 columns of one k-tile; the products are exact and sum in
// fp32, like the fp32 path (the documented linear tolerance).
#pragma once
#include <immintrin.h>

#include "dispatch.h"

namespace qf::int4_tiled {

/**
 * x [M, K] bf16 → pairs [M, Kp/2] u32 in the words' order: per k-tile, per p < 4, per word
 * w, the pair (x[2j], x[2j+1]) with j = 16·(w%4) + 4p + w/4 (zeros past K).
 */
inline void prepare_x_bf16(const uint16_t* x, int64_t M, int64_t K, int64_t Kp, uint32_t* xb) {
  for (int64_t m = 0; m < M; ++m)
    for (int64_t kt = 0; kt < Kp / 128; ++kt)
      for (int p = 0; p < 4; ++p)
        for (int w = 0; w < 16; ++w) {
          const int64_t k = kt * 128 + 2 * (16 * (w % 4) + 4 * p + w / 4);
          const uint32_t lo = k < K ? x[m * K + k] : 0, hi = k + 1 < K ? x[m * K + k + 1] : 0;
          xb[m * (Kp / 2) + kt * 64 + 16 * p + w] = lo | (hi << 16);
        }
}

/** The 16 words' scales of k-tile kt: word w lies in group (128·kt + 32·(w%4)) / G. */
template <int G> QF_TARGET_AVX512 inline __m512 word_scales(const float* sc, int64_t kt) {
  if constexpr (G % 128 == 0) {
    return _mm512_set1_ps(sc[kt * 128 / G]);
  } else if constexpr (G == 64) {
    const __m512i idx = _mm512_set_epi32(1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0);
    return _mm512_permutexvar_ps(idx, _mm512_castps128_ps512(_mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(sc + 2 * kt)))));
  } else {
    static_assert(G == 32, "tinygemm group sizes are 32, 64, 128 and 256");
    return _mm512_broadcast_f32x4(_mm_loadu_ps(sc + 4 * kt));
  }
}

/**
 * out[t] = Σ_k x[t][k]·(u[k]·scale) over the first `used` k-tiles of row n (words: the row's
 * k-tile 0; consecutive k-tiles 128 words apart), for T tokens of xb (rows Kp/2 apart).
 */
template <int G, int T>
QF_TARGET_AVX512 void row_bf16(const uint32_t* words, int64_t used, const uint32_t* xb, int64_t Kp, const float* sc, float* out) {
  alignas(64) static const uint16_t kTable[32] = {0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0,
                                                  0x4100, 0x4110, 0x4120, 0x4130, 0x4140, 0x4150, 0x4160, 0x4170};
  const __m512i table = _mm512_load_si512(kTable);
  const __m512i mask = _mm512_set1_epi32(0x000F000F);
  __m512 y[T];
  for (int t = 0; t < T; ++t) y[t] = _mm512_setzero_ps();
  for (int64_t kt = 0; kt < used; ++kt) {
    const __m512i wd = _mm512_loadu_si512(words + kt * 128);
    __m512i u[4];
    for (int p = 0; p < 4; ++p) u[p] = _mm512_permutexvar_epi16(_mm512_and_si512(_mm512_srli_epi32(wd, 4 * p), mask), table);
    const __m512 s = word_scales<G>(sc, kt);
    for (int t = 0; t < T; ++t) {
      const uint32_t* xt = xb + t * (Kp / 2) + kt * 64;
      __m512 acc[4];  // independent chains: vdpbf16ps latency, not throughput, bounds one chain
      for (int p = 0; p < 4; ++p) acc[p] = _mm512_dpbf16_ps(_mm512_setzero_ps(), (__m512bh)u[p], (__m512bh)_mm512_loadu_si512(xt + 16 * p));
      y[t] = _mm512_fmadd_ps(_mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3])), s, y[t]);
    }
  }
  for (int t = 0; t < T; ++t) out[t] = _mm512_reduce_add_ps(y[t]);
}

/**
 * One token against the 8 rows of an n-tile (M = 1): per k-tile the n-tile's 512 contiguous
 * bytes are read once and the 4 x pairs are loaded once for all 8 rows (8 independent sums).
 * sc: 8 rows of `groups` scales; out[r] as row_bf16 gives it.
 */
template <int G>
QF_TARGET_AVX512 void tile8_bf16(const uint32_t* block, int64_t used, const uint32_t* xb, const float* sc, int64_t groups, float* out) {
  alignas(64) static const uint16_t kTable[32] = {0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0,
                                                  0x4100, 0x4110, 0x4120, 0x4130, 0x4140, 0x4150, 0x4160, 0x4170};
  const __m512i table = _mm512_load_si512(kTable);
  const __m512i mask = _mm512_set1_epi32(0x000F000F);
  __m512 y[8];
  for (int r = 0; r < 8; ++r) y[r] = _mm512_setzero_ps();
  for (int64_t kt = 0; kt < used; ++kt) {
    __m512bh xv[4];
    for (int p = 0; p < 4; ++p) xv[p] = (__m512bh)_mm512_loadu_si512(xb + kt * 64 + 16 * p);
    for (int r = 0; r < 8; ++r) {
      const __m512i wd = _mm512_loadu_si512(block + kt * 128 + r * 16);
      __m512 acc[4];
      for (int p = 0; p < 4; ++p)
        acc[p] = _mm512_dpbf16_ps(_mm512_setzero_ps(), (__m512bh)_mm512_permutexvar_epi16(_mm512_and_si512(_mm512_srli_epi32(wd, 4 * p), mask), table), xv[p]);
      y[r] = _mm512_fmadd_ps(_mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3])), word_scales<G>(sc + r * groups, kt), y[r]);
    }
  }
  for (int r = 0; r < 8; ++r) out[r] = _mm512_reduce_add_ps(y[r]);
}

/** Tokens per pass of tile8_tokens_bf16: their partial sums (kTileTokens × 8 vectors) stay in L1. */
constexpr int kTileTokens = 16;

/**
 * M ≤ kTileTokens tokens against the 8 rows of an n-tile: per k-tile the 8 rows are decoded
 * once (into an L1 buffer) and meet every token; out[r·M + t] as tile8_bf16 gives it per token.
 */
template <int G>
QF_TARGET_AVX512 void tile8_tokens_bf16(const uint32_t* block, int64_t used, const uint32_t* xb, int64_t Kp, int64_t M,
                                        const float* sc, int64_t groups, float* out) {
  alignas(64) static const uint16_t kTable[32] = {0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0,
                                                  0x4100, 0x4110, 0x4120, 0x4130, 0x4140, 0x4150, 0x4160, 0x4170};
  const __m512i table = _mm512_load_si512(kTable);
  const __m512i mask = _mm512_set1_epi32(0x000F000F);
  __m512 ybuf[kTileTokens][8];
  for (int64_t t = 0; t < M; ++t)
    for (int r = 0; r < 8; ++r) ybuf[t][r] = _mm512_setzero_ps();
  for (int64_t kt = 0; kt < used; ++kt) {
    __m512i u[8][4];
    __m512 s[8];
    for (int r = 0; r < 8; ++r) {
      const __m512i wd = _mm512_loadu_si512(block + kt * 128 + r * 16);
      for (int p = 0; p < 4; ++p) u[r][p] = _mm512_permutexvar_epi16(_mm512_and_si512(_mm512_srli_epi32(wd, 4 * p), mask), table);
      s[r] = word_scales<G>(sc + r * groups, kt);
    }
    for (int64_t t = 0; t < M; ++t) {
      const uint32_t* xt = xb + t * (Kp / 2) + kt * 64;
      __m512bh xv[4];
      for (int p = 0; p < 4; ++p) xv[p] = (__m512bh)_mm512_loadu_si512(xt + 16 * p);
      for (int r = 0; r < 8; ++r) {
        __m512 acc = _mm512_setzero_ps();
        for (int p = 0; p < 4; ++p) acc = _mm512_dpbf16_ps(acc, (__m512bh)u[r][p], xv[p]);
        ybuf[t][r] = _mm512_fmadd_ps(acc, s[r], ybuf[t][r]);
      }
    }
  }
  for (int r = 0; r < 8; ++r)
    for (int64_t t = 0; t < M; ++t) out[r * M + t] = _mm512_reduce_add_ps(ybuf[t][r]);
}

}  // namespace qf::int4_tiled
