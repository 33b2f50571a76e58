// Dynamic int8 activation quantization (torchao Int8Tensor.from_hp on x, spec §3.2 / §2.4 /
// §2.5), with torchao's CUDA arithmetic (what PyTorch's CUDA kernels compute):
//   block = one token (PerRow) or the whole tensor (PerTensor); mn, mx in bf16 (exact);
//   SYMMETRIC   scale = bf16(fp32(max(-min(mn,0), max(mx,0))) * fp32(1 / ((qmax - qmin) / 2)))
//               (a CUDA tensor divided by a Python number multiplies by the fp32 reciprocal),
//               zero point 0;
//   ASYMMETRIC  scale = bf16(fp32(bf16(max(mx,0) - min(mn,0))) * fp32(1 / (qmax - qmin))),
//               zero point = clamp(qmin - rne(bf16(min(mn,0) / scale)), qmin, qmax);
//   both        scale = max(scale, 2^-23) (fp32 machine eps, exact in bf16), stored fp32;
//   q = clamp(rne(fp32(x) * fp32(1 / scale)) + zero point, qmin, qmax)  (multiply, never divide).
// One block per token reads its row twice (min/max, then quantize; the second read hits L1/L2).
// PerTensor adds one min/max pass whose blocks fold into two ordered-integer atomics.
#pragma once
#include "cuda_common.cuh"

namespace qf {

struct Int8ActParams {
  int qmin, qmax;  // [-128, 127], or [-64, 63] with reduce_range
  bool asym;
};

__device__ __forceinline__ float bf16r(float v) { return __bfloat162float(__float2bfloat16_rn(v)); }

// Floats ordered as unsigned integers (for atomicMin / atomicMax on a signed range).
__device__ __forceinline__ unsigned int float_key(float f) {
  const unsigned int u = __float_as_uint(f);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}
__device__ __forceinline__ float key_float(unsigned int k) {
  return __uint_as_float((k & 0x80000000u) ? (k & 0x7FFFFFFFu) : ~k);
}

// (min, max) of one bf16 row (K % 8 == 0) over the block, returned to every thread.
__device__ __forceinline__ float2 row_min_max(const __nv_bfloat16* __restrict__ row, int K) {
  float mn = INFINITY, mx = -INFINITY;
  for (int k = threadIdx.x * 8; k < K; k += blockDim.x * 8) {
    const uint4 v = ld_cached_16(row + k);
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 f = __bfloat1622float2(bits_bf162(w[i]));
      mn = fminf(mn, fminf(f.x, f.y));
      mx = fmaxf(mx, fmaxf(f.x, f.y));
    }
  }
  __shared__ float part[2][32];
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
  mn = INFINITY;
  mx = -INFINITY;
  for (int w = 0; w < static_cast<int>(blockDim.x >> 5); ++w) {
    mn = fminf(mn, part[0][w]);
    mx = fmaxf(mx, part[1][w]);
  }
  return make_float2(mn, mx);
}

// Scale (fp32 holding a bf16 value) and zero point of one block with min mn and max mx.
__device__ __forceinline__ void int8_qparams(float mn, float mx, const Int8ActParams& p, float* scale, float* zero) {
  const float mn_neg = fminf(mn, 0.f), mx_pos = fmaxf(mx, 0.f);
  const float eps = 1.1920928955078125e-07f;  // torch.finfo(torch.float32).eps, exact in bf16
  float s;
  float z = 0.f;
  if (p.asym) {
    const float inv = 1.0f / static_cast<float>(p.qmax - p.qmin);
    s = bf16r(__fmul_rn(bf16r(__fsub_rn(mx_pos, mn_neg)), inv));
    s = s < eps ? eps : s;
    const float r = rintf(bf16r(__fdiv_rn(mn_neg, s)));
    z = fminf(fmaxf(bf16r(static_cast<float>(p.qmin) - r), static_cast<float>(p.qmin)), static_cast<float>(p.qmax));
  } else {
    const float inv = 1.0f / (static_cast<float>(p.qmax - p.qmin) / 2.0f);
    s = bf16r(__fmul_rn(fmaxf(-mn_neg, mx_pos), inv));
  }
  *scale = s < eps ? eps : s;
  *zero = z;
}

__device__ __forceinline__ uint32_t quant4_int8(const uint32_t (&w)[2], float r, float z, const Int8ActParams& p) {
  uint32_t out = 0;
#pragma unroll
  for (int i = 0; i < 2; ++i) {
    const float2 f = __bfloat1622float2(bits_bf162(w[i]));
    const float v[2] = {f.x, f.y};
#pragma unroll
    for (int j = 0; j < 2; ++j) {
      float q = rintf(__fmul_rn(v[j], r)) + z;
      q = fminf(fmaxf(q, static_cast<float>(p.qmin)), static_cast<float>(p.qmax));
      out |= (static_cast<uint32_t>(static_cast<int>(q)) & 0xFFu) << (8 * (2 * i + j));
    }
  }
  return out;
}

// PerTensor: keys[0] = min key (start 0xFFFFFFFF), keys[1] = max key (start 0).
__global__ void tensor_min_max_kernel(const __nv_bfloat16* __restrict__ x, int K, unsigned int* keys) {
  const float2 m = row_min_max(x + static_cast<size_t>(blockIdx.x) * K, K);
  if (threadIdx.x == 0) {
    atomicMin(keys, float_key(m.x));
    atomicMax(keys + 1, float_key(m.y));
  }
}

// One block per token: xq int8 [M, K], xs fp32 [M] (the same value in every row for
// PerTensor), xz int8 [M] zero points. keys: null for PerRow, else the PerTensor min/max.
__global__ void quantize_rows_int8_kernel(const __nv_bfloat16* __restrict__ x, int K, Int8ActParams p,
                                          const unsigned int* __restrict__ keys, int8_t* __restrict__ xq,
                                          float* __restrict__ xs, int8_t* __restrict__ xz) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.launch_dependents;");  // lets a PDL-launched GEMV start its weight loads
#endif
  const __nv_bfloat16* row = x + static_cast<size_t>(blockIdx.x) * K;
  const float2 m = keys != nullptr ? make_float2(key_float(keys[0]), key_float(keys[1])) : row_min_max(row, K);
  float s, z;
  int8_qparams(m.x, m.y, p, &s, &z);
  if (threadIdx.x == 0) {
    xs[blockIdx.x] = s;
    xz[blockIdx.x] = static_cast<int8_t>(z);
  }
  const float r = __frcp_rn(s);
  for (int k = threadIdx.x * 8; k < K; k += blockDim.x * 8) {
    const uint4 v = ld_cached_16(row + k);
    const uint32_t lo[2] = {v.x, v.y}, hi[2] = {v.z, v.w};
    *reinterpret_cast<uint2*>(xq + static_cast<size_t>(blockIdx.x) * K + k) =
        make_uint2(quant4_int8(lo, r, z, p), quant4_int8(hi, r, z, p));
  }
}

// rowsum[n] = sum_k W[n][k] as fp32 (exact: |sum| <= 128 K), for the ASYMMETRIC correction.
// One warp per row.
__global__ void int8_rowsum_kernel(const int8_t* __restrict__ w, int N, int K, float* __restrict__ rowsum) {
  const int n = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5), lane = threadIdx.x & 31;
  if (n >= N) return;
  int s = 0;
  for (int k = lane * 16; k < K; k += 32 * 16) {
    const uint4 v = ld_cached_16(w + static_cast<size_t>(n) * K + k);
    s = __dp4a(static_cast<int>(v.x), 0x01010101, s);
    s = __dp4a(static_cast<int>(v.y), 0x01010101, s);
    s = __dp4a(static_cast<int>(v.z), 0x01010101, s);
    s = __dp4a(static_cast<int>(v.w), 0x01010101, s);
  }
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
  if (lane == 0) rowsum[n] = static_cast<float>(s);
}

}  // namespace qf
