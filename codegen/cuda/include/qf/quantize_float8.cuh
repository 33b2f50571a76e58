// Float8 weight quantization policy for quantize_kernel.cuh (Float8Tensor.from_hp; the oracle's
// float8-primitives.ts): amax = abs().amax() (NaN propagates), scale = T(fp32(amax / max))
// stored fp32 (no eps: a zero block has scale 0), q = RNE cast of clamp(fp32(x / scale), ±max).
// NaN results follow the oracle: a NaN input keeps its sign; an invalid division (0/0, inf/inf)
// gives the negative default NaN as on x86 (torchao on CPU), or CUDA's positive canonical NaN
// (`cuda_nan`, torchao on CUDA); byte 0x7f | sign for e4m3fn and e5m2 alike.
#pragma once
#include <cuda_fp8.h>

#include "quantize_common.cuh"

namespace qf {
namespace quant {

struct Float8Policy {
  struct Params {
    int e5m2;     // 0: float8_e4m3fn, 1: float8_e5m2
    int in_code;  // T: the scale is rounded to it
    int cuda_nan; // 1: an invalid division gives +NaN (torchao on CUDA), 0: -NaN (on x86)
  };
  struct Out {
    uint8_t* q;
    float* scale;
  };
  struct Q {
    float scale, max;
    int e5m2, cuda_nan;
  };

  __device__ static Q choose(const Params& p, const Stats& s) {
    const float max = p.e5m2 ? 57344.0f : 448.0f;
    // with no NaN, max |x| is max(|min|, |max|); an empty block keeps amax = 0
    float amax = s.nan ? __int_as_float(0x7fc00000) : fmaxf(fabsf(s.mn), fabsf(s.mx));
    if (!s.nan && s.mn > s.mx) amax = 0.0f;
    float scale = round_to(__fdiv_rn(amax, max), p.in_code);
    if (scale != scale) scale = __int_as_float(0x7fc00000);  // the oracle stores the canonical NaN
    return {scale, max, p.e5m2, p.cuda_nan};
  }
  __device__ static size_t scale_index(int, int gpr, int n, int gi, bool per_tensor) {
    return per_tensor ? 0 : static_cast<size_t>(n) * gpr + gi;
  }
  __device__ static void store_params(const Params&, const Out& o, const Q& q, size_t i) { o.scale[i] = q.scale; }
  __device__ static int code(const Params&, const Q& q, float x) {
    float v = __fdiv_rn(x, q.scale);
    if (v != v) {
      const bool neg = x != x ? (__float_as_uint(x) >> 31) != 0 : q.scale == q.scale && !q.cuda_nan;
      return neg ? 0xff : 0x7f;
    }
    v = fminf(fmaxf(v, -q.max), q.max);
    return q.e5m2 ? __nv_cvt_float_to_fp8(v, __NV_SATFINITE, __NV_E5M2)
                  : __nv_cvt_float_to_fp8(v, __NV_SATFINITE, __NV_E4M3);
  }
  __device__ static void store_pair(const Out& o, size_t i, int c0, int c1, bool has1) {
    o.q[i] = static_cast<uint8_t>(c0);
    if (has1) o.q[i + 1] = static_cast<uint8_t>(c1);
  }
  __device__ static void store8(const Out& o, size_t i, const int (&c)[8]) { store_bytes8(o.q + i, c); }
};

}  // namespace quant
}  // namespace qf
