// A linear engine for decoders whose decode is the expensive part (fp4 nibbles with block
// scales, 2:4 expansion from kept values and metadata): each weight row is decoded once into
// an fp32 buffer of K values (L1/L2 resident) and the tokens run against it, four at a time
// (dots.h). linear_wo.h's engine decodes a chunk per token tile instead,
// which is right when decoding is cheap next to the dot products.
//
// A decoder gives decode_row<I>(n, out): the K fp32 values of row n, with the ISA's SIMD where
// it has some, and finish(n, m, acc) as for linear_wo.h; the output is D(finish + bias), one
// rounding. The fp32 sums run in a
// different order than PyTorch's GEMM (the documented linear tolerance).
#pragma once
#include <vector>

#include "dots.h"
#include "linear_wo.h"

namespace qf {

template <class Dec, Dt D> struct RowDecoded {
  struct Args {
    Dec dec;
    const float* x;  // [M, K] fp32
    int64_t M, K, N;
    const hp_t<D>* bias;  // [N] or null
    hp_t<D>* y;           // [M, N]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    std::vector<float> buffer(size_t(a.K)), sums(size_t(a.M));
    float* w = buffer.data();
    for (int64_t n = n0; n < n1; ++n) {
      a.dec.template decode_row<I>(n, w);
      dots_all<I>(a.x, a.K, w, a.K, a.M, sums.data());
      const float b = a.bias ? hp_load<D>(a.bias, n) : 0.0f;
      for (int64_t m = 0; m < a.M; ++m) {
        float v = a.dec.finish(n, m, sums[size_t(m)]);
        if (a.bias) v = v + b;
        a.y[m * a.N + n] = hp_encode<D>(v);
      }
    }
  }
};

}  // namespace qf
