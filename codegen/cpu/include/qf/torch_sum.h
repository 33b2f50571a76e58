// torch.sum of a contiguous fp32 row on CPU in PyTorch's order (SumKernel.cpp's
// vectorized_inner_sum, AVX2 Vectorized<float> of 8 lanes), as src/numerics/affine/torch-sum.ts
// models it: whole vectors into 4 interleaved vector accumulators, left-over whole vectors
// into the first, the accumulators added in order, then the scalar tail summed, then the 8
// lanes one by one. Every add rounds to fp32 (contraction is off: base.h). torchao's fp32
// least-squares scales (HQQ) are bit-exact only in this order.
#pragma once
#include <cstdint>

#include "base.h"

namespace qf {

QF_INLINE float torch_sum_f32(const float* v, int64_t n) {
  constexpr int L = 8, Ilp = 4;
  const int64_t vectors = n / L, rows = vectors / Ilp;
  float acc[Ilp][L] = {};
  for (int64_t r = 0; r < rows; ++r)
    for (int k = 0; k < Ilp; ++k)
      for (int l = 0; l < L; ++l) acc[k][l] = acc[k][l] + v[(r * Ilp + k) * L + l];
  for (int64_t i = rows * Ilp; i < vectors; ++i)
    for (int l = 0; l < L; ++l) acc[0][l] = acc[0][l] + v[i * L + l];
  for (int k = 1; k < Ilp; ++k)
    for (int l = 0; l < L; ++l) acc[0][l] = acc[0][l] + acc[k][l];
  float total = 0.0f;
  for (int64_t i = vectors * L; i < n; ++i) total = total + v[i];
  for (int l = 0; l < L; ++l) total = total + acc[0][l];
  return total;
}

}  // namespace qf
