// Dot products of T tokens (rows of x, `stride` apart) with one fp32 weight vector, in
// hand-written AVX-512 / AVX2 (the plain-loop `dot` of dispatch.h does not vectorize under
// GCC 12 here): two accumulators per token so that the FMA chains overlap, one weight load
// feeding T FMAs. The scalar build falls back to `dot`. fp32 sums in a fixed order per ISA.
#pragma once
#include <immintrin.h>

#include "dispatch.h"

namespace qf {

template <int T> QF_TARGET_AVX512 void dots_avx512(const float* x, int64_t stride, const float* w, int64_t n, float* out) {
  __m512 a[T][2];
  for (int t = 0; t < T; ++t) a[t][0] = a[t][1] = _mm512_setzero_ps();
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512 w0 = _mm512_loadu_ps(w + i), w1 = _mm512_loadu_ps(w + i + 16);
    for (int t = 0; t < T; ++t) {
      a[t][0] = _mm512_fmadd_ps(_mm512_loadu_ps(x + t * stride + i), w0, a[t][0]);
      a[t][1] = _mm512_fmadd_ps(_mm512_loadu_ps(x + t * stride + i + 16), w1, a[t][1]);
    }
  }
  if (i < n) {
    const __mmask16 m0 = n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1);
    const __mmask16 m1 = n - i > 16 ? __mmask16((1u << (n - i - 16 >= 16 ? 16 : n - i - 16)) - 1) : __mmask16(0);
    const __m512 w0 = _mm512_maskz_loadu_ps(m0, w + i), w1 = _mm512_maskz_loadu_ps(m1, w + i + 16);
    for (int t = 0; t < T; ++t) {
      a[t][0] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m0, x + t * stride + i), w0, a[t][0]);
      a[t][1] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m1, x + t * stride + i + 16), w1, a[t][1]);
    }
  }
  for (int t = 0; t < T; ++t) out[t] = _mm512_reduce_add_ps(_mm512_add_ps(a[t][0], a[t][1]));
}

template <int T> QF_TARGET_AVX2 void dots_avx2(const float* x, int64_t stride, const float* w, int64_t n, float* out) {
  __m256 a[T][2];
  for (int t = 0; t < T; ++t) a[t][0] = a[t][1] = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256 w0 = _mm256_loadu_ps(w + i), w1 = _mm256_loadu_ps(w + i + 8);
    for (int t = 0; t < T; ++t) {
      a[t][0] = _mm256_fmadd_ps(_mm256_loadu_ps(x + t * stride + i), w0, a[t][0]);
      a[t][1] = _mm256_fmadd_ps(_mm256_loadu_ps(x + t * stride + i + 8), w1, a[t][1]);
    }
  }
  for (int t = 0; t < T; ++t) {
    const __m256 s = _mm256_add_ps(a[t][0], a[t][1]);
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    float r = _mm_cvtss_f32(h);
    for (int64_t j = i; j < n; ++j) r = __builtin_fmaf(x[t * stride + j], w[j], r);
    out[t] = r;
  }
}

/** out[t] = Σ_k x[t·stride + k] · w[k] for T tokens, on ISA I. */
template <Isa I, int T> QF_INLINE void dots(const float* x, int64_t stride, const float* w, int64_t n, float* out) {
  if constexpr (I == Isa::Avx512) dots_avx512<T>(x, stride, w, n, out);
  else if constexpr (I == Isa::Avx2) dots_avx2<T>(x, stride, w, n, out);
  else
    for (int t = 0; t < T; ++t) out[t] = dot(x + t * stride, w, n);
}

/** dots over any token count: tiles of 4, then the rest one by one. */
template <Isa I> QF_INLINE void dots_all(const float* x, int64_t stride, const float* w, int64_t n, int64_t M, float* out) {
  int64_t m = 0;
  for (; m + 4 <= M; m += 4) dots<I, 4>(x + m * stride, stride, w, n, out + m);
  for (; m < M; ++m) dots<I, 1>(x + m * stride, stride, w, n, out + m);
}

}  // namespace qf
