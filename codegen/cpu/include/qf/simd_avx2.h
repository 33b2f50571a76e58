// AVX2+FMA+F16C versions of the weight-only inner loops of simd_avx512.h (8 fp32 lanes).
#pragma once
#include <immintrin.h>

#include "minifloat.h"
#include "simd_avx512.h"

namespace qf::avx2 {

using Elem = avx512::Elem;

#define QF_A2 QF_TARGET_AVX2 inline __attribute__((always_inline))

QF_A2 __m256 decode8(const uint8_t* p, Elem e) {
  const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  if (e == Elem::I8) return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(b));
  const __m128i w = _mm_cvtepu8_epi16(b);
  if (e == Elem::E5M2) return _mm256_cvtph_ps(_mm_slli_epi16(w, 8));
  const __m128i sign = _mm_slli_epi16(_mm_and_si128(w, _mm_set1_epi16(0x80)), 8);
  const __m128i mag = _mm_slli_epi16(_mm_and_si128(w, _mm_set1_epi16(0x7f)), 7);
  __m256 v = _mm256_mul_ps(_mm256_cvtph_ps(_mm_or_si128(sign, mag)), _mm256_set1_ps(256.0f));
  const int nan = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(b, _mm_set1_epi8(0x7f)), _mm_set1_epi8(0x7f))) & 0xff;
  if (__builtin_expect(nan != 0, 0)) {
    alignas(32) float tmp[8];
    _mm256_store_ps(tmp, v);
    for (int i = 0; i < 8; ++i)
      if (nan & (1 << i)) tmp[i] = NAN;
    v = _mm256_load_ps(tmp);
  }
  return v;
}

QF_A2 float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <int Tokens, class Tail>
QF_TARGET_AVX2 void row_dots(const uint8_t* w, const float* x, int64_t K, Elem e, const Tail& tail,
                             float* out) {
  constexpr int U = Tokens == 1 ? 4 : 2;
  __m256 acc[Tokens][U];
  for (int t = 0; t < Tokens; ++t)
    for (int u = 0; u < U; ++u) acc[t][u] = _mm256_setzero_ps();
  int64_t k = 0;
  for (; k + 8 * U <= K; k += 8 * U) {
    if (k % 64 == 0) _mm_prefetch(reinterpret_cast<const char*>(w + k + avx512::kPrefetchRow), _MM_HINT_T0);
    for (int u = 0; u < U; ++u) {
      const __m256 wv = decode8(w + k + 8 * u, e);
      for (int t = 0; t < Tokens; ++t)
        acc[t][u] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + t * K + k + 8 * u), acc[t][u]);
    }
  }
  for (; k + 8 <= K; k += 8) {
    const __m256 wv = decode8(w + k, e);
    for (int t = 0; t < Tokens; ++t)
      acc[t][0] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + t * K + k), acc[t][0]);
  }
  for (int t = 0; t < Tokens; ++t) {
    __m256 s = acc[t][0];
    for (int u = 1; u < U; ++u) s = _mm256_add_ps(s, acc[t][u]);
    float r = hsum(s);
    for (int64_t kk = k; kk < K; ++kk) r = __builtin_fmaf(x[t * K + kk], tail(kk), r);
    out[t] = r;
  }
}

}  // namespace qf::avx2
