// Run-time ISA dispatch by compiling one kernel body three times. A kernel is a struct with
// `Args` and `template <Isa I> static void rows(const Args&, int64_t begin, int64_t end)`
// (always inlined). `Multi<Impl>` wraps it in a scalar function and in AVX2+FMA+F16C and
// AVX-512 (+VNNI, BF16) functions; the compiler vectorizes the same plain loops for each, and
// a body may branch on `I` to call hand-written intrinsic kernels (functions carrying the
// same target attribute). The best version is picked once per call from cpuid.
#pragma once
#include "base.h"
#include "parallel.h"

#define QF_TARGET_AVX2 __attribute__((target("avx2,fma,f16c,bmi,bmi2,popcnt")))
#define QF_TARGET_AVX512                                                                        \
  __attribute__((target("avx2,fma,f16c,bmi,bmi2,popcnt,avx512f,avx512bw,avx512vl,avx512dq," \
                         "avx512vnni,avx512bf16")))

// A function with its own target attribute does not inherit base.h's fp-contract=off pragma
// (GCC would fuse `y * s + bias` into an FMA): out-of-line kernels whose epilogue must round
// like PyTorch say so again with QF_EXACT.
#define QF_EXACT __attribute__((optimize("fp-contract=off")))

namespace qf {

template <class Impl> struct Multi {
  using A = typename Impl::Args;
  static void scalar(const A& a, int64_t b, int64_t e) { Impl::template rows<Isa::Scalar>(a, b, e); }
  QF_TARGET_AVX2 static void avx2(const A& a, int64_t b, int64_t e) { Impl::template rows<Isa::Avx2>(a, b, e); }
  QF_TARGET_AVX512 static void avx512(const A& a, int64_t b, int64_t e) {
    Impl::template rows<Isa::Avx512>(a, b, e);
  }
  /** Runs rows over [0, n) on the pool, `chunk` rows per task. */
  static void run(const A& a, int64_t n, int64_t chunk, Isa which = isa()) {
    void (*f)(const A&, int64_t, int64_t) = which == Isa::Avx512 ? &avx512 : which == Isa::Avx2 ? &avx2 : &scalar;
    parallel_rows(n, chunk, [&](int64_t b, int64_t e) { f(a, b, e); });
  }
};

/** AVX512-BF16 is a separate cpuid bit (Zen 4, Sapphire Rapids); the bf16 paths need it. */
inline bool has_avx512bf16() {
#if defined(__x86_64__)
  static const bool yes = (__builtin_cpu_init(), __builtin_cpu_supports("avx512bf16"));
  return yes && isa() == Isa::Avx512;
#else
  return false;
#endif
}

/** A fixed number of fp32 partial sums: plain loops over it vectorize to one register. */
constexpr int kLanes = 16;

/** sum_i x[i] * w[i] over len elements with kLanes independent accumulators (FMA). */
QF_INLINE float dot(const float* __restrict x, const float* __restrict w, int64_t len) {
  float s[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= len; i += kLanes)
    for (int j = 0; j < kLanes; ++j) s[j] = __builtin_fmaf(x[i + j], w[i + j], s[j]);
  float t = 0.0f;
  for (; i < len; ++i) t = __builtin_fmaf(x[i], w[i], t);
  for (int j = 0; j < kLanes; ++j) t += s[j];
  return t;
}

}  // namespace qf
