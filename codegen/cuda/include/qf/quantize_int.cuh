// Integer weight quantization policies for quantize_kernel.cuh, each the oracle's arithmetic
// (src/numerics) transcribed op for op:
//   Int4PlainPolicy  int4_plain (Int4Tensor, mslk): fp32 math, packed even-low nibbles,
//                    scale/zero in the weight dtype, transposed [groups, N] (int4-plain.ts);
//   AffinePolicy     choose_qparams_affine + quantize_affine (affine/qparams.ts, quantize.ts):
//                    int8 (Int8Tensor) and intx_unpacked_to_int8, int8 zero points.
// A policy supplies: choose (group stats -> Q), store_params (one thread per group),
// code (one element -> its integer), store_pair (two adjacent codes -> qdata).
#pragma once
#include "quantize_common.cuh"

namespace qf {
namespace quant {

struct Int4PlainPolicy {
  struct Params {
    int sym;       // 1: int4_row_quantize (amax / 8); 0: int4_row_quantize_zp
    int cuda_div;  // 1: x / 15 as x * fp32(1/15) (PyTorch's CUDA scalar division)
    int in_code;   // the weight dtype: scale and zero are stored in it
  };
  struct Out {
    uint8_t* q;
    void* scale;
    void* zero;
  };
  struct Q {
    float scale, mn;
  };

  __device__ static Q choose(const Params& p, const Stats& s) {
    const float kMinRange = 1e-6f;
    if (p.sym) {
      const float a = static_cast<float>(js_max(js_max(fabsf(s.mn), fabsf(s.mx)), kMinRange));
      return {__fdiv_rn(a, 8.0f), s.mn};
    }
    const float r = static_cast<float>(js_max(__fsub_rn(s.mx, s.mn), kMinRange));
    const float scale = p.cuda_div ? __fmul_rn(r, 1.0f / 15.0f) : __fdiv_rn(r, 15.0f);
    return {scale, s.mn};
  }
  __device__ static size_t scale_index(int N, int gpr, int n, int gi, bool) {
    (void)gpr;
    return static_cast<size_t>(gi) * N + n;
  }
  __device__ static void store_params(const Params& p, const Out& o, const Q& q, size_t i) {
    store_as(o.scale, i, q.scale, p.in_code);
    store_as(o.zero, i, p.sym ? 0.0f : __fadd_rn(q.mn, __fmul_rn(q.scale, 8.0f)), p.in_code);
  }
  // A NaN code is stored by the oracle's Int8Array as 0.
  __device__ static int code(const Params& p, const Q& q, float x) {
    if (p.sym) {
      const float t = rintf(__fdiv_rn(x, q.scale));
      return t != t ? 0 : static_cast<int>(fminf(fmaxf(t, -8.0f), 7.0f));
    }
    const float t = rintf(__fdiv_rn(__fsub_rn(x, q.mn), q.scale));
    return t != t ? 0 : static_cast<int>(fminf(fmaxf(t, 0.0f), 15.0f)) - 8;
  }
  __device__ static void store_pair(const Out& o, size_t i, int c0, int c1, bool) {
    o.q[i / 2] = static_cast<uint8_t>((c0 & 0xf) | ((c1 & 0xf) << 4));
  }
  // Eight codes from element i (a multiple of 8): one 4-byte store.
  __device__ static void store8(const Out& o, size_t i, const int (&c)[8]) {
    uint32_t word = 0;
#pragma unroll
    for (int k = 0; k < 8; ++k) word |= static_cast<uint32_t>(c[k] & 0xf) << (4 * k);
    reinterpret_cast<uint32_t*>(o.q)[i / 8] = word;
  }
};

struct AffinePolicy {
  enum Mapping : int { kSymmetric = 0, kAsymmetric = 1, kSymmetricNoClippingErr = 2 };
  struct Params {
    int mapping;
    int cuda_div;  // tensor / python number as PyTorch on CUDA: times the fp32 reciprocal
    int qmin, qmax;
    double eps;      // before rounding to the input dtype
    int in_code;     // T: every qparams op is rounded to it
    int scale_code;  // S: the stored scale dtype (the reciprocal is rounded to it)
  };
  struct Out {
    int8_t* q;
    void* scale;
    int8_t* zero;
  };
  struct Q {
    double scale, recip, zp;
    int prod_code;  // promote(T, S): the dtype of x * recip and of + zero_point
  };

  // `tensor / python_number` before rounding (the oracle's divScalar): CPU divides, CUDA
  // multiplies by fp32(1 / c).
  __device__ static double div_scalar(const Params& p, double v, double c) {
    return p.cuda_div ? v * static_cast<double>(__double2float_rn(1.0 / c)) : v / c;
  }

  __device__ static Q choose(const Params& p, const Stats& s) {
    const int T = p.in_code;
    const double nan = __longlong_as_double(0x7ff8000000000000ll);
    const double mn = s.nan ? nan : s.mn, mx = s.nan ? nan : s.mx;  // torch.amin/amax propagate NaN
    const double eps = round_to(p.eps, T);
    const double mn_neg = js_min(mn, 0.0), mx_pos = js_max(mx, 0.0);
    const double qmin = p.qmin, qmax = p.qmax;
    double sc, zp = static_cast<double>(static_cast<int>((p.qmax + p.qmin + 1) / 2));
    if (p.mapping == kSymmetric) {
      sc = round_to(div_scalar(p, js_max(-mn_neg, mx_pos), (qmax - qmin) / 2), T);
    } else if (p.mapping == kSymmetricNoClippingErr) {
      const double smin = round_to(div_scalar(p, mn_neg, qmin), T), smax = round_to(div_scalar(p, mx_pos, qmax), T);
      sc = smin > smax ? smin : smax;
    } else {
      sc = round_to(div_scalar(p, round_to(mx_pos - mn_neg, T), qmax - qmin), T);
      if (sc < eps) sc = eps;
      const double z = round_to(qmin - rint(round_to(mn_neg / sc, T)), T);
      zp = z < qmin ? qmin : z > qmax ? qmax : z;
    }
    const double scale = round_to(sc < eps ? eps : sc, p.scale_code);
    return {scale, round_to(1.0 / scale, p.scale_code), zp, promote(T, p.scale_code)};
  }
  __device__ static size_t scale_index(int, int gpr, int n, int gi, bool per_tensor) {
    return per_tensor ? 0 : static_cast<size_t>(n) * gpr + gi;
  }
  __device__ static void store_params(const Params& p, const Out& o, const Q& q, size_t i) {
    store_as(o.scale, i, static_cast<float>(q.scale), p.scale_code);
    o.zero[i] = static_cast<int8_t>(static_cast<int>(q.zp));
  }
  // quantize_affine: clamp(RNE(x * recip) + zp) with each op rounded to promote(T, S).
  __device__ static int code(const Params& p, const Q& q, float x) {
    const double r = rint(round_to(static_cast<double>(x) * q.recip, q.prod_code));
    const double v = round_to(r + q.zp, q.prod_code);
    if (v != v) return INT32_MIN;  // the oracle rejects it when storing int8
    return static_cast<int>(v < p.qmin ? p.qmin : v > p.qmax ? p.qmax : v);
  }
  __device__ static void store_pair(const Out& o, size_t i, int c0, int c1, bool has1) {
    o.q[i] = static_cast<int8_t>(c0);
    if (has1) o.q[i + 1] = static_cast<int8_t>(c1);
  }
  __device__ static void store8(const Out& o, size_t i, const int (&c)[8]) { store_bytes8(o.q + i, c); }
};

}  // namespace quant
}  // namespace qf
