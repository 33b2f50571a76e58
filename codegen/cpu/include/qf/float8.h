// Float8Tensor (torchao-semantics.md §2.7, §3.3, §3.4): scale = amax / max in dtype D (no
// eps: a zero block gives 0/0 = NaN for every element), q = fp8(clamp(fp32(x) / scale)), by
// true division. Weights per tensor, per row or per group; activations per token or per
// tensor with an optional [lb, ub] clamp of the amax. Dequantization is a decode table
// followed by fp32 · scale.
#pragma once
#include "linear_wo.h"
#include "minifloat.h"
#include "reduce.h"

namespace qf::float8 {

template <const Mini& F> constexpr float max_value() { return &F == &kE4M3 ? 448.0f : 57344.0f; }

template <Dt D, const Mini& F> QF_INLINE float scale_of(float amax) { return hp_round<D>(amax / max_value<F>()); }

template <Dt D, const Mini& F> QF_INLINE void quantize_block(const hp_t<D>* x, int64_t len, float scale, uint8_t* q) {
  constexpr float mx = max_value<F>();
  for (int64_t i = 0; i < len; ++i) q[i] = uint8_t(mini_encode<F>(clampf(hp_load<D>(x, i) / scale, -mx, mx)));
}

/** Block = 0: per row, -1: per tensor (amax given), > 0: groups of Block columns. */
template <Dt D, const Mini& F, int Block> struct QuantizeWeight {
  struct Args {
    const hp_t<D>* w;
    int64_t N, K;
    float tensor_amax;
    uint8_t* q;
    float* scale;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    const int64_t bs = Block > 0 ? Block : a.K, nb = a.K / bs;
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t b = 0; b < nb; ++b) {
        const hp_t<D>* x = a.w + n * a.K + b * bs;
        const float s = scale_of<D, F>(Block < 0 ? a.tensor_amax : block_amax<D>(x, bs));
        if (Block >= 0) a.scale[n * nb + b] = s;
        else if (n == 0) a.scale[0] = s;
        quantize_block<D, F>(x, bs, s, a.q + n * a.K + b * bs);
      }
  }
};

/** Activation: per token or per tensor; amax clamped to [lb, ub] (NaN = no bound). */
template <Dt D, const Mini& F, bool PerTensor> struct QuantizeAct {
  struct Args {
    const hp_t<D>* x;
    int64_t M, K;
    float tensor_amax, lb, ub;
    uint8_t* q;
    float* scale;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t m0, int64_t m1) {
    for (int64_t m = m0; m < m1; ++m) {
      const hp_t<D>* x = a.x + m * a.K;
      float amax = PerTensor ? a.tensor_amax : block_amax<D>(x, a.K);
      if (!std::isnan(a.lb) && amax < a.lb) amax = a.lb;
      if (!std::isnan(a.ub) && amax > a.ub) amax = a.ub;
      const float s = scale_of<D, F>(hp_round<D>(amax));  // clamp of a tensor in D: the bound rounds to D
      if (!PerTensor || m == 0) a.scale[PerTensor ? 0 : m] = s;
      quantize_block<D, F>(x, a.K, s, a.q + m * a.K);
    }
  }
};

/** Weight decoder: D(fp32(q) · scale), the weight-only linear's dequantized weight. */
template <const Mini& F> constexpr avx512::Elem elem_of() { return &F == &kE4M3 ? avx512::Elem::E4M3 : avx512::Elem::E5M2; }

template <Dt D, const Mini& F, int Block> struct Decoder {
  static constexpr avx512::Elem kRaw = Block <= 0 ? elem_of<F>() : avx512::Elem::None;
  const uint8_t* q;
  const float* scale;
  int64_t K;
  QF_INLINE const uint8_t* raw_row(int64_t n) const { return q + n * K; }
  QF_INLINE float raw_at(int64_t n, int64_t k) const { return mini_table<F>()[q[n * K + k]]; }
  /** Row/tensor scale factored out of the dot: D(acc · s), within the linear tolerance. */
  QF_INLINE float finish_raw(int64_t n, int64_t, float acc) const { return hp_round<D>(acc * scale_at(n, 0)); }
  QF_INLINE float scale_at(int64_t n, int64_t k) const {
    return Block > 0 ? scale[n * (K / Block) + k / Block] : scale[Block == 0 ? n : 0];
  }
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const float* table = mini_table<F>();
    const uint8_t* src = q + n * K + k0;
    for (int64_t i = 0; i < len; ++i) out[i] = hp_round<D>(table[src[i]] * scale_at(n, k0 + i));
  }
  QF_INLINE float finish(int64_t, int64_t, float acc) const { return hp_round<D>(acc); }
  QF_INLINE void dequant(int64_t n, int64_t k0, int64_t len, float* out) const { decode(n, k0, len, out); }
};

/**
 * _scaled_mm decoder: raw fp32(wq); the epilogue is (acc · sa) · sb in fp32 and the single
 * rounding to D happens after the bias (torchao-semantics.md §3.4.3).
 */
template <Dt D, const Mini& F, bool PerTensor> struct ScaledDecoder {
  static constexpr avx512::Elem kRaw = elem_of<F>();
  QF_INLINE const uint8_t* raw_row(int64_t n) const { return q + n * K; }
  QF_INLINE float raw_at(int64_t n, int64_t k) const { return mini_table<F>()[q[n * K + k]]; }
  QF_INLINE float finish_raw(int64_t n, int64_t m, float acc) const { return finish(n, m, acc); }
  const uint8_t* q;
  const float* sw;  // [N] or [1]
  const float* sa;  // [M] or [1]
  int64_t K;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const float* table = mini_table<F>();
    const uint8_t* src = q + n * K + k0;
    for (int64_t i = 0; i < len; ++i) out[i] = table[src[i]];
  }
  QF_INLINE float finish(int64_t n, int64_t m, float acc) const {
    return (acc * sa[PerTensor ? 0 : m]) * sw[PerTensor ? 0 : n];
  }
};

}  // namespace qf::float8
