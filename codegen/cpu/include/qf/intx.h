// IntxUnpackedToInt8Tensor (torchao-semantics.md §2.4, §2.5, §3.9, §3.10): int1..int8 values
// stored one per int8, groups of G along K (G = K for PerAxis(0)), affine qparams computed in
// the weight dtype D with eps = smallest normal of D, quantize_affine by the reciprocal in the
// scale dtype S and the product in promote(D, S). A scale dtype S ≠ D casts the D-computed
// scale and quantizes again with it. Dequantize: (q − zp) in D, times scale in promote(D, S),
// rounded to D. Also the fake-quantized int8 per-token activation of §3.10.
#pragma once
#include "linear_wo.h"
#include "reduce.h"

namespace qf::intx {

enum class Mapping : int { Sym = 0, Asym = 1, SymNoClip = 2 };

template <Dt A, Dt B> constexpr Dt promote() { return A == B ? A : Dt::F32; }

struct QParams {
  float scale, zero;
};

/** choose_qparams_affine in dtype D (torchao's _choose_qparams_affine). */
template <Dt D, Mapping M> QF_INLINE QParams choose(MinMax mm, float qmin, float qmax) {
  const float eps = smallest_normal<D>();
  const float mn = mm.mn < 0.0f ? mm.mn : 0.0f, mx = mm.mx > 0.0f ? mm.mx : 0.0f;
  float s, z = 0.0f;
  if (M == Mapping::Sym) {
    s = hp_round<D>((-mn > mx ? -mn : mx) / ((qmax - qmin) / 2.0f));
    z = std::trunc((qmax + qmin + 1.0f) / 2.0f);
  } else if (M == Mapping::SymNoClip) {
    const float smin = hp_round<D>(mn / qmin), smax = hp_round<D>(mx / qmax);
    s = smin > smax ? smin : smax;
    z = std::trunc((qmax + qmin + 1.0f) / 2.0f);
  } else {
    s = hp_round<D>(hp_round<D>(mx - mn) / (qmax - qmin));
    s = s < eps ? eps : s;
    z = clampf(hp_round<D>(qmin - rne(hp_round<D>(mn / s))), qmin, qmax);
  }
  return {s < eps ? eps : s, z};
}

/** torch's float → int cast of an already-integral value (NaN → INT_MIN, as x86 does). */
QF_INLINE int32_t to_int(float v) { return v == v ? int32_t(v) : INT32_MIN; }

/** quantize_affine: reciprocal rounded to S, product (and + zero) rounded to promote(D, S). */
template <Dt D, Dt S> QF_INLINE void quantize_block(const hp_t<D>* x, int64_t len, float scale, float zero,
                                                    float qmin, float qmax, int8_t* q) {
  constexpr Dt P = promote<D, S>();
  const float inv = hp_round<S>(1.0f / scale);
  for (int64_t i = 0; i < len; ++i) {
    const float v = rne(hp_round<P>(hp_load<D>(x, i) * inv));
    q[i] = int8_t(to_int(clampf(zero == 0.0f ? v : hp_round<P>(v + zero), qmin, qmax)));
  }
}

/** G = 0: one group per row (PerAxis(0)). S = scale dtype. */
template <Dt D, Dt S, Mapping M, int G> struct QuantizeWeight {
  struct Args {
    const hp_t<D>* w;
    int64_t N, K;
    float qmin, qmax;
    int8_t* q;
    hp_t<S>* scale;
    int8_t* zero;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    const int64_t g = G > 0 ? G : a.K, ng = a.K / g;
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t b = 0; b < ng; ++b) {
        const hp_t<D>* x = a.w + n * a.K + b * g;
        const QParams p = choose<D, M>(block_minmax<D>(x, g), a.qmin, a.qmax);
        const float s = hp_round<S>(p.scale);  // cast to the scale dtype (exact when S == D)
        a.scale[n * ng + b] = hp_encode<S>(s);
        a.zero[n * ng + b] = int8_t(p.zero);
        if (S == D) quantize_block<D, D>(x, g, p.scale, p.zero, a.qmin, a.qmax, a.q + n * a.K + b * g);
        else quantize_block<D, S>(x, g, s, p.zero, a.qmin, a.qmax, a.q + n * a.K + b * g);
      }
  }
};

/** dequantize_affine to D: (q − zp) in D, · scale in promote(D, S), rounded to D. */
template <Dt D, Dt S, int G> struct Decoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  const int8_t* q;
  const hp_t<S>* scale;
  const int8_t* zero;
  int64_t K;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    constexpr Dt P = promote<D, S>();
    const int64_t g = G > 0 ? G : K, ng = K / g;
    for (int64_t i = 0; i < len; ++i) {
      const int64_t b = n * ng + (k0 + i) / g;
      const float d = hp_round<D>(float(int32_t(q[n * K + k0 + i]) - int32_t(zero[b])));
      out[i] = hp_round<D>(hp_round<P>(d * hp_load<S>(scale, b)));
    }
  }
  QF_INLINE float finish(int64_t, int64_t, float acc) const { return hp_round<D>(acc); }
};

/**
 * _apply_int8_act_asym_per_token_quant_dequant: per token, ASYMMETRIC int8 qparams in x's
 * dtype (default eps), quantize and dequantize in that dtype. Writes the captured steps.
 */
template <Dt D> struct FakeQuantAct {
  struct Args {
    const hp_t<D>* x;
    int64_t M, K;
    int8_t* q;
    hp_t<D>* scale;
    int8_t* zero;
    hp_t<D>* deq;  // [M, K] dequantized, in D
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t m0, int64_t m1) {
    for (int64_t m = m0; m < m1; ++m) {
      const hp_t<D>* x = a.x + m * a.K;
      const QParams p = choose<D, Mapping::Asym>(block_minmax<D>(x, a.K), -128.0f, 127.0f);
      a.scale[m] = hp_encode<D>(p.scale);
      a.zero[m] = int8_t(p.zero);
      int8_t* q = a.q + m * a.K;
      quantize_block<D, D>(x, a.K, p.scale, p.zero, -128.0f, 127.0f, q);
      for (int64_t i = 0; i < a.K; ++i)
        a.deq[m * a.K + i] = hp_encode<D>(hp_round<D>(hp_round<D>(float(int32_t(q[i]) - int32_t(p.zero))) * p.scale));
    }
  }
};

}  // namespace qf::intx
