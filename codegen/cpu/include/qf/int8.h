// Int8Tensor (torchao-semantics.md §3.1, §3.2): symmetric int8 weights with fp32 scales and
// fp32-eps clamping, int8 dynamic activations (symmetric or asymmetric, per token or per
// tensor), the weight-only decoder and the integer-GEMM linear.
#pragma once
#include "linear_wo.h"
#include "reduce.h"

namespace qf::int8 {

/** Quantization range: [-128, 127], or [-64, 63] with reduce_range. */
struct Range {
  float qmin, qmax;
};
constexpr Range range(bool reduce) { return reduce ? Range{-64.f, 63.f} : Range{-128.f, 127.f}; }

/** choose_qparams_affine SYMMETRIC in dtype D, eps = fp32 machine eps, scale widened to fp32. */
template <Dt D> QF_INLINE float sym_scale(float amax, Range r) {
  const float s = hp_round<D>(amax / ((r.qmax - r.qmin) / 2.0f));
  return hp_round<D>(s < kF32Eps ? kF32Eps : s);
}

struct Affine {
  float scale, zero;
};
/** ASYMMETRIC: scale = (max⁺ − min⁻)/(qmax − qmin), zero = qmin − round(min⁻/scale), in D. */
template <Dt D> QF_INLINE Affine asym_params(MinMax mm, Range r, float eps) {
  const float mn = mm.mn < 0.0f ? mm.mn : 0.0f, mx = mm.mx > 0.0f ? mm.mx : 0.0f;
  float s = hp_round<D>(hp_round<D>(mx - mn) / (r.qmax - r.qmin));
  s = hp_round<D>(s < eps ? eps : s);
  const float z = clampf(r.qmin - rne(hp_round<D>(mn / s)), r.qmin, r.qmax);
  return {s, z};
}

/** q = clamp(round(x * fp32(1/scale)) + zero, qmin, qmax) with an fp32 scale. */
template <Dt D> QF_INLINE void quantize_block(const hp_t<D>* x, int64_t len, float scale, float zero, Range r,
                                              int8_t* q) {
  const float inv = 1.0f / scale;
  for (int64_t i = 0; i < len; ++i) q[i] = int8_t(clampf(rne(hp_load<D>(x, i) * inv) + zero, r.qmin, r.qmax));
}

/**
 * Weight quantization, `Block` columns per scale (Block = 0: whole row, -1: whole tensor,
 * whose amax the caller computes first into `tensor_amax`).
 */
template <Dt D, int Block, bool Reduce> struct QuantizeWeight {
  struct Args {
    const hp_t<D>* w;
    int64_t N, K;
    float tensor_amax;
    int8_t* q;
    float* scale;
    int8_t* zero;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    const Range r = range(Reduce);
    const int64_t bs = Block > 0 ? Block : a.K, nb = a.K / bs;
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t b = 0; b < nb; ++b) {
        const hp_t<D>* x = a.w + n * a.K + b * bs;
        const float s = sym_scale<D>(Block < 0 ? a.tensor_amax : block_amax<D>(x, bs), r);
        if (Block >= 0) { a.scale[n * nb + b] = s; a.zero[n * nb + b] = 0; }
        else if (n == 0) { a.scale[0] = s; a.zero[0] = 0; }
        quantize_block<D>(x, bs, s, 0.0f, r, a.q + n * a.K + b * bs);
      }
  }
};

/** Per-row amax of a matrix (for the per-tensor reduction). */
template <Dt D> struct RowAmax {
  struct Args {
    const hp_t<D>* x;
    int64_t K;
    float* out;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) a.out[n] = block_amax<D>(a.x + n * a.K, a.K);
  }
};

template <Dt D> inline float tensor_amax(const hp_t<D>* x, int64_t rows, int64_t K) {
  std::vector<float> per_row(size_t(rows > 0 ? rows : 1), 0.0f);
  Multi<RowAmax<D>>::run({x, K, per_row.data()}, rows, row_chunk(rows, 4));
  float m = 0.0f;
  for (int64_t i = 0; i < rows; ++i) m = per_row[size_t(i)] > m ? per_row[size_t(i)] : m;
  return m;
}

/**
 * Dynamic activation quantization (Int8Tensor.from_hp on x): per token or per tensor,
 * symmetric (as the weight) or asymmetric int8 with an int8 zero point.
 */
template <Dt D, bool PerTensor, bool Asym, bool Reduce> struct QuantizeAct {
  struct Args {
    const hp_t<D>* x;
    int64_t M, K;
    MinMax tensor_mm;
    int8_t* q;
    float* scale;
    int8_t* zero;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t m0, int64_t m1) {
    const Range r = range(Reduce);
    for (int64_t m = m0; m < m1; ++m) {
      const hp_t<D>* x = a.x + m * a.K;
      const MinMax mm = PerTensor ? a.tensor_mm : block_minmax<D>(x, a.K);
      Affine p{0.0f, 0.0f};
      if (Asym) p = asym_params<D>(mm, r, kF32Eps);
      else {
        const float neg = mm.mn < 0.0f ? -mm.mn : 0.0f, pos = mm.mx > 0.0f ? mm.mx : 0.0f;
        p.scale = sym_scale<D>(neg > pos ? neg : pos, r);
      }
      if (!PerTensor || m == 0) { a.scale[PerTensor ? 0 : m] = p.scale; a.zero[PerTensor ? 0 : m] = int8_t(p.zero); }
      quantize_block<D>(x, a.K, p.scale, p.zero, r, a.q + m * a.K);
    }
  }
};

/** Weight-only decoder. Row/tensor scales are applied after the dot product, in D. */
template <Dt D, int Block> struct Decoder {
  static constexpr avx512::Elem kRaw = Block <= 0 ? avx512::Elem::I8 : avx512::Elem::None;
  const int8_t* q;
  const float* scale;
  int64_t K;
  QF_INLINE const uint8_t* raw_row(int64_t n) const { return reinterpret_cast<const uint8_t*>(q + n * K); }
  QF_INLINE float raw_at(int64_t n, int64_t k) const { return float(q[n * K + k]); }
  QF_INLINE float finish_raw(int64_t n, int64_t m, float acc) const { return finish(n, m, acc); }
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const int8_t* src = q + n * K + k0;
    if (Block > 0) {
      const float* s = scale + n * (K / Block);
      for (int64_t i = 0; i < len; ++i) out[i] = hp_round<D>(float(src[i]) * s[(k0 + i) / Block]);
    } else {
      for (int64_t i = 0; i < len; ++i) out[i] = float(src[i]);
    }
  }
  /** mm(x, q.T in D) * D(scale) for row/tensor scales; plain rounding for groups. */
  QF_INLINE float finish(int64_t n, int64_t, float acc) const {
    if (Block > 0) return hp_round<D>(acc);
    const float s = hp_round<D>(scale[Block == 0 ? n : 0]);
    return hp_round<D>(hp_round<D>(acc) * s);
  }
  /** dequantize(): fp32 (q − zero_point) · scale, rounded once to D (zero may be null: 0). */
  QF_INLINE void dequant(int64_t n, int64_t k0, int64_t len, float* out, const int8_t* zero) const {
    const int8_t* src = q + n * K + k0;
    for (int64_t i = 0; i < len; ++i) {
      const int64_t at = Block > 0 ? n * (K / Block) + (k0 + i) / Block : (Block == 0 ? n : 0);
      const float z = zero ? float(zero[at]) : 0.0f;
      out[i] = hp_round<D>((float(src[i]) - z) * scale[at]);
    }
  }
};

/** Adapter: a decoder's dequant() as the decode() of a Dequantize kernel. */
template <class Dec> struct DequantView {
  Dec d;
  const int8_t* zero;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const { d.dequant(n, k0, len, out, zero); }
};

}  // namespace qf::int8
