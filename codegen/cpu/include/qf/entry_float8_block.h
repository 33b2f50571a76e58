// Exported-function bodies for Float8Tensor with PerBlock scales (float8_block.h): weight
// quantize / dequantize, weight-only F.linear, 1xBC activation quantization and the blockwise
// linear of the 1x128 / 128x128 config.
#pragma once
#include "entry_float8.h"
#include "float8_block.h"

namespace qf::float8::blocks {

inline void expect_blocks(const char* k, const char* what, int64_t R, int64_t C, int BR, int BC) {
  TVM_FFI_CHECK(R % BR == 0 && C % BC == 0, ValueError)
      << k << ": " << what << " shape [" << R << ", " << C << "] is not divisible by the block size [" << BR << ", "
      << BC << "]; PerBlock float8 needs whole blocks";
}

template <Dt D, const Mini& F, int BR, int BC>
void quantize_into(const hp_t<D>* x, int64_t R, int64_t C, float lb, float ub, uint8_t* q, float* scale) {
  typename Quantize<D, F, BR, BC>::Args a{x, R, C, lb, ub, q, scale};
  Multi<Quantize<D, F, BR, BC>>::run(a, R / BR, row_chunk(R / BR, 1));
}

template <Dt D, const Mini& F, int BR, int BC>
void quantize_weight(const char* k, TensorView w, TensorView q, TensorView scale) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  expect_blocks(k, "weight", N, K, BR, BC);
  expect(k, "qdata", q, dl_elem<F>(), {N, K});
  expect(k, "scale", scale, kF32, {N / BR, K / BC});
  quantize_into<D, F, BR, BC>(ptr<const hp_t<D>>(w), N, K, NAN, NAN, ptr<uint8_t>(q), ptr<float>(scale));
}

template <Dt D, const Mini& F, int BR, int BC>
Decoder<D, F, BR, BC> weight_args(const char* k, TensorView q, TensorView scale, int64_t* N, int64_t* K) {
  expect_matrix(k, "qdata", q, dl_elem<F>(), N, K);
  expect_blocks(k, "qdata", *N, *K, BR, BC);
  expect(k, "scale", scale, kF32, {*N / BR, *K / BC});
  return Decoder<D, F, BR, BC>{ptr<const uint8_t>(q), ptr<const float>(scale), *K};
}

template <Dt D, const Mini& F, int BR, int BC> void dequantize(const char* k, TensorView q, TensorView scale, TensorView out) {
  int64_t N, K;
  auto dec = weight_args<D, F, BR, BC>(k, q, scale, &N, &K);
  expect(k, "out", out, dl_of<D>(), {N, K});
  run_dequantize<Decoder<D, F, BR, BC>, D>(dec, N, K, out);
}

template <Dt D, const Mini& F, int BR, int BC, int Tokens>
void linear_weight_only(const char* k, TensorView x, TensorView q, TensorView scale, TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  auto dec = weight_args<D, F, BR, BC>(k, q, scale, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  run_linear_wo<Decoder<D, F, BR, BC>, D, Tokens>(dec, x, M, K, N, bias_arg<D>(k, bias, N), y);
}

/** x [M, K] quantized per 1xBC block: qdata [M, K], scale [M, K/BC]. */
template <Dt D, const Mini& A, int BC>
void quantize_activation(const char* k, float lb, float ub, TensorView x, TensorView q, TensorView scale) {
  int64_t M, K;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  expect_blocks(k, "x", M, K, 1, BC);
  expect(k, "qdata", q, dl_elem<A>(), {M, K});
  expect(k, "scale", scale, kF32, {M, K / BC});
  quantize_into<D, A, 1, BC>(ptr<const hp_t<D>>(x), M, K, lb, ub, ptr<uint8_t>(q), ptr<float>(scale));
}

/** Blockwise linear: x quantized per 1xBC here, W [N, K] with [BR, BC] blocks. */
template <Dt D, const Mini& A, const Mini& W, int BR, int BC, int Tokens>
void linear_blockwise(const char* k, float lb, float ub, TensorView x, TensorView q, TensorView scale, TensorView bias,
                      TensorView y) {
  int64_t N, K, M, Kx;
  expect_matrix(k, "qdata", q, dl_elem<W>(), &N, &K);
  expect_blocks(k, "qdata", N, K, BR, BC);
  expect(k, "scale", scale, kF32, {N / BR, K / BC});
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  std::vector<uint8_t> xq(size_t(M * K));
  std::vector<float> sa(size_t(M * (K / BC)));
  quantize_into<D, A, 1, BC>(ptr<const hp_t<D>>(x), M, K, lb, ub, xq.data(), sa.data());
  std::vector<float> xf(size_t(M * K));
  const float* table = mini_table<A>();
  for (int64_t i = 0; i < M * K; ++i) xf[size_t(i)] = table[xq[size_t(i)]];
  using L = Linear<D, W, BR, BC, Tokens>;
  typename L::Args a{ptr<const uint8_t>(q), ptr<const float>(scale), xf.data(), sa.data(), M, K, N,
                     bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  Multi<L>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf::float8::blocks
