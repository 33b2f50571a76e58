// Exported-function bodies for the Float8Tensor layout (weight-only and dynamic activation).
#pragma once
#include "entry.h"
#include "float8.h"

namespace qf::float8 {

template <const Mini& F> constexpr DLDataType dl_elem() { return &F == &kE4M3 ? kDlE4M3 : kDlE5M2; }

template <Dt D, const Mini& F, int Block>
void quantize_weight(const char* k, TensorView w, TensorView q, TensorView scale) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  TVM_FFI_CHECK(Block <= 0 || K % Block == 0, ValueError)
      << k << ": in_features " << K << " is not divisible by the group size " << Block;
  expect(k, "qdata", q, dl_elem<F>(), {N, K});
  expect(k, "scale", scale, kF32, {scale_rows(Block, N), scale_cols(Block, K)});
  const hp_t<D>* wp = ptr<const hp_t<D>>(w);
  const float amax = Block < 0 ? block_amax<D>(wp, N * K) : 0.0f;
  typename QuantizeWeight<D, F, Block>::Args a{wp, N, K, amax, ptr<uint8_t>(q), ptr<float>(scale)};
  Multi<QuantizeWeight<D, F, Block>>::run(a, N, row_chunk(N, 2));
}

template <Dt D, const Mini& F, int Block>
Decoder<D, F, Block> weight_args(const char* k, TensorView q, TensorView scale, int64_t* N, int64_t* K) {
  expect_matrix(k, "qdata", q, dl_elem<F>(), N, K);
  expect(k, "scale", scale, kF32, {scale_rows(Block, *N), scale_cols(Block, *K)});
  return Decoder<D, F, Block>{ptr<const uint8_t>(q), ptr<const float>(scale), *K};
}

template <Dt D, const Mini& F, int Block> void dequantize(const char* k, TensorView q, TensorView scale, TensorView out) {
  int64_t N, K;
  auto dec = weight_args<D, F, Block>(k, q, scale, &N, &K);
  expect(k, "out", out, dl_of<D>(), {N, K});
  run_dequantize<Decoder<D, F, Block>, D>(dec, N, K, out);
}

template <Dt D, const Mini& F, int Block, int Tokens>
void linear_weight_only(const char* k, TensorView x, TensorView q, TensorView scale, TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  auto dec = weight_args<D, F, Block>(k, q, scale, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  run_linear_wo<Decoder<D, F, Block>, D, Tokens>(dec, x, M, K, N, bias_arg<D>(k, bias, N), y);
}

template <Dt D, const Mini& A, bool PerTensor>
void quantize_activation_into(const hp_t<D>* x, int64_t M, int64_t K, float lb, float ub, uint8_t* q, float* scale) {
  const float amax = PerTensor && M * K > 0 ? block_amax<D>(x, M * K) : 0.0f;
  typename QuantizeAct<D, A, PerTensor>::Args a{x, M, K, amax, lb, ub, q, scale};
  Multi<QuantizeAct<D, A, PerTensor>>::run(a, M, row_chunk(M, 1));
}

template <Dt D, const Mini& A, bool PerTensor>
void quantize_activation(const char* k, float lb, float ub, TensorView x, TensorView q, TensorView scale) {
  int64_t M, K;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  expect(k, "qdata", q, dl_elem<A>(), {M, K});
  expect(k, "scale", scale, kF32, {PerTensor ? 1 : M, 1});
  quantize_activation_into<D, A, PerTensor>(ptr<const hp_t<D>>(x), M, K, lb, ub, ptr<uint8_t>(q), ptr<float>(scale));
}

/** _scaled_mm path: activation quantized here, fp32 products, (acc·sa)·sb + bias, one rounding. */
template <Dt D, const Mini& A, const Mini& W, bool PerTensor, int Tokens>
void linear_dynamic(const char* k, float lb, float ub, TensorView x, TensorView q, TensorView scale, TensorView bias,
                    TensorView y) {
  int64_t N, K, M, Kx;
  expect_matrix(k, "qdata", q, dl_elem<W>(), &N, &K);
  expect(k, "scale", scale, kF32, {PerTensor ? 1 : N, 1});
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  std::vector<uint8_t> xq(size_t(M * K));
  std::vector<float> sa(size_t(PerTensor || M == 0 ? 1 : M));
  quantize_activation_into<D, A, PerTensor>(ptr<const hp_t<D>>(x), M, K, lb, ub, xq.data(), sa.data());
  std::vector<float> xf(size_t(M * K));
  const float* table = mini_table<A>();
  for (int64_t i = 0; i < M * K; ++i) xf[size_t(i)] = table[xq[size_t(i)]];
  using Dec = ScaledDecoder<D, W, PerTensor>;
  Dec dec{ptr<const uint8_t>(q), ptr<const float>(scale), sa.data(), K};
  typename LinearWO<Dec, D, Tokens>::Args a{dec, xf.data(), M, K, N, bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  Multi<LinearWO<Dec, D, Tokens>>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf::float8

#include "entry_float8_block.h"  // PerBlock scales (the blockwise 1x128 / 128x128 config)
