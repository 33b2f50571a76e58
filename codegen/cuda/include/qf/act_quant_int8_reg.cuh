// Dynamic int8 activation quantization with one read of x (the same numerics as
// quantize_rows_int8_kernel in act_quant_int8.cuh, whose comment gives torchao's formulas): one
// block per token keeps its row in registers (kV 16-byte vectors per thread) between the min/max
// reduction and the quantization, instead of reading the row a second time. The min and max are
// exact whatever the reduction order, and the scale, zero point and codes come from the same
// functions (int8_qparams, quant4_int8), so the outputs are bit-identical to the two-read kernel.
// For the prefill path (persistent GEMM, gemm8_persistent.cuh), where the activation pass is a
// few percent of the linear.
#pragma once
#include "act_quant_int8.cuh"

namespace qf {

constexpr int kActRegThreads = 256;

// K % 8 == 0 and K <= kV * 8 * 256. keys: null for PerRow, else the PerTensor min/max keys.
template <int kV>
__global__ void __launch_bounds__(kActRegThreads)
    quantize_rows_int8_reg_kernel(const __nv_bfloat16* __restrict__ x, int K, Int8ActParams p,
                                  const unsigned int* __restrict__ keys, int8_t* __restrict__ xq, float* __restrict__ xs,
                                  int8_t* __restrict__ xz) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.launch_dependents;");  // a PDL-launched GEMM may start its weight loads
#endif
  const __nv_bfloat16* row = x + static_cast<size_t>(blockIdx.x) * K;
  uint4 v[kV];
  float mn = INFINITY, mx = -INFINITY;
#pragma unroll
  for (int i = 0; i < kV; ++i) {
    const int k = (i * kActRegThreads + static_cast<int>(threadIdx.x)) * 8;
    v[i] = k < K ? ld_cached_16(row + k) : make_uint4(0, 0, 0, 0);
    if (k < K) {
      const uint32_t w[4] = {v[i].x, v[i].y, v[i].z, v[i].w};
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const float2 f = __bfloat1622float2(bits_bf162(w[j]));
        mn = fminf(mn, fminf(f.x, f.y));
        mx = fmaxf(mx, fmaxf(f.x, f.y));
      }
    }
  }
  float2 m;
  if (keys != nullptr) {
    m = make_float2(key_float(keys[0]), key_float(keys[1]));
  } else {
    __shared__ float part[2][kActRegThreads / 32];
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
      mn = fminf(mn, __shfl_xor_sync(0xffffffffu, mn, o));
      mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, o));
    }
    if ((threadIdx.x & 31) == 0) {
      part[0][threadIdx.x >> 5] = mn;
      part[1][threadIdx.x >> 5] = mx;
    }
    __syncthreads();
    m = make_float2(INFINITY, -INFINITY);
#pragma unroll
    for (int w = 0; w < kActRegThreads / 32; ++w) {
      m.x = fminf(m.x, part[0][w]);
      m.y = fmaxf(m.y, part[1][w]);
    }
  }
  float s, z;
  int8_qparams(m.x, m.y, p, &s, &z);
  if (threadIdx.x == 0) {
    xs[blockIdx.x] = s;
    xz[blockIdx.x] = static_cast<int8_t>(z);
  }
  const float r = __frcp_rn(s);
#pragma unroll
  for (int i = 0; i < kV; ++i) {
    const int k = (i * kActRegThreads + static_cast<int>(threadIdx.x)) * 8;
    if (k >= K) continue;
    const uint32_t lo[2] = {v[i].x, v[i].y}, hi[2] = {v[i].z, v[i].w};
    *reinterpret_cast<uint2*>(xq + static_cast<size_t>(blockIdx.x) * K + k) =
        make_uint2(quant4_int8(lo, r, z, p), quant4_int8(hi, r, z, p));
  }
}

// Launches the one-read kernel for K <= 16384, else returns false (the caller runs the two-read
// kernel).
inline bool launch_quantize_rows_int8_reg(const __nv_bfloat16* x, int M, int K, const Int8ActParams& p,
                                          const unsigned int* keys, int8_t* xq, float* xs, int8_t* xz, cudaStream_t s) {
  const int per = 8 * kActRegThreads;  // elements per vector step of the block
  const int steps = (K + per - 1) / per;
  if (steps <= 1) {
    quantize_rows_int8_reg_kernel<1><<<M, kActRegThreads, 0, s>>>(x, K, p, keys, xq, xs, xz);
  } else if (steps <= 2) {
    quantize_rows_int8_reg_kernel<2><<<M, kActRegThreads, 0, s>>>(x, K, p, keys, xq, xs, xz);
  } else if (steps <= 4) {
    quantize_rows_int8_reg_kernel<4><<<M, kActRegThreads, 0, s>>>(x, K, p, keys, xq, xs, xz);
  } else if (steps <= 8) {
    quantize_rows_int8_reg_kernel<8><<<M, kActRegThreads, 0, s>>>(x, K, p, keys, xq, xs, xz);
  } else {
    return false;
  }
  return true;
}

}  // namespace qf
