// Float8DynamicActivationInt4WeightConfig, plain packing (torchao-semantics.md §3.7, §3.4.5):
// symmetric int4 weights (int4_plain.h) against activations quantized per row by mslk's
// quantize_fp8_row: a_scale = fp32(448 / max(amax, 1/512)), q = e4m3(clamp(fp32(x · a_scale),
// ±448)), stored scale fp32(1 / a_scale) (a reciprocal multiply, not a division; a zero row
// gives scale 1/229376 and q = 0). The linear is mslk's f8i4bf16_rowwise:
// y = bf16(x_scale[m] · Σ_k fp8(xq) · w), then + bias in bf16, always a bf16 output; here the
// weight-only engine of linear_wo.h with the row scale applied in the epilogue.
#pragma once
#include "entry.h"
#include "int4_plain.h"
#include "minifloat.h"

namespace qf::int4 {

constexpr float kF8RowMax = 448.0f;
constexpr float kF8RowEps = 1.0f / 512.0f;

template <Dt D> struct QuantizeF8Row {
  struct Args {
    const hp_t<D>* x;
    int64_t M, K;
    uint8_t* q;    // [M, K] e4m3
    float* scale;  // [M]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t m0, int64_t m1) {
    for (int64_t m = m0; m < m1; ++m) {
      const hp_t<D>* x = a.x + m * a.K;
      const float amax = block_amax<D>(x, a.K);
      const float inv = kF8RowMax / (amax > kF8RowEps ? amax : kF8RowEps);
      a.scale[m] = 1.0f / inv;
      for (int64_t i = 0; i < a.K; ++i)
        a.q[m * a.K + i] = uint8_t(mini_encode<kE4M3>(clampf(hp_load<D>(x, i) * inv, -kF8RowMax, kF8RowMax)));
    }
  }
};

template <Dt D> inline void quantize_f8_row_into(const hp_t<D>* x, int64_t M, int64_t K, uint8_t* q, float* scale) {
  Multi<QuantizeF8Row<D>>::run({x, M, K, q, scale}, M, row_chunk(M, 1));
}

template <Dt D> void quantize_activation_f8_row(const char* k, TensorView x, TensorView q, TensorView scale) {
  int64_t M, K;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  expect(k, "qdata", q, kDlE4M3, {M, K});
  expect(k, "scale", scale, kF32, {M, 1});
  quantize_f8_row_into<D>(ptr<const hp_t<D>>(x), M, K, ptr<uint8_t>(q), ptr<float>(scale));
}

/** The weight as int4_plain.h decodes it; the row scale of x and the bf16 rounding at the end. */
template <int G> struct F8RowDecoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  Decoder<Dt::BF16, G> w;
  const float* sx;  // [M] activation row scales
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const { w.decode(n, k0, len, out); }
  QF_INLINE float finish(int64_t, int64_t m, float acc) const { return hp_round<Dt::BF16>(acc * sx[m]); }
};

/**
 * f8i4bf16_rowwise: bf16 x and weight scales (mslk's kernel is bf16-only), bf16 y. The dot
 * products run on the exact fp8 values and exact weights (w = s·scale), so that a zero row
 * of either gives an exact 0 as mslk's does.
 */
template <int G, int Tokens>
void linear_f8(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero, TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  auto dec = weight_args<Dt::BF16, G>(k, q, scale, zero, &N, &K);
  expect_matrix(k, "x", x, kBF16, &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, kBF16, {M, N});
  std::vector<uint8_t> xq(size_t(M * K));
  std::vector<float> sx(size_t(M > 0 ? M : 1)), xf(size_t(M * K));
  quantize_f8_row_into<Dt::BF16>(ptr<const uint16_t>(x), M, K, xq.data(), sx.data());
  const float* table = mini_table<kE4M3>();
  for (int64_t i = 0; i < M * K; ++i) xf[size_t(i)] = table[xq[size_t(i)]];
  using Dec = F8RowDecoder<G>;
  typename LinearWO<Dec, Dt::BF16, Tokens>::Args a{Dec{dec, sx.data()}, xf.data(), M, K, N, bias_arg<Dt::BF16>(k, bias, N),
                                                   ptr<uint16_t>(y)};
  Multi<LinearWO<Dec, Dt::BF16, Tokens>>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf::int4
