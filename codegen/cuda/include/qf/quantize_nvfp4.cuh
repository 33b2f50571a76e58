// NVFP4 weight quantization policy for quantize_kernel.cuh (NVFP4Tensor.to_nvfp4; the oracle's
// nvfp4.ts): blocks of 16 along K, fp4 e2m1 codes packed even-low, e4m3 block scales written
// in torchao's to_blocked (cuBLAS) swizzle, and optionally a per-tensor fp32 scale
// P = amax / 2688 that the block scales are relative to.
//   bs = fp32(amax_block / 6); rel = P ? fp32(bs / P) : bs
//   s8 = e4m3(clamp(rel, 2^-6, 448)) (NaN -> 0xff); s = value of s8
//   mult = P ? fp32(fp32(1 / P) / s) : fp32(1 / s); code = e2m1(clamp(fp32(x * mult), ±6)), NaN -> 7
#pragma once
#include <cuda_fp8.h>

#include "quantize_common.cuh"

namespace qf {
namespace quant {

struct Nvfp4Policy {
  struct Params {
    const int* tensor_stats;  // keys of the whole tensor's min/max/NaN, or null: no per-tensor scale
  };
  struct Out {
    uint8_t* q;
    uint8_t* scale;           // swizzled, zero-padded by the host
    float* per_tensor_scale;  // 0-d, or null
  };
  struct Q {
    float mult, p;
  };

  __device__ static float amax_of(float mn, float mx, int nan) {
    return nan ? __int_as_float(0x7fc00000) : fmaxf(fabsf(mn), fabsf(mx));
  }

  // RNE onto the e2m1 grid {0, .5, 1, 1.5, 2, 3, 4, 6}; ties go to the even code.
  __device__ static int e2m1(float v) {
    const float a = fabsf(v);
    const int m = a <= 0.25f ? 0 : a < 0.75f ? 1 : a <= 1.25f ? 2 : a < 1.75f ? 3 : a <= 2.5f ? 4 : a < 3.5f ? 5 : a <= 5.0f ? 6 : 7;
    return signbit(v) ? (m | 8) : m;
  }

  __device__ static Q choose(const Params& p, const Stats& s, uint8_t* s8_out) {
    float P = 0.0f;
    if (p.tensor_stats) {
      const float t = amax_of(key_float(p.tensor_stats[0]), key_float(p.tensor_stats[1]), p.tensor_stats[2]);
      P = __fdiv_rn(t, 2688.0f);
    }
    const float bs = __fdiv_rn(amax_of(s.mn, s.mx, s.nan), 6.0f);
    const float rel = p.tensor_stats ? __fdiv_rn(bs, P) : bs;
    uint8_t s8 = 0xff;
    if (rel == rel) s8 = __nv_cvt_float_to_fp8(fminf(448.0f, fmaxf(0.015625f, rel)), __NV_SATFINITE, __NV_E4M3);
    *s8_out = s8;
    const float sv = __half2float(__half(__nv_cvt_fp8_to_halfraw(s8, __NV_E4M3)));
    const float mult = p.tensor_stats ? __fdiv_rn(__fdiv_rn(1.0f, P), sv) : __fdiv_rn(1.0f, sv);
    return {mult, P};
  }
  __device__ static int code(const Q& q, float x) {
    const float v = __fmul_rn(x, q.mult);
    return v != v ? 7 : e2m1(fminf(6.0f, fmaxf(-6.0f, v)));
  }
};

// Adapts Nvfp4Policy to quantize_kernel's policy interface (choose also yields the scale byte).
struct Nvfp4KernelPolicy {
  using Params = Nvfp4Policy::Params;
  using Out = Nvfp4Policy::Out;
  struct Q {
    Nvfp4Policy::Q q;
    uint8_t s8;
  };
  __device__ static Q choose(const Params& p, const Stats& s) {
    Q r;
    r.q = Nvfp4Policy::choose(p, s, &r.s8);
    return r;
  }
  // torchao's to_blocked: 128x4 tiles, row-tile-major; (r, c) -> (r % 32) * 16 + (r % 128 / 32) * 4 + c % 4
  __device__ static size_t scale_index(int, int gpr, int n, int gi, bool) {
    const int col_tiles = (gpr + 3) / 4;
    const size_t tile = static_cast<size_t>(n / 128) * col_tiles + gi / 4;
    const int rt = n % 128;
    return tile * 512 + (rt % 32) * 16 + (rt / 32) * 4 + gi % 4;
  }
  __device__ static void store_params(const Params& p, const Out& o, const Q& q, size_t i) {
    o.scale[i] = q.s8;
    if (i == 0 && o.per_tensor_scale && p.tensor_stats) {
      *o.per_tensor_scale = q.q.p == q.q.p ? q.q.p : __int_as_float(0x7fc00000);  // the oracle's NaN
    }
  }
  __device__ static int code(const Params&, const Q& q, float x) { return Nvfp4Policy::code(q.q, x); }
  __device__ static void store_pair(const Out& o, size_t i, int c0, int c1, bool) {
    o.q[i / 2] = static_cast<uint8_t>((c0 & 0xf) | ((c1 & 0xf) << 4));
  }
  __device__ static void store8(const Out& o, size_t i, const int (&c)[8]) {
    uint32_t word = 0;
#pragma unroll
    for (int k = 0; k < 8; ++k) word |= static_cast<uint32_t>(c[k] & 0xf) << (4 * k);
    reinterpret_cast<uint32_t*>(o.q)[i / 8] = word;
  }
};

}  // namespace quant
}  // namespace qf
