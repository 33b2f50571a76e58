// Dynamic float8 activation quantization (torchao Float8Tensor.from_hp on x, §2.7 / §3.4.2):
//   amax (per row or per tensor, optionally clamped to [lb, ub]) -> scale = bf16(amax / 448)
//   -> q = e4m3(clamp(fp32(x) / scale, -448, 448)), RNE; a zero row gives 0/0 = NaN, as torchao.
// One light pass that reads x once per row (per-tensor adds one amax pass). The output is
// either the e4m3 bytes (for a float8 GEMM) or those same values widened exactly to bf16 (for
// the weight-streaming decode kernel, which then applies the scale per output row).
#pragma once
#include "cuda_common.cuh"
#include "weight_formats.cuh"

namespace qf {

struct ActQuantParams {
  float lb, ub;  // amax clamp; NaN = none
};

__device__ __forceinline__ float row_amax(const __nv_bfloat16* __restrict__ row, int K) {
  float m = 0.f;
  for (int k = threadIdx.x * 8; k < K; k += blockDim.x * 8) {
    const uint4 v = ld_cached_16(row + k);
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 f = __bfloat1622float2(bits_bf162(w[i]));
      m = fmaxf(m, fmaxf(fabsf(f.x), fabsf(f.y)));
    }
  }
  return m;
}

// Max over the block, returned to every thread.
__device__ __forceinline__ float block_max(float v) {
  __shared__ float part[32];
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  if ((threadIdx.x & 31) == 0) part[threadIdx.x >> 5] = v;
  __syncthreads();
  v = 0.f;
  for (int w = 0; w < static_cast<int>(blockDim.x >> 5); ++w) v = fmaxf(v, part[w]);
  return v;
}

__device__ __forceinline__ float e4m3_scale(float amax, const ActQuantParams& p) {
  if (!isnan(p.lb)) amax = fmaxf(amax, p.lb);
  if (!isnan(p.ub)) amax = fminf(amax, p.ub);
  // torchao divides in x's dtype (bf16): fp32 division, one rounding to bf16.
  return __bfloat162float(__float2bfloat16_rn(__bfloat162float(__float2bfloat16_rn(amax)) / 448.0f));
}

__device__ __forceinline__ uint8_t to_e4m3(float v, float scale) {
  float q = v / scale;
  q = q > 448.f ? 448.f : (q < -448.f ? -448.f : q);  // comparisons keep NaN, as torch.clamp
  return static_cast<uint8_t>(__nv_cvt_float_to_fp8(q, __NV_SATFINITE, __NV_E4M3));
}

// Per-tensor amax: every block folds its rows into one float via atomicMax on the bit pattern
// (non-negative floats order like their bits). *amax must be zeroed before the launch.
__global__ void tensor_amax_kernel(const __nv_bfloat16* __restrict__ x, int K, float* amax) {
  const float m = block_max(row_amax(x + static_cast<size_t>(blockIdx.x) * K, K));
  if (threadIdx.x == 0) atomicMax(reinterpret_cast<unsigned int*>(amax), __float_as_uint(m));
}

// One block per row. kBf16Out: write bf16(e4m3 value) instead of the e4m3 byte.
// tensor_amax: null for per-row scaling, else the per-tensor amax.
template <bool kBf16Out>
__global__ void quantize_rows_e4m3_kernel(const __nv_bfloat16* __restrict__ x, int K, ActQuantParams p,
                                          const float* __restrict__ tensor_amax, void* __restrict__ xq,
                                          float* __restrict__ scales, float* __restrict__ block_scales) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.launch_dependents;");  // lets a PDL-launched GEMV start its weight loads
#endif
  const __nv_bfloat16* row = x + static_cast<size_t>(blockIdx.x) * K;
  const float amax = tensor_amax != nullptr ? *tensor_amax : block_max(row_amax(row, K));
  const float scale = e4m3_scale(amax, p);
  if (threadIdx.x == 0) scales[blockIdx.x] = scale;
  if (block_scales != nullptr) {  // [K/128][M] copy for cuBLASLt's VEC128 scaling
    for (int kb = threadIdx.x; kb < K / 128; kb += blockDim.x) block_scales[static_cast<size_t>(kb) * gridDim.x + blockIdx.x] = scale;
  }
  for (int k = threadIdx.x * 8; k < K; k += blockDim.x * 8) {
    const uint4 v = ld_cached_16(row + k);
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    uint8_t q[8];
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 f = __bfloat1622float2(bits_bf162(w[i]));
      q[2 * i] = to_e4m3(f.x, scale);
      q[2 * i + 1] = to_e4m3(f.y, scale);
    }
    const size_t at = static_cast<size_t>(blockIdx.x) * K + k;
    if constexpr (kBf16Out) {
      uint32_t o[4];
#pragma unroll
      for (int i = 0; i < 4; ++i) o[i] = DecodeFp8<__NV_E4M3>::pair(q[2 * i] | (q[2 * i + 1] << 8));
      *reinterpret_cast<uint4*>(static_cast<__nv_bfloat16*>(xq) + at) = make_uint4(o[0], o[1], o[2], o[3]);
    } else {
      uint2 o;
      o.x = q[0] | (q[1] << 8) | (q[2] << 16) | (static_cast<uint32_t>(q[3]) << 24);
      o.y = q[4] | (q[5] << 8) | (q[6] << 16) | (static_cast<uint32_t>(q[7]) << 24);
      *reinterpret_cast<uint2*>(static_cast<uint8_t*>(xq) + at) = o;
    }
  }
}

// y[m][n] = bf16(acc[m][n] * xs[m] * ws[n] + bias[n]): the scaled-mm epilogue, one rounding,
// for per-row float8 GEMMs whose scaling cuBLASLt cannot fuse on sm_90.
__global__ void scale_rows_cols_kernel(const float* __restrict__ acc, const float* __restrict__ xs,
                                       const float* __restrict__ ws, const __nv_bfloat16* __restrict__ bias,
                                       int M, int N, __nv_bfloat16* __restrict__ y) {
  const size_t i = (blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x) * 4;
  if (i >= static_cast<size_t>(M) * N) return;
  const int m = static_cast<int>(i / N), n = static_cast<int>(i % N);
  const float4 a = *reinterpret_cast<const float4*>(acc + i);
  const float v[4] = {a.x, a.y, a.z, a.w};
  float r[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    r[j] = v[j] * xs[m] * ws[n + j];
    if (bias != nullptr) r[j] += __bfloat162float(bias[n + j]);
  }
  *reinterpret_cast<uint2*>(y + i) = make_uint2(pack_bf16x2(r[0], r[1]), pack_bf16x2(r[2], r[3]));
}

// dst[kb * R + r] = src[r] for kb < KB: per-row scales as [K/128][R] block scales.
__global__ void expand_row_scales_kernel(const float* __restrict__ src, int R, int KB, float* __restrict__ dst) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < static_cast<size_t>(R) * KB) dst[i] = src[i % R];
}

}  // namespace qf
