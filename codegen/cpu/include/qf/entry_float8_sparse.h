// Exported-function bodies for float8 2:4 sparse weights (float8_sparse.h). '2d' stores
// qdata [N, K/2] + sparse_metadata uint8 [N, K/8] + scale [N, 1]; '1d' stores packed uint8
// [N·K/2 + N·K/8] (values, then metadata) + scale [1, 1], so its N and K come from the other
// arguments (out for dequantize, x and y for linear). Activations are Float8Tensor's
// (per row for '2d', per tensor for '1d': entry_float8.h's quantize_activation).
#pragma once
#include "entry_float8.h"
#include "float8_sparse.h"
#include "row_decoded.h"

namespace qf::float8::sparse {

inline void expect_k(const char* k, const char* what, int64_t K) {
  TVM_FFI_CHECK(K % 8 == 0, ValueError) << k << ": " << what << " has K = " << K
                                        << "; 2:4 compression needs K divisible by 8 (two groups of 4 per metadata byte)";
}

/** The compressed values, metadata and scale of a weight [N, K], checked. */
struct Stored {
  const uint8_t* values;
  const uint8_t* meta;
  const float* scale;
};

template <const Mini& F, bool PerTensor>
Stored stored_2d(const char* k, const TensorView& q, const TensorView& meta, const TensorView& scale, int64_t* N, int64_t* K) {
  int64_t half;
  expect_matrix(k, "qdata", q, dl_elem<F>(), N, &half);
  *K = half * 2;
  expect_k(k, "qdata", *K);
  expect(k, "sparse_metadata", meta, kU8, {*N, *K / 8});
  expect(k, "scale", scale, kF32, {PerTensor ? 1 : *N, 1});
  return {ptr<const uint8_t>(q), ptr<const uint8_t>(meta), ptr<const float>(scale)};
}

template <bool PerTensor>
Stored stored_1d(const char* k, const TensorView& packed, const TensorView& scale, int64_t N, int64_t K) {
  expect_k(k, "the weight", K);
  expect(k, "packed", packed, kU8, {N * K / 2 + N * K / 8});
  expect(k, "scale", scale, kF32, {PerTensor ? 1 : N, 1});
  const uint8_t* p = ptr<const uint8_t>(packed);
  return {p, p + N * K / 2, ptr<const float>(scale)};
}

template <Dt D, const Mini& F, bool PerTensor>
void quantize_into(const TensorView& w, int64_t N, int64_t K, uint8_t* values, uint8_t* meta, float* scale) {
  const hp_t<D>* wp = ptr<const hp_t<D>>(w);
  float amax = 0.0f;
  if (PerTensor) {
    std::vector<float> row_amax(static_cast<size_t>(N));
    typename RowAmax<D>::Args r{wp, K, row_amax.data()};
    Multi<RowAmax<D>>::run(r, N, row_chunk(N, 2));
    for (float a : row_amax) amax = a > amax ? a : amax;
  }
  typename Quantize<D, F, PerTensor>::Args a{wp, K, amax, values, meta, scale};
  Multi<Quantize<D, F, PerTensor>>::run(a, N, row_chunk(N, 2));
}

template <Dt D, const Mini& F, bool PerTensor>
void quantize_weight_2d(const char* k, TensorView w, TensorView q, TensorView meta, TensorView scale) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  expect_k(k, "weight", K);
  expect(k, "qdata", q, dl_elem<F>(), {N, K / 2});
  expect(k, "sparse_metadata", meta, kU8, {N, K / 8});
  expect(k, "scale", scale, kF32, {PerTensor ? 1 : N, 1});
  quantize_into<D, F, PerTensor>(w, N, K, ptr<uint8_t>(q), ptr<uint8_t>(meta), ptr<float>(scale));
}

template <Dt D, const Mini& F, bool PerTensor>
void quantize_weight_1d(const char* k, TensorView w, TensorView packed, TensorView scale) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  stored_1d<PerTensor>(k, packed, scale, N, K);  // checks the shapes
  uint8_t* p = ptr<uint8_t>(packed);
  quantize_into<D, F, PerTensor>(w, N, K, p, p + N * K / 2, ptr<float>(scale));
}

template <Dt D, const Mini& F, bool PerTensor>
void dequantize_stored(const Stored& s, int64_t N, int64_t K, const TensorView& out) {
  using Dec = Decoder<D, F, PerTensor, false>;
  run_dequantize<Dec, D>(Dec{s.values, s.meta, s.scale, nullptr, K}, N, K, out);
}

template <Dt D, const Mini& F, bool PerTensor>
void dequantize_2d(const char* k, TensorView q, TensorView meta, TensorView scale, TensorView out) {
  int64_t N, K;
  const Stored s = stored_2d<F, PerTensor>(k, q, meta, scale, &N, &K);
  expect(k, "out", out, dl_of<D>(), {N, K});
  dequantize_stored<D, F, PerTensor>(s, N, K, out);
}

template <Dt D, const Mini& F, bool PerTensor>
void dequantize_1d(const char* k, TensorView packed, TensorView scale, TensorView out) {
  int64_t N, K;
  expect_matrix(k, "out", out, dl_of<D>(), &N, &K);
  dequantize_stored<D, F, PerTensor>(stored_1d<PerTensor>(k, packed, scale, N, K), N, K, out);
}

/** _scaled_mm on the compressed weight: x quantized here, only kept bytes and metadata read. */
template <Dt D, const Mini& A, const Mini& W, bool PerTensor, int Tokens>
void linear_stored(const char* k, float lb, float ub, const Stored& s, int64_t N, int64_t K, const TensorView& x,
                   const TensorView& bias, const TensorView& y) {
  int64_t M = x.size(0);
  std::vector<uint8_t> xq(size_t(M * K));
  std::vector<float> sa(size_t(PerTensor || M == 0 ? 1 : M));
  quantize_activation_into<D, A, PerTensor>(ptr<const hp_t<D>>(x), M, K, lb, ub, xq.data(), sa.data());
  std::vector<float> xf(size_t(M * K));
  const float* table = mini_table<A>();
  for (int64_t i = 0; i < M * K; ++i) xf[size_t(i)] = table[xq[size_t(i)]];
  using Dec = Decoder<D, W, PerTensor, true>;
  Dec dec{s.values, s.meta, s.scale, sa.data(), K};
  typename RowDecoded<Dec, D>::Args a{dec, xf.data(), M, K, N, bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  Multi<RowDecoded<Dec, D>>::run(a, N, row_chunk(N, 4));
}

template <Dt D, const Mini& A, const Mini& W, bool PerTensor, int Tokens>
void linear_2d(const char* k, float lb, float ub, TensorView x, TensorView q, TensorView meta, TensorView scale,
               TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  const Stored s = stored_2d<W, PerTensor>(k, q, meta, scale, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  linear_stored<D, A, W, PerTensor, Tokens>(k, lb, ub, s, N, K, x, bias, y);
}

template <Dt D, const Mini& A, const Mini& W, bool PerTensor, int Tokens>
void linear_1d(const char* k, float lb, float ub, TensorView x, TensorView packed, TensorView scale, TensorView bias,
               TensorView y) {
  int64_t M, K, My, N;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  expect_matrix(k, "y", y, dl_of<D>(), &My, &N);
  TVM_FFI_CHECK(My == M, ValueError) << k << ": y has " << My << " rows but x has " << M;
  linear_stored<D, A, W, PerTensor, Tokens>(k, lb, ub, stored_1d<PerTensor>(k, packed, scale, N, K), N, K, x, bias, y);
}

}  // namespace qf::float8::sparse
