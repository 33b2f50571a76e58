// MX weight quantization policy for quantize_kernel.cuh (MXTensor.to_mx; the oracle's
// mx-primitives.ts, mx-scale.ts, minifloat.ts): blocks of `block_size` along K, an e8m0 scale
// byte per block from the fp32 bits of its amax in one of four modes, elements scaled by
// 2^(127 - byte) and encoded RNE (fp8 bytes, fp6 codes one per byte, fp4 packed even-low);
// scales written in torchao's to_blocked swizzle.
#pragma once
#include "quantize_common.cuh"

namespace qf {
namespace quant {

// A saturating-or-inf minifloat with `ebits`/`mbits`, RNE exactly as the oracle's codec.
struct MiniFloat {
  int ebits, mbits, bias, max_code, overflow_code;
  float max_pos;
  int target_max_pow2;
};

// float8_e4m3fn, float8_e5m2, fp6_e2m3, fp6_e3m2, fp4_e2m1 (MXElement order of the host).
__device__ __forceinline__ MiniFloat mx_element(int e) {
  switch (e) {
    case 0: return {4, 3, 7, 0x7e, 0x7e, 448.0f, 8};
    case 1: return {5, 2, 15, 0x7b, 0x7c, 57344.0f, 15};
    case 2: return {2, 3, 1, 0x1f, 0x1f, 7.5f, 2};
    case 3: return {3, 2, 3, 0x1f, 0x1f, 28.0f, 4};
    default: return {2, 1, 1, 0x7, 0x7, 6.0f, 2};
  }
}

// The oracle's encodeMagnitude + sign (v not NaN).
__device__ __forceinline__ int minifloat_encode(const MiniFloat& f, float v) {
  const bool negative = signbit(v);
  const float a = fabsf(v);
  int code;
  if (isinf(a)) {
    code = f.overflow_code;
  } else if (a < ldexpf(1.0f, 1 - f.bias)) {
    code = static_cast<int>(rintf(__fmul_rn(a, ldexpf(1.0f, f.mbits - (1 - f.bias)))));
  } else {
    const uint32_t bits = __float_as_uint(a);
    const int drop = 23 - f.mbits;
    const uint32_t r = (bits + ((1u << (drop - 1)) - 1) + ((bits >> drop) & 1u)) >> drop;
    code = static_cast<int>(r) - ((127 - f.bias) << f.mbits);
    if (code > f.max_code) code = f.overflow_code;
  }
  return negative ? code | (1 << (f.ebits + f.mbits)) : code;
}

// The code torchao's fp6/fp4 bit arithmetic gives a NaN (floatx.ts floatxCodeOfNaN); fp8: 0x7f.
__device__ __forceinline__ int mx_nan_code(const MiniFloat& f, int element) {
  if (element <= 1) return 0x7f;
  const long long bits = 0x7fc00000ll;
  const int shift = 23 - f.mbits;
  const long long odd = (bits >> shift) & 1;
  const long long n = bits + static_cast<long long>(f.bias - 127) * (1ll << 23) + ((1ll << (shift - 1)) - 1) + odd;
  return static_cast<int>((n >> shift) & 0xff);
}

// mx-scale.ts mxScaleByte. mode: 0 FLOOR, 1 RCEIL, 2 CEIL, 3 EVEN.
__device__ __forceinline__ int mx_scale_byte(float amax, const MiniFloat& f, int mode) {
  if (mode == 1) {
    const float descale = __fmul_rn(amax, __fdiv_rn(1.0f, f.max_pos));
    if (isinf(descale) || descale != descale) return 255;
    const uint32_t bits = __float_as_uint(descale);
    const int biased = (bits >> 23) & 0xff;
    if (biased == 0) return descale > 5.877471754111438e-39f /* 2^-127 */ ? 1 : 0;
    return min(255, biased + ((bits & 0x7fffff) != 0 ? 1 : 0));
  }
  uint32_t bits = __float_as_uint(amax);
  if (mode == 3) bits = (bits + (1u << (23 - f.mbits - 1))) & 0xff800000u;
  const int biased = (bits >> 23) & 0xff;
  if (biased == 0xff) return 255;
  int e = biased - 127;
  if (mode == 2 && (bits & 0x7fffff) != 0) e += 1;
  const int unbiased = min(128, max(-127, e - f.target_max_pow2));
  return unbiased + 127;
}

// 2^(127 - byte) as fp32 (2^-127 is subnormal); byte 255: NaN.
__device__ __forceinline__ float mx_inverse_scale(int byte) {
  if (byte == 255) return __int_as_float(0x7fc00000);
  const int e = 127 - byte;
  return e >= -126 ? __int_as_float((e + 127) << 23) : __int_as_float(0x00400000);
}

struct MxPolicy {
  struct Params {
    int element;  // MXElement index (mx_element)
    int mode;     // scaling mode
  };
  struct Out {
    uint8_t* q;
    uint8_t* scale;  // swizzled, zero-padded by the host
    int packed;      // fp4: two codes per byte
  };
  struct Q {
    MiniFloat f;
    float inv;
    int byte, nan_code, clamp;
  };
  __device__ static Q choose(const Params& p, const Stats& s) {
    Q q;
    q.f = mx_element(p.element);
    const float amax = s.nan ? __int_as_float(0x7fc00000) : fmaxf(fabsf(s.mn), fabsf(s.mx));
    q.byte = mx_scale_byte(amax, q.f, p.mode);
    q.inv = mx_inverse_scale(q.byte);
    q.nan_code = mx_nan_code(q.f, p.element);
    q.clamp = p.element == 1 && p.mode != 1;  // e5m2 is clamped except in RCEIL
    return q;
  }
  // torchao's to_blocked, as for NVFP4 (quantize_nvfp4.cuh)
  __device__ static size_t scale_index(int, int gpr, int n, int gi, bool) {
    const int col_tiles = (gpr + 3) / 4;
    const size_t tile = static_cast<size_t>(n / 128) * col_tiles + gi / 4;
    const int rt = n % 128;
    return tile * 512 + (rt % 32) * 16 + (rt / 32) * 4 + gi % 4;
  }
  __device__ static void store_params(const Params&, const Out& o, const Q& q, size_t i) { o.scale[i] = static_cast<uint8_t>(q.byte); }
  __device__ static int code(const Params&, const Q& q, float x) {
    float v = __fmul_rn(x, q.inv);
    if (v != v) return q.nan_code;
    if (q.clamp) v = v > q.f.max_pos ? q.f.max_pos : v < -q.f.max_pos ? -q.f.max_pos : v;
    return minifloat_encode(q.f, v);
  }
  __device__ static void store_pair(const Out& o, size_t i, int c0, int c1, bool has1) {
    if (o.packed) {
      o.q[i / 2] = static_cast<uint8_t>((c0 & 0xf) | ((c1 & 0xf) << 4));
    } else {
      o.q[i] = static_cast<uint8_t>(c0);
      if (has1) o.q[i + 1] = static_cast<uint8_t>(c1);
    }
  }
  __device__ static void store8(const Out& o, size_t i, const int (&c)[8]) {
    if (o.packed) {
      uint32_t word = 0;
#pragma unroll
      for (int k = 0; k < 8; ++k) word |= static_cast<uint32_t>(c[k] & 0xf) << (4 * k);
      reinterpret_cast<uint32_t*>(o.q)[i / 8] = word;
    } else {
      store_bytes8(o.q + i, c);
    }
  }
};

}  // namespace quant
}  // namespace qf
