// Hand-written AVX-512 inner loops for the memory-bound weight-only GEMV/GEMM rows. Each
// weight chunk is decoded once into fp32 lanes and multiplied into every token of the tile;
// U independent accumulators per token hide the FMA latency (M = 1 is the decode case).
// Element decoders:
//   int8: sign-extend, convert;  e4m3: bits rebuilt as fp16 then F16C (×2^8), NaN patched;
//   e5m2: the byte is the high half of an fp16;  int4: see int4_rows_avx512.
#pragma once
#include <immintrin.h>

#include "dispatch.h"

namespace qf::avx512 {

enum class Elem : int { None = 0, I8 = 1, E4M3 = 2, E5M2 = 3 };

#define QF_A512 QF_TARGET_AVX512 inline __attribute__((always_inline))

QF_A512 __m512 decode16(const uint8_t* p, Elem e) {
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  if (e == Elem::I8) return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(b));
  const __m256i w = _mm256_cvtepu8_epi16(b);
  if (e == Elem::E5M2) return _mm512_cvtph_ps(_mm256_slli_epi16(w, 8));
  const __m256i sign = _mm256_slli_epi16(_mm256_and_si256(w, _mm256_set1_epi16(0x80)), 8);
  const __m256i mag = _mm256_slli_epi16(_mm256_and_si256(w, _mm256_set1_epi16(0x7f)), 7);
  __m512 v = _mm512_mul_ps(_mm512_cvtph_ps(_mm256_or_si256(sign, mag)), _mm512_set1_ps(256.0f));
  const __mmask16 nan = _mm_cmpeq_epi8_mask(_mm_and_si128(b, _mm_set1_epi8(0x7f)), _mm_set1_epi8(0x7f));
  if (__builtin_expect(nan != 0, 0)) v = _mm512_mask_mov_ps(v, nan, _mm512_set1_ps(NAN));
  return v;
}

/**
 * e4m3 for the linear rows in 4 instructions instead of decode16's 9: the sign-extended byte
 * shifted into fp32's exponent and mantissa fields (sign kept, bits 27-30 cleared) reads as
 * 2^-120 times the e4m3 value, subnormals included (as fp32 subnormals), and one multiply by
 * 2^120 is exact. A thread with FTZ/DAZ set would flush the e4m3 subnormals (below 2^-6 of the
 * row's scale, far inside the linear tolerance), which is why dequantize keeps decode16's F16C.
 * With the element a template argument of the rows (one decode per instantiation): float8
 * weight-only M = 1, one core, 0.70-0.73x at both Llama MLP shapes.
 */
QF_A512 __m512 decode16_e4m3_linear(const uint8_t* p) {
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m512i bits = _mm512_and_si512(_mm512_slli_epi32(_mm512_cvtepi8_epi32(b), 20), _mm512_set1_epi32(int(0x87F00000u)));
  __m512 v = _mm512_mul_ps(_mm512_castsi512_ps(bits), _mm512_set1_ps(0x1p120f));
  const __mmask16 nan = _mm_cmpeq_epi8_mask(_mm_and_si128(b, _mm_set1_epi8(0x7f)), _mm_set1_epi8(0x7f));
  if (__builtin_expect(nan != 0, 0)) v = _mm512_mask_mov_ps(v, nan, _mm512_set1_ps(NAN));
  return v;
}
/** decode16 for a linear's dot products: e4m3 through decode16_e4m3_linear. */
QF_A512 __m512 decode16_linear(const uint8_t* p, Elem e) {
  return e == Elem::E4M3 ? decode16_e4m3_linear(p) : decode16(p, e);
}

/**
 * Software prefetch distances of the rows below, in bytes of the weight stream (one prefetch
 * per 64-byte line): one row at a time, and per row of rows_dots. The hardware prefetchers
 * alone leave the M = 1 int8 rows 20-30% short (Zen 5, one core, 58.7 MB of int8: 1.8 -> 1.5 ms
 * at K = 4096, 3.1 -> 2.1 ms at K = 14336).
 */
constexpr int64_t kPrefetchRow = 8192, kPrefetchSide = 2048;

/**
 * Raw dot products of one weight row (bytes, one element of kind `e` each) with exactly
 * `Tokens` tokens (compile-time count and kind, so accumulators stay in registers and the
 * decode is specialised):
 * out[t] = sum_k x[t][k] · elem(w[k]). The K tail (< 16) uses `tail(k)` (scalar decode).
 */
template <int Tokens, Elem e, class Tail>
QF_TARGET_AVX512 void row_dots(const uint8_t* w, const float* x, int64_t K, const Tail& tail,
                               float* out) {
  constexpr int U = Tokens == 1 ? 4 : (Tokens == 2 ? 2 : 1);
  __m512 acc[Tokens][U];
  for (int t = 0; t < Tokens; ++t)
    for (int u = 0; u < U; ++u) acc[t][u] = _mm512_setzero_ps();
  int64_t k = 0;
  for (; k + 16 * U <= K; k += 16 * U) {
    if (k % 64 == 0) _mm_prefetch(reinterpret_cast<const char*>(w + k + kPrefetchRow), _MM_HINT_T0);
    for (int u = 0; u < U; ++u) {
      const __m512 wv = decode16_linear(w + k + 16 * u, e);
      for (int t = 0; t < Tokens; ++t)
        acc[t][u] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(x + t * K + k + 16 * u), acc[t][u]);
    }
  }
  for (; k + 16 <= K; k += 16) {
    const __m512 wv = decode16_linear(w + k, e);
    for (int t = 0; t < Tokens; ++t)
      acc[t][0] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(x + t * K + k), acc[t][0]);
  }
  for (int t = 0; t < Tokens; ++t) {
    __m512 s = acc[t][0];
    for (int u = 1; u < U; ++u) s = _mm512_add_ps(s, acc[t][u]);
    float r = _mm512_reduce_add_ps(s);
    for (int64_t kk = k; kk < K; ++kk) r = __builtin_fmaf(x[t * K + kk], tail(kk), r);
    out[t] = r;
  }
}

/** Rows the M = 1 path walks side by side when x does not fit L1 (see rows_dots). */
constexpr int kSideRows = 4;

/** Bytes of fp32 activation up to which one row at a time keeps x in L1 (48 KB L1d). */
constexpr int64_t kXInL1Bytes = 16384;

/**
 * One token against R weight rows (w: row 0, rows K apart) at once: out[r] as row_dots<1>
 * gives it for row r, in the same order (bit-identical), but each x load meets R rows. One
 * row at a time reads x (K fp32) once per row, and once x outgrows L1 (K = 14336: 57 KB)
 * those reads come from L2 at four times the weight bytes; R = 4 cuts them fourfold.
 * `tail(r, k)` decodes the K tail (< 16) of row r.
 */
template <int R, Elem e, class Tail>
QF_TARGET_AVX512 void rows_dots(const uint8_t* w, const float* x, int64_t K, const Tail& tail, float* out) {
  constexpr int U = 4;
  __m512 acc[R][U];
  for (int r = 0; r < R; ++r)
    for (int u = 0; u < U; ++u) acc[r][u] = _mm512_setzero_ps();
  int64_t k = 0;
  for (; k + 16 * U <= K; k += 16 * U) {
    for (int r = 0; r < R; ++r) _mm_prefetch(reinterpret_cast<const char*>(w + r * K + k + kPrefetchSide), _MM_HINT_T0);
    for (int u = 0; u < U; ++u) {
      const __m512 xv = _mm512_loadu_ps(x + k + 16 * u);
      for (int r = 0; r < R; ++r) acc[r][u] = _mm512_fmadd_ps(decode16_linear(w + r * K + k + 16 * u, e), xv, acc[r][u]);
    }
  }
  for (; k + 16 <= K; k += 16) {
    const __m512 xv = _mm512_loadu_ps(x + k);
    for (int r = 0; r < R; ++r) acc[r][0] = _mm512_fmadd_ps(decode16_linear(w + r * K + k, e), xv, acc[r][0]);
  }
  for (int r = 0; r < R; ++r) {
    __m512 s = acc[r][0];
    for (int u = 1; u < U; ++u) s = _mm512_add_ps(s, acc[r][u]);
    float v = _mm512_reduce_add_ps(s);
    for (int64_t kk = k; kk < K; ++kk) v = __builtin_fmaf(x[kk], tail(r, kk), v);
    out[r] = v;
  }
}

}  // namespace qf::avx512
