// Exported-function bodies for the IntxUnpackedToInt8Tensor layout.
#pragma once
#include "entry.h"
#include "intx.h"
#include "intx_hqq.h"

namespace qf::intx {

inline int64_t groups_of(int G, int64_t K) { return G > 0 ? K / G : 1; }

template <Dt D, Dt S, Mapping M, int G>
void quantize_weight(const char* k, float qmin, float qmax, TensorView w, TensorView q, TensorView scale, TensorView zero) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  TVM_FFI_CHECK(G <= 0 || K % G == 0, ValueError) << k << ": in_features " << K << " is not divisible by the group size " << G;
  expect(k, "qdata", q, kI8, {N, K});
  expect(k, "scale", scale, dl_of<S>(), {N, groups_of(G, K)});
  expect(k, "zero_point", zero, kI8, {N, groups_of(G, K)});
  typename QuantizeWeight<D, S, M, G>::Args a{ptr<const hp_t<D>>(w), N, K, qmin, qmax, ptr<int8_t>(q), ptr<hp_t<S>>(scale), ptr<int8_t>(zero)};
  Multi<QuantizeWeight<D, S, M, G>>::run(a, N, row_chunk(N, 2));
}

/** HQQ_SCALE_ONLY (intx_hqq.h): the same stored tensors, zero points 0. */
template <Dt D, Dt S, int G>
void quantize_weight_hqq(const char* k, float qmin, float qmax, TensorView w, TensorView q, TensorView scale, TensorView zero) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  TVM_FFI_CHECK(G <= 0 || K % G == 0, ValueError) << k << ": in_features " << K << " is not divisible by the group size " << G;
  expect(k, "qdata", q, kI8, {N, K});
  expect(k, "scale", scale, dl_of<S>(), {N, groups_of(G, K)});
  expect(k, "zero_point", zero, kI8, {N, groups_of(G, K)});
  if (N * K == 0) return;
  quantize_hqq_scale_only<D, S, G>(ptr<const hp_t<D>>(w), N, K, qmin, qmax, ptr<int8_t>(q), ptr<hp_t<S>>(scale), ptr<int8_t>(zero));
}

template <Dt D, Dt S, int G>
Decoder<D, S, G> weight_args(const char* k, TensorView q, TensorView scale, TensorView zero, int64_t* N, int64_t* K) {
  expect_matrix(k, "qdata", q, kI8, N, K);
  expect(k, "scale", scale, dl_of<S>(), {*N, groups_of(G, *K)});
  expect(k, "zero_point", zero, kI8, {*N, groups_of(G, *K)});
  return Decoder<D, S, G>{ptr<const int8_t>(q), ptr<const hp_t<S>>(scale), ptr<const int8_t>(zero), *K};
}

template <Dt D, Dt S, int G> void dequantize(const char* k, TensorView q, TensorView scale, TensorView zero, TensorView out) {
  int64_t N, K;
  auto dec = weight_args<D, S, G>(k, q, scale, zero, &N, &K);
  expect(k, "out", out, dl_of<D>(), {N, K});
  run_dequantize<Decoder<D, S, G>, D>(dec, N, K, out);
}

template <Dt D> void fake_quant_into(const hp_t<D>* x, int64_t M, int64_t K, int8_t* q, hp_t<D>* scale, int8_t* zero, hp_t<D>* deq) {
  Multi<FakeQuantAct<D>>::run({x, M, K, q, scale, zero, deq}, M, row_chunk(M, 1));
}

template <Dt D>
void quantize_activation(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero, TensorView deq) {
  int64_t M, K;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  expect(k, "qdata", q, kI8, {M, K});
  expect(k, "scale", scale, dl_of<D>(), {M});
  expect(k, "zero_point", zero, kI8, {M});
  expect(k, "dequantized", deq, dl_of<D>(), {M, K});
  fake_quant_into<D>(ptr<const hp_t<D>>(x), M, K, ptr<int8_t>(q), ptr<hp_t<D>>(scale), ptr<int8_t>(zero), ptr<hp_t<D>>(deq));
}

/** F.linear(x or its per-token int8 fake quantization, dequantize(W), bias). */
template <Dt D, Dt S, int G, bool FakeQuant, int Tokens>
void linear(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero, TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  auto dec = weight_args<D, S, G>(k, q, scale, zero, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  const hp_t<D>* xp = ptr<const hp_t<D>>(x);
  std::vector<hp_t<D>> deq(FakeQuant ? size_t(M * K) : 0);
  if (FakeQuant) {
    std::vector<int8_t> xq(size_t(M * K)), zx(size_t(M > 0 ? M : 1));
    std::vector<hp_t<D>> sx(size_t(M > 0 ? M : 1));
    fake_quant_into<D>(xp, M, K, xq.data(), sx.data(), zx.data(), deq.data());
    xp = deq.data();
  }
  std::vector<float> xf = widen_rows<D>(xp, M * K);
  typename LinearWO<Decoder<D, S, G>, D, Tokens>::Args a{dec, xf.data(), M, K, N, bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  Multi<LinearWO<Decoder<D, S, G>, D, Tokens>>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf::intx
