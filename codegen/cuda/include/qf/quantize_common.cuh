// Device primitives shared by the weight quantization kernels (quantize_*.cuh): element loads,
// the oracle's rounding rules, JavaScript-style min/max, and team reductions.
//
// Bit-exactness with the TypeScript oracle (src/numerics) is the invariant of every kernel:
//  - the oracle rounds an op "in dtype T" as fp64 result -> fp32 -> T (affine/arith.ts
//    rounder), so round_to() does the same from a double;
//  - every fp32 op is an explicit __f*_rn intrinsic: nvcc would otherwise contract a*b+c into
//    an FMA, which rounds once where the oracle rounds twice;
//  - min/max follow the oracle's comparisons (NaN never wins a `<`), with a separate NaN flag
//    for the formats whose reductions propagate NaN (torch.amin/amax, abs().amax()).
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace qf {
namespace quant {

// Float storage dtypes of inputs and scales (the host passes these codes).
enum FloatCode : int { kF32 = 0, kBF16 = 1, kF16 = 2 };

template <typename T>
struct InputCode;
template <>
struct InputCode<float> {
  static constexpr int value = kF32;
};
template <>
struct InputCode<__nv_bfloat16> {
  static constexpr int value = kBF16;
};
template <>
struct InputCode<__half> {
  static constexpr int value = kF16;
};

__device__ __forceinline__ float to_f(float v) { return v; }
__device__ __forceinline__ float to_f(__nv_bfloat16 v) { return __bfloat162float(v); }
__device__ __forceinline__ float to_f(__half v) { return __half2float(v); }

// A value of dtype `code` (exact as a float), rounded the oracle's way: to fp32 first.
__device__ __forceinline__ float round_to(double v, int code) {
  const float f = __double2float_rn(v);
  if (code == kBF16) return __bfloat162float(__float2bfloat16_rn(f));
  if (code == kF16) return __half2float(__float2half_rn(f));
  return f;
}

// torch.promote_types for two float dtypes: equal stays, anything else is fp32.
__device__ __forceinline__ int promote(int a, int b) { return a == b ? a : kF32; }

// Stores a float (already a value of `code`) into a tensor of that dtype.
__device__ __forceinline__ void store_as(void* base, size_t i, float v, int code) {
  if (code == kBF16) reinterpret_cast<__nv_bfloat16*>(base)[i] = __float2bfloat16_rn(v);
  else if (code == kF16) reinterpret_cast<__half*>(base)[i] = __float2half_rn(v);
  else reinterpret_cast<float*>(base)[i] = v;
}

// Eight one-byte codes to 8-byte aligned memory in one store.
__device__ __forceinline__ void store_bytes8(void* dst, const int (&c)[8]) {
  uint32_t lo = 0, hi = 0;
#pragma unroll
  for (int k = 0; k < 4; ++k) {
    lo |= static_cast<uint32_t>(c[k] & 0xff) << (8 * k);
    hi |= static_cast<uint32_t>(c[4 + k] & 0xff) << (8 * k);
  }
  *reinterpret_cast<uint2*>(dst) = make_uint2(lo, hi);
}

// JavaScript Math.max / Math.min: NaN in, NaN out.
__device__ __forceinline__ double js_max(double a, double b) {
  if (a != a || b != b) return __longlong_as_double(0x7ff8000000000000ll);
  return a > b ? a : b;
}
__device__ __forceinline__ double js_min(double a, double b) {
  if (a != a || b != b) return __longlong_as_double(0x7ff8000000000000ll);
  return a < b ? a : b;
}

// Per-group statistics: min and max over the non-NaN values, and whether a NaN was seen.
struct Stats {
  float mn, mx;
  int nan;
  __device__ __forceinline__ void init() {
    mn = __int_as_float(0x7f800000);
    mx = __int_as_float(0xff800000);
    nan = 0;
  }
  __device__ __forceinline__ void add(float v) {
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    if (v != v) nan = 1;
  }
  __device__ __forceinline__ void merge(float omn, float omx, int onan) {
    if (omn < mn) mn = omn;
    if (omx > mx) mx = omx;
    nan |= onan;
  }
};

// Reduces over aligned groups of WIDTH lanes (a power of two <= 32) of a warp.
template <int WIDTH>
__device__ __forceinline__ void warp_reduce(Stats& s) {
#pragma unroll
  for (int o = WIDTH / 2; o > 0; o >>= 1) {
    const float a = __shfl_xor_sync(0xffffffffu, s.mn, o);
    const float b = __shfl_xor_sync(0xffffffffu, s.mx, o);
    const int c = __shfl_xor_sync(0xffffffffu, s.nan, o);
    s.merge(a, b, c);
  }
}

// Reduces over a team of TEAM threads: part of a warp or one warp (shuffles only), or the whole
// block (shuffles, then one slot per warp in shared memory). Every thread of the team gets the
// result. Sub-warp teams must all reach this call (the shuffles name every lane of the warp).
template <int TEAM>
__device__ __forceinline__ void team_reduce(Stats& s) {
  if constexpr (TEAM <= 32) {
    warp_reduce<TEAM>(s);
  } else {
    warp_reduce<32>(s);
    __shared__ float smn[TEAM / 32], smx[TEAM / 32];
    __shared__ int snan[TEAM / 32];
    const int warp = threadIdx.x / 32;
    if (threadIdx.x % 32 == 0) {
      smn[warp] = s.mn;
      smx[warp] = s.mx;
      snan[warp] = s.nan;
    }
    __syncthreads();
    s.init();
#pragma unroll
    for (int i = 0; i < TEAM / 32; ++i) s.merge(smn[i], smx[i], snan[i]);
  }
}

// Eight consecutive elements as floats, with one or two 16-byte loads (p 16-byte aligned).
__device__ __forceinline__ void load8(const float* p, float (&v)[8]) {
  const float4 a = reinterpret_cast<const float4*>(p)[0], b = reinterpret_cast<const float4*>(p)[1];
  v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w; v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
}
__device__ __forceinline__ void load8(const __nv_bfloat16* p, float (&v)[8]) {
  const uint4 u = *reinterpret_cast<const uint4*>(p);
  const uint32_t w[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    v[2 * i] = __uint_as_float(w[i] << 16);
    v[2 * i + 1] = __uint_as_float(w[i] & 0xffff0000u);
  }
}
__device__ __forceinline__ void load8(const __half* p, float (&v)[8]) {
  const uint4 u = *reinterpret_cast<const uint4*>(p);
  const uint32_t w[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    v[2 * i] = __half2float(__ushort_as_half(static_cast<unsigned short>(w[i] & 0xffffu)));
    v[2 * i + 1] = __half2float(__ushort_as_half(static_cast<unsigned short>(w[i] >> 16)));
  }
}

// Order-preserving float <-> int keys, for atomicMin/atomicMax over a whole tensor.
__device__ __forceinline__ int float_key(float f) {
  const int i = __float_as_int(f);
  return i >= 0 ? i : i ^ 0x7fffffff;
}
__device__ __forceinline__ float key_float(int k) { return __int_as_float(k >= 0 ? k : k ^ 0x7fffffff); }

}  // namespace quant
}  // namespace qf
