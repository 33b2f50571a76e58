// Scalar foundations shared by every generated CPU kernel: float formats as bit patterns and
// "compute in dtype D" emulation. PyTorch computes each elementwise op on a bf16/fp16 tensor
// in fp32 and rounds the result to the tensor's dtype; `HpRound<D>` is that rounding, so a
// chain of ops written with it reproduces PyTorch bit for bit (torchao-semantics.md, Notation).
//
// Floating-point contraction is switched off for everything that includes this header:
// `a + b * c` must round twice, as PyTorch does. Dot products ask for FMA explicitly
// (__builtin_fmaf), which still vectorizes.
#pragma once
#pragma GCC optimize("fp-contract=off")

#include <cmath>
#include <cstdint>
#include <cstring>

#define QF_INLINE inline __attribute__((always_inline))

namespace qf {

enum class Dt : int { F32 = 0, BF16 = 1, F16 = 2 };

QF_INLINE uint32_t f32_bits(float v) { uint32_t b; std::memcpy(&b, &v, 4); return b; }
QF_INLINE float f32_from_bits(uint32_t b) { float v; std::memcpy(&v, &b, 4); return v; }

// ---- bfloat16: RNE from fp32, NaN stays a quiet NaN with its sign (PyTorch c10::BFloat16).
QF_INLINE uint16_t bf16_from_f32(float v) {
  uint32_t b = f32_bits(v);
  if ((b & 0x7fffffffu) > 0x7f800000u) return uint16_t((b >> 16) | 0x40u);
  b += 0x7fffu + ((b >> 16) & 1u);
  return uint16_t(b >> 16);
}
QF_INLINE float f32_from_bf16(uint16_t h) { return f32_from_bits(uint32_t(h) << 16); }

// ---- float16: RNE from fp32 with subnormals and overflow to inf (IEEE binary16).
QF_INLINE uint16_t f16_from_f32(float v) {
  uint32_t b = f32_bits(v);
  uint16_t sign = uint16_t((b >> 16) & 0x8000u);
  uint32_t a = b & 0x7fffffffu;
  if (a > 0x7f800000u) return uint16_t(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
  if (a >= 0x477ff000u) return uint16_t(sign | 0x7c00u);  // >= 65520 rounds to inf
  if (a < 0x38800000u) {                                   // below 2^-14: subnormal result
    // value = a_float; units of 2^-24, round half to even.
    float af = f32_from_bits(a);
    float q = std::nearbyint(af * 16777216.0f);  // exact scaling by 2^24, RNE
    return uint16_t(sign | uint16_t(q));
  }
  uint32_t mant_round = a + 0xfffu + ((a >> 13) & 1u);
  uint32_t e = ((mant_round >> 23) - 127 + 15);
  return uint16_t(sign | (e << 10) | ((mant_round >> 13) & 0x3ffu));
}
QF_INLINE float f32_from_f16(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000u) << 16;
  uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 0) {
    float v = float(m) * (1.0f / 16777216.0f);
    return sign ? -v : v;
  }
  if (e == 31) return f32_from_bits(sign | 0x7f800000u | (m << 13));
  return f32_from_bits(sign | ((e - 15 + 127) << 23) | (m << 13));
}

// ---- "the result of one op in dtype D": identity for fp32, RNE to bf16/fp16 otherwise.
template <Dt D> QF_INLINE float hp_round(float v) {
  if constexpr (D == Dt::F32) return v;
  else if constexpr (D == Dt::BF16) return f32_from_bf16(bf16_from_f32(v));
  else return f32_from_f16(f16_from_f32(v));
}

// Storage of a high-precision element of dtype D.
template <Dt D> struct HpStorage;
template <> struct HpStorage<Dt::F32> { using type = float; };
template <> struct HpStorage<Dt::BF16> { using type = uint16_t; };
template <> struct HpStorage<Dt::F16> { using type = uint16_t; };
template <Dt D> using hp_t = typename HpStorage<D>::type;

template <Dt D> QF_INLINE float hp_load(const hp_t<D>* p, int64_t i) {
  if constexpr (D == Dt::F32) return p[i];
  else if constexpr (D == Dt::BF16) return f32_from_bf16(p[i]);
  else return f32_from_f16(p[i]);
}
template <Dt D> QF_INLINE hp_t<D> hp_encode(float v) {
  if constexpr (D == Dt::F32) return v;
  else if constexpr (D == Dt::BF16) return bf16_from_f32(v);
  else return f16_from_f32(v);
}

/** torch.finfo(D).smallest_normal, the default eps of choose_qparams_affine. */
template <Dt D> constexpr float smallest_normal() {
  return D == Dt::F16 ? 6.103515625e-05f : 1.17549435e-38f;
}
constexpr float kF32Eps = 1.1920928955078125e-07f;  // torch.finfo(torch.float32).eps

/** torch.round: half to even (the default FP environment rounds to nearest even). */
QF_INLINE float rne(float v) { return std::nearbyint(v); }

QF_INLINE float clampf(float v, float lo, float hi) {  // torch.clamp: NaN propagates
  if (std::isnan(v)) return v;
  return v < lo ? lo : (v > hi ? hi : v);
}

}  // namespace qf
