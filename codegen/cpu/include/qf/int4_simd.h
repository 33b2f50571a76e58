// Int4 plain weight-only linear rows, AVX-512 and AVX2. The byte j of a row holds elements
// 2j (low nibble) and 2j+1 (high nibble) as two's complement; XOR 0x88 turns both into the
// unsigned u = s + 8. Instead of interleaving nibbles, the activation is permuted once per
// call so that, per block of 2L elements (L = fp32 lanes), the L even elements come first and
// the L odd ones second: a block's bytes zero-extend to L lanes, `& 0xF` meets the evens and
// `>> 4` the odds. Per group: acc = Σ x·u, and w = (u − 8)·scale + zero gives
//   Σ x·w = scale·acc + (zero − 8·scale)·Σx,
// with Σx per group precomputed. fp32 throughout (the documented linear tolerance).
#pragma once
#include <immintrin.h>

#include "dispatch.h"

namespace qf::int4 {

/** x [M, K] fp32 → blocks of 2L: L evens then L odds. */
inline void permute_pairs(const float* x, int64_t M, int64_t K, int L, float* out) {
  for (int64_t m = 0; m < M; ++m)
    for (int64_t b = 0; b < K; b += 2 * L)
      for (int i = 0; i < L; ++i) {
        out[m * K + b + i] = x[m * K + b + 2 * i];
        out[m * K + b + L + i] = x[m * K + b + 2 * i + 1];
      }
}

/** Σx over each group of G: [M, K/G]. */
inline void group_sums(const float* x, int64_t M, int64_t K, int G, float* out) {
  for (int64_t m = 0; m < M; ++m)
    for (int64_t g = 0; g < K / G; ++g) {
      float s = 0.0f;
      for (int i = 0; i < G; ++i) s += x[m * K + g * G + i];
      out[m * (K / G) + g] = s;
    }
}

/**
 * Software prefetch distance of the M = 1 rows, in bytes of the weight stream: one row at a
 * time prefetches kPrefetchRow bytes ahead (the next rows once near the end of one),
 * kSideRows rows at a time kPrefetchSide bytes ahead in each of their rows (about as far in
 * all), one prefetch per 64-byte line. The hardware prefetchers alone leave a single core at
 * 27 GB/s on weights that the same core reads at 50 GB/s; with these (Zen 5, one core, 29 MB
 * of int4): 1.69 -> 0.85 ms (one row at a time, K = 14336), 0.85 -> 0.75 ms (K = 4096),
 * 8 rows 1.08 -> 0.85 ms; the AVX2 rows at K = 14336 4.9 -> 3.0 ms.
 */
constexpr int64_t kPrefetchRow = 6144, kPrefetchSide = 1024;

struct RowArgs {
  const uint8_t* q;    // the row's K/2 bytes
  const float* xp;     // permuted x, token 0 of the tile
  const float* xsum;   // group sums, token 0 of the tile
  int64_t K;
  int64_t groups;
  const float* scale;  // per group of this row (fp32)
  const float* zero;
};

template <int G, int Tokens>
QF_TARGET_AVX512 void row_avx512(const RowArgs& r, float* out) {
  static_assert(G % 32 == 0, "AVX-512 int4 path needs groups of 32k");
  __m512 y[Tokens];
  float ys[Tokens] = {};
  for (int t = 0; t < Tokens; ++t) y[t] = _mm512_setzero_ps();
  const __m128i flip = _mm_set1_epi8(char(0x88));
  const __m512i low = _mm512_set1_epi32(0xF);
  for (int64_t g = 0; g < r.groups; ++g) {
    __m512 acc[Tokens][2];
    for (int t = 0; t < Tokens; ++t) acc[t][0] = acc[t][1] = _mm512_setzero_ps();
    const uint8_t* qg = r.q + g * (G / 2);
    for (int c = 0; c < G / 32; ++c) {
      if (c % 4 == 0) _mm_prefetch(reinterpret_cast<const char*>(qg + 16 * c + kPrefetchRow), _MM_HINT_T0);
      const __m128i b = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(qg + 16 * c)), flip);
      const __m512i v = _mm512_cvtepu8_epi32(b);
      const __m512 lo = _mm512_cvtepi32_ps(_mm512_and_si512(v, low));
      const __m512 hi = _mm512_cvtepi32_ps(_mm512_srli_epi32(v, 4));
      const int64_t k = g * G + 32 * c;
      for (int t = 0; t < Tokens; ++t) {
        acc[t][c & 1] = _mm512_fmadd_ps(lo, _mm512_loadu_ps(r.xp + t * r.K + k), acc[t][c & 1]);
        acc[t][c & 1] = _mm512_fmadd_ps(hi, _mm512_loadu_ps(r.xp + t * r.K + k + 16), acc[t][c & 1]);
      }
    }
    const __m512 s = _mm512_set1_ps(r.scale[g]);
    const float zc = r.zero[g] - 8.0f * r.scale[g];
    for (int t = 0; t < Tokens; ++t) {
      y[t] = _mm512_fmadd_ps(_mm512_add_ps(acc[t][0], acc[t][1]), s, y[t]);
      ys[t] += zc * r.xsum[t * r.groups + g];
    }
  }
  for (int t = 0; t < Tokens; ++t) out[t] = _mm512_reduce_add_ps(y[t]) + ys[t];
}

template <int G, int Tokens>
QF_TARGET_AVX2 void row_avx2(const RowArgs& r, float* out) {
  static_assert(G % 16 == 0, "AVX2 int4 path needs groups of 16k");
  __m256 y[Tokens];
  float ys[Tokens] = {};
  for (int t = 0; t < Tokens; ++t) y[t] = _mm256_setzero_ps();
  const __m128i flip = _mm_set1_epi8(char(0x88));
  const __m256i low = _mm256_set1_epi32(0xF);
  for (int64_t g = 0; g < r.groups; ++g) {
    __m256 acc[Tokens][2];
    for (int t = 0; t < Tokens; ++t) acc[t][0] = acc[t][1] = _mm256_setzero_ps();
    const uint8_t* qg = r.q + g * (G / 2);
    for (int c = 0; c < G / 16; ++c) {
      if (c % 8 == 0) _mm_prefetch(reinterpret_cast<const char*>(qg + 8 * c + kPrefetchRow), _MM_HINT_T0);
      const __m128i b = _mm_xor_si128(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(qg + 8 * c)), flip);
      const __m256i v = _mm256_cvtepu8_epi32(b);
      const __m256 lo = _mm256_cvtepi32_ps(_mm256_and_si256(v, low));
      const __m256 hi = _mm256_cvtepi32_ps(_mm256_srli_epi32(v, 4));
      const int64_t k = g * G + 16 * c;
      for (int t = 0; t < Tokens; ++t) {
        acc[t][c & 1] = _mm256_fmadd_ps(lo, _mm256_loadu_ps(r.xp + t * r.K + k), acc[t][c & 1]);
        acc[t][c & 1] = _mm256_fmadd_ps(hi, _mm256_loadu_ps(r.xp + t * r.K + k + 8), acc[t][c & 1]);
      }
    }
    const __m256 s = _mm256_set1_ps(r.scale[g]);
    const float zc = r.zero[g] - 8.0f * r.scale[g];
    for (int t = 0; t < Tokens; ++t) {
      y[t] = _mm256_fmadd_ps(_mm256_add_ps(acc[t][0], acc[t][1]), s, y[t]);
      ys[t] += zc * r.xsum[t * r.groups + g];
    }
  }
  for (int t = 0; t < Tokens; ++t) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(y[t]), _mm256_extractf128_ps(y[t], 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    out[t] = _mm_cvtss_f32(s) + ys[t];
  }
}

}  // namespace qf::int4

namespace qf::int4 {

/** bf16 bits of x [M, K] → blocks of 64: 32 evens then 32 odds (dpbf16ps pairs). */
inline void permute_pairs_bf16(const uint16_t* x, int64_t M, int64_t K, uint16_t* out) {
  for (int64_t m = 0; m < M; ++m)
    for (int64_t b = 0; b < K; b += 64)
      for (int i = 0; i < 32; ++i) {
        out[m * K + b + i] = x[m * K + b + 2 * i];
        out[m * K + b + 32 + i] = x[m * K + b + 2 * i + 1];
      }
}

/**
 * bf16 activations: u (0..15) becomes a bf16 through a vpermw table and meets x in vdpbf16ps,
 * 32 products per instruction (exact: u and x are bf16, products fit fp32; the instruction
 * flushes bf16 subnormal x to zero, far inside the tolerance). The table is indexed by the
 * stored nibble itself (u = nibble ^ 8) and repeated in both halves, because vpermw reads the
 * low 5 bits of each index: a zero-extended byte then needs no mask for its low nibble and no
 * XOR for the sign.
 */
alignas(64) inline constexpr uint16_t kNibbleBf16[32] = {
    0x4100, 0x4110, 0x4120, 0x4130, 0x4140, 0x4150, 0x4160, 0x4170,  // nibbles 0..7: u = 8..15
    0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0,  // nibbles 8..15: u = 0..7
    0x4100, 0x4110, 0x4120, 0x4130, 0x4140, 0x4150, 0x4160, 0x4170,
    0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0};

/** 32 bytes at p (64 elements) as u in bf16: the 32 even elements in lo, the 32 odd in hi. */
QF_TARGET_AVX512 inline __attribute__((always_inline)) void nibbles_bf16(const uint8_t* p, __m512i table, __m512i* lo,
                                                                          __m512i* hi) {
  const __m512i w = _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  *lo = _mm512_permutexvar_epi16(w, table);
  *hi = _mm512_permutexvar_epi16(_mm512_srli_epi16(w, 4), table);
}

/**
 * Σ_g (zero − 8·scale)·Σx over a row's groups, 16 groups per vector: kept out of the group
 * loops, where one scalar chain per row cost a sixth of the M = 1 instructions.
 */
QF_TARGET_AVX512 inline __attribute__((always_inline)) float zero_terms(const float* scale, const float* zero,
                                                                        const float* xsum, int64_t groups) {
  __m512 acc = _mm512_setzero_ps();
  int64_t g = 0;
  for (; g + 16 <= groups; g += 16) {
    const __m512 zc = _mm512_fnmadd_ps(_mm512_loadu_ps(scale + g), _mm512_set1_ps(8.0f), _mm512_loadu_ps(zero + g));
    acc = _mm512_fmadd_ps(zc, _mm512_loadu_ps(xsum + g), acc);
  }
  float t = _mm512_reduce_add_ps(acc);
  for (; g < groups; ++g) t = __builtin_fmaf(zero[g] - 8.0f * scale[g], xsum[g], t);
  return t;
}

template <int G, int Tokens>
QF_TARGET_AVX512 void row_avx512_bf16(const uint8_t* q, const uint16_t* xp, const float* xsum, int64_t K,
                                      int64_t groups, const float* scale, const float* zero, float* out) {
  static_assert(G % 64 == 0, "bf16 int4 path needs groups of 64k");
  const __m512i table = _mm512_load_si512(kNibbleBf16);
  __m512 y[Tokens];
  for (int t = 0; t < Tokens; ++t) y[t] = _mm512_setzero_ps();
  for (int64_t g = 0; g < groups; ++g) {
    __m512 acc[Tokens][2];
    for (int t = 0; t < Tokens; ++t) acc[t][0] = acc[t][1] = _mm512_setzero_ps();
    for (int c = 0; c < G / 64; ++c) {
      const int64_t k = g * G + 64 * c;
      if (c % 2 == 0) _mm_prefetch(reinterpret_cast<const char*>(q + k / 2 + kPrefetchRow), _MM_HINT_T0);
      __m512i lo, hi;
      nibbles_bf16(q + k / 2, table, &lo, &hi);
      for (int t = 0; t < Tokens; ++t) {
        const uint16_t* xt = xp + t * K + k;
        acc[t][0] = _mm512_dpbf16_ps(acc[t][0], (__m512bh)lo, (__m512bh)_mm512_loadu_si512(xt));
        acc[t][1] = _mm512_dpbf16_ps(acc[t][1], (__m512bh)hi, (__m512bh)_mm512_loadu_si512(xt + 32));
      }
    }
    const __m512 s = _mm512_set1_ps(scale[g]);
    for (int t = 0; t < Tokens; ++t) y[t] = _mm512_fmadd_ps(_mm512_add_ps(acc[t][0], acc[t][1]), s, y[t]);
  }
  for (int t = 0; t < Tokens; ++t)
    out[t] = _mm512_reduce_add_ps(y[t]) + zero_terms(scale, zero, xsum + t * groups, groups);
}

/** Rows the M = 1 path walks side by side (see rows_avx512_bf16). */
constexpr int kSideRows = 8;

/**
 * One token against R rows at once (q: row 0, rows K/2 apart; sz: per row 2·groups floats,
 * the scales then the zeros): each x load meets R rows. With one row at a time x (K bf16) is
 * read once per row, and at K = 14336 (28 KB) the weight stream pushes it out of L1; R = 8
 * rows cut those reads eightfold (Zen 5: 1.4 -> 0.95 ms per 29 MB on one core) and still read
 * each row front to back. Every row sums in the order of row_avx512_bf16 (bit-identical).
 */
template <int G, int R>
QF_TARGET_AVX512 void rows_avx512_bf16(const uint8_t* q, const float* sz, const uint16_t* xp, const float* xsum,
                                       int64_t K, int64_t groups, float* out) {
  static_assert(G % 64 == 0, "bf16 int4 path needs groups of 64k");
  const __m512i table = _mm512_load_si512(kNibbleBf16);
  __m512 y[R];
  for (int r = 0; r < R; ++r) y[r] = _mm512_setzero_ps();
  for (int64_t g = 0; g < groups; ++g) {
    __m512 acc[R][2];
    for (int r = 0; r < R; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    for (int c = 0; c < G / 64; ++c) {
      const int64_t k = g * G + 64 * c;
      if (c % 2 == 0)  // one prefetch per 64-byte line of each row
        for (int r = 0; r < R; ++r) _mm_prefetch(reinterpret_cast<const char*>(q + r * (K / 2) + k / 2 + kPrefetchSide), _MM_HINT_T0);
      const __m512bh x0 = (__m512bh)_mm512_loadu_si512(xp + k), x1 = (__m512bh)_mm512_loadu_si512(xp + k + 32);
      for (int r = 0; r < R; ++r) {
        __m512i lo, hi;
        nibbles_bf16(q + r * (K / 2) + k / 2, table, &lo, &hi);
        acc[r][0] = _mm512_dpbf16_ps(acc[r][0], (__m512bh)lo, x0);
        acc[r][1] = _mm512_dpbf16_ps(acc[r][1], (__m512bh)hi, x1);
      }
    }
    for (int r = 0; r < R; ++r)
      y[r] = _mm512_fmadd_ps(_mm512_add_ps(acc[r][0], acc[r][1]), _mm512_set1_ps(sz[r * 2 * groups + g]), y[r]);
  }
  for (int r = 0; r < R; ++r) {
    const float* scale = sz + r * 2 * groups;
    out[r] = _mm512_reduce_add_ps(y[r]) + zero_terms(scale, scale + groups, xsum, groups);
  }
}

}  // namespace qf::int4
