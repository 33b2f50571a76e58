// Activation quantization of the block-scaled dynamic configs on the GPU, bit-exact with the
// oracle (src/numerics/formats/mx-primitives.ts, nvfp4.ts; torchao-semantics.md §3.11, §3.12):
//   MX     MXTensor.to_mx(x): per 32 K an e8m0 byte from the block's amax (FLOOR / RCEIL /
//          CEIL / EVEN), elements fp32(x) * 2^(127 - byte) encoded RNE (fp8, fp6, fp4);
//   NVFP4  nvfp4_quantize(x, P_a): per 16 K an e4m3 scale relative to P_a (dynamic: amax(x) /
//          2688; static: the calibrated act_per_tensor_scale; or none), fp4 elements.
// One light pass: 8 elements per thread (one 16-byte load), the 4 (MX) or 2 (NVFP4) threads of
// a block exchange their amax by shuffles. Each thread writes what the linear consumes, the
// DEQUANTIZED activation in bf16, which for both formats is exact:
//   MX     bf16(bf16(value) * bf16(2^(byte - 127)))  = torchao's to_dtype (EMULATED mx_linear);
//   NVFP4  value * s8 (without P_a: a fp4 x e4m3 product has <= 6 significant bits) = the
//          scaled GEMM's A operand; bf16(P_a * P_w) goes to *pprod, which the decode epilogue
//          (or the prefill dequantize) multiplies in as the weight policy's per-tensor scale.
// and, for the bit-exact tests, optionally the codes and scale bytes in torchao's storage:
// MX qdata (fp4 packed even-low, else one byte per element) and scales [M, K/32] unswizzled
// (the activation MXTensor is built unswizzled); NVFP4 packed qdata and swizzled e4m3 scales.
#pragma once
#include "block_formats.cuh"
#include "quantize_mx.cuh"
#include "quantize_nvfp4.cuh"

namespace qf {

// The 8 bf16 of x at flat element 8 * i as floats, and the max of their |bits| (NaN > inf >
// finite when compared as unsigned: a NaN anywhere in a block makes its amax NaN, as the oracle).
__device__ __forceinline__ uint32_t load8_absmax(const __nv_bfloat16* x, size_t i, bool valid, float (&f)[8]) {
  const uint4 v = valid ? ld_cached_16(x + 8 * i) : make_uint4(0, 0, 0, 0);
  const uint32_t w[4] = {v.x, v.y, v.z, v.w};
  uint32_t m = 0;
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    const float2 p = __bfloat1622float2(bits_bf162(w[j]));
    f[2 * j] = p.x;
    f[2 * j + 1] = p.y;
    m = max(m, max(__float_as_uint(p.x) & 0x7FFFFFFFu, __float_as_uint(p.y) & 0x7FFFFFFFu));
  }
  return m;
}

// Value of an MX element code (fp8 byte or fp6/fp4 code in the low bits), exact in fp32.
template <int kElem>
__device__ __forceinline__ float mx_code_value(int code) {
  if constexpr (kElem <= 1) {
    const __half_raw h = __nv_cvt_fp8_to_halfraw(static_cast<__nv_fp8_storage_t>(code), kElem == 0 ? __NV_E4M3 : __NV_E5M2);
    return __half2float(__half(h));
  } else {
    constexpr int kEbits = kElem == 2 ? 2 : (kElem == 3 ? 3 : 2);
    constexpr int kMbits = kElem == 2 ? 3 : (kElem == 3 ? 2 : 1);
    constexpr int kBias = kElem == 3 ? 3 : 1;
    const uint32_t c = static_cast<uint32_t>(code);
    const uint32_t e = (c >> kMbits) & ((1u << kEbits) - 1u);
    const uint32_t m = c & ((1u << kMbits) - 1u);
    const uint32_t mag = e == 0u ? m : (m | (1u << kMbits)) << (e - 1u);
    constexpr float kUnit = 1.0f / static_cast<float>(1u << (kBias - 1 + kMbits));
    const float v = static_cast<float>(mag) * kUnit;
    return (c >> (kEbits + kMbits)) & 1u ? -v : v;
  }
}

// Grid-stride over 8-element groups; the loop bound is uniform per block so that every lane
// reaches the shuffles. xq / xs null: only the dequantized activation is written.
// kElem: 0 e4m3, 1 e5m2, 2 fp6 e2m3, 3 fp6 e3m2, 4 fp4 e2m1; kMode: 0 FLOOR, 1 RCEIL, 2 CEIL, 3 EVEN.
template <int kElem, int kMode>
__global__ void __launch_bounds__(256) mx_act_quant_kernel(const __nv_bfloat16* __restrict__ x, size_t n8,
                                                           __nv_bfloat16* __restrict__ xd, uint8_t* __restrict__ xq,
                                                           uint8_t* __restrict__ xs) {
  const quant::MiniFloat fmt = quant::mx_element(kElem);
  const int nan_code = quant::mx_nan_code(fmt, kElem);
  constexpr bool kClamp = kElem == 1 && kMode != 1;  // e5m2 outside RCEIL
  for (size_t base = static_cast<size_t>(blockIdx.x) * blockDim.x; base < n8; base += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const size_t i = base + threadIdx.x;
    const bool valid = i < n8;  // K % 32 == 0: the 4 threads of a block are valid together
    float f[8];
    uint32_t m = load8_absmax(x, i, valid, f);
    m = max(m, __shfl_xor_sync(0xFFFFFFFFu, m, 1));
    m = max(m, __shfl_xor_sync(0xFFFFFFFFu, m, 2));
    if (!valid) continue;
    const int byte = quant::mx_scale_byte(__uint_as_float(m), fmt, kMode);
    const float inv = quant::mx_inverse_scale(byte);
    const float scale = __uint_as_float(e8m0_f32_bits(static_cast<uint32_t>(byte)));
    int c[8];
    uint32_t o[4];
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      float v = __fmul_rn(f[j], inv);
      if (v != v) {
        c[j] = nan_code;
      } else {
        if (kClamp) v = v > fmt.max_pos ? fmt.max_pos : (v < -fmt.max_pos ? -fmt.max_pos : v);
        c[j] = quant::minifloat_encode(fmt, v);
      }
    }
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      o[j] = pack_bf16x2(__fmul_rn(mx_code_value<kElem>(c[2 * j]), scale), __fmul_rn(mx_code_value<kElem>(c[2 * j + 1]), scale));
    }
    *reinterpret_cast<uint4*>(xd + 8 * i) = make_uint4(o[0], o[1], o[2], o[3]);
    if (xq != nullptr) {
      if constexpr (kElem == 4) {
        uint32_t word = 0;
#pragma unroll
        for (int j = 0; j < 8; ++j) word |= static_cast<uint32_t>(c[j] & 0xF) << (4 * j);
        reinterpret_cast<uint32_t*>(xq)[i] = word;
      } else {
        uint2 b;
        b.x = (c[0] & 0xFF) | (c[1] & 0xFF) << 8 | (c[2] & 0xFF) << 16 | static_cast<uint32_t>(c[3] & 0xFF) << 24;
        b.y = (c[4] & 0xFF) | (c[5] & 0xFF) << 8 | (c[6] & 0xFF) << 16 | static_cast<uint32_t>(c[7] & 0xFF) << 24;
        reinterpret_cast<uint2*>(xq)[i] = b;
      }
      if ((i & 3) == 0) xs[i / 4] = static_cast<uint8_t>(byte);
    }
  }
}

// Where P_a comes from: amax bits of the whole activation (dynamic), a static fp32 scale, or
// neither (no per-tensor scale).
struct ActScale {
  const uint32_t* amax_bits;  // dynamic: max |x| bits (abs_max_bits_kernel), else null
  const float* p;             // static act_per_tensor_scale, else null
  __device__ __forceinline__ bool has() const { return amax_bits != nullptr || p != nullptr; }
  // per_tensor_amax_to_scale: fp32(amax) / 2688
  __device__ __forceinline__ float value() const {
    return amax_bits != nullptr ? __fdiv_rn(__uint_as_float(*amax_bits), 2688.0f) : (p != nullptr ? *p : 1.0f);
  }
};

// max |x| bits over n8 groups of 8, folded into *out (zeroed before) with atomicMax.
__global__ void __launch_bounds__(256) abs_max_bits_kernel(const __nv_bfloat16* __restrict__ x, size_t n8, uint32_t* out) {
  uint32_t m = 0;
  float f[8];
  for (size_t i = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n8; i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    m = max(m, load8_absmax(x, i, true, f));
  }
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) m = max(m, __shfl_xor_sync(0xFFFFFFFFu, m, o));
  if ((threadIdx.x & 31) == 0) atomicMax(out, m);
}

// NVFP4 activation: fp4 codes and e4m3 block scales (nvfp4.ts nvfp4Quantize), dequantized
// without P_a. kFusedAmax: one block computes amax(x) itself first (small M: one launch).
// pw / pprod: the weight's P (or null) and where bf16(P_a * P_w) goes (or null).
// xq / xs / xp null: only the dequantized activation. xs is swizzled (col_tiles = ceil(K/64)).
template <bool kFusedAmax>
__global__ void __launch_bounds__(512) nvfp4_act_quant_kernel(const __nv_bfloat16* __restrict__ x, size_t n8, int K,
                                                             ActScale as, __nv_bfloat16* __restrict__ xd,
                                                             uint8_t* __restrict__ xq, uint8_t* __restrict__ xs,
                                                             float* __restrict__ xp, const float* __restrict__ pw,
                                                             float* __restrict__ pprod) {
  __shared__ uint32_t s_amax;
  float P = 1.0f;
  bool has_p = as.has();
  if constexpr (kFusedAmax) {
    uint32_t m = 0;
    float f[8];
    for (size_t i = threadIdx.x; i < n8; i += blockDim.x) m = max(m, load8_absmax(x, i, true, f));
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) m = max(m, __shfl_xor_sync(0xFFFFFFFFu, m, o));
    if (threadIdx.x == 0) s_amax = 0;
    __syncthreads();
    if ((threadIdx.x & 31) == 0) atomicMax(&s_amax, m);
    __syncthreads();
    P = __fdiv_rn(__uint_as_float(s_amax), 2688.0f);
    has_p = true;
  } else if (has_p) {
    P = as.value();
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    if (xp != nullptr && has_p) *xp = P;
    // _addmm_nvfp4_dispatch's output factor T(P_a * P_w): the product of two fp32 is exact in
    // double, so it is rounded to bf16 once (the oracle's roundTo of the float64 product)
    if (pprod != nullptr) {
      const double pa = has_p ? static_cast<double>(P) : 1.0;
      *pprod = __bfloat162float(__double2bfloat16(pa * (pw != nullptr ? static_cast<double>(*pw) : 1.0)));
    }
  }
  const int col_tiles = (K / 16 + 3) / 4;
  const float inv_p = __fdiv_rn(1.0f, P);
  for (size_t base = static_cast<size_t>(blockIdx.x) * blockDim.x; base < n8; base += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const size_t i = base + threadIdx.x;
    const bool valid = i < n8;  // K % 16 == 0: both threads of a block are valid together
    float f[8];
    uint32_t m = load8_absmax(x, i, valid, f);
    m = max(m, __shfl_xor_sync(0xFFFFFFFFu, m, 1));
    if (!valid) continue;
    const float bs = __fdiv_rn(__uint_as_float(m), 6.0f);
    const float rel = has_p ? __fdiv_rn(bs, P) : bs;
    uint8_t s8 = 0xFF;
    if (rel == rel) s8 = __nv_cvt_float_to_fp8(fminf(448.0f, fmaxf(0.015625f, rel)), __NV_SATFINITE, __NV_E4M3);
    const float sv = e4m3_to_float(s8);
    const float mult = has_p ? __fdiv_rn(inv_p, sv) : __fdiv_rn(1.0f, sv);
    const quant::Nvfp4Policy::Q q{mult, P};
    int c[8];
#pragma unroll
    for (int j = 0; j < 8; ++j) c[j] = quant::Nvfp4Policy::code(q, f[j]);
    uint32_t o[4];
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      o[j] = pack_bf16x2(__fmul_rn(mx_code_value<4>(c[2 * j]), sv), __fmul_rn(mx_code_value<4>(c[2 * j + 1]), sv));
    }
    *reinterpret_cast<uint4*>(xd + 8 * i) = make_uint4(o[0], o[1], o[2], o[3]);
    if (xq != nullptr) {
      uint32_t word = 0;
#pragma unroll
      for (int j = 0; j < 8; ++j) word |= static_cast<uint32_t>(c[j] & 0xF) << (4 * j);
      reinterpret_cast<uint32_t*>(xq)[i] = word;
      if ((i & 1) == 0) {
        const size_t blk = i / 2;
        const int row = static_cast<int>(blk / (K / 16)), col = static_cast<int>(blk % (K / 16));
        xs[swizzled_scale_at(row, col, col_tiles)] = s8;
      }
    }
  }
}

}  // namespace qf
