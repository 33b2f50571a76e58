// Exported-function bodies for the Int8Tensor layout (weight-only and dynamic activation).
// Arguments (destination passing): see src/ir/kernel-spec.ts `kernelSignature`.
#pragma once
#include "entry.h"
#include "int8_dynamic.h"

namespace qf::int8 {

template <Dt D, int Block, bool Reduce>
void quantize_weight(const char* k, TensorView w, TensorView q, TensorView scale, TensorView zero) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  TVM_FFI_CHECK(Block <= 0 || K % Block == 0, ValueError)
      << k << ": in_features " << K << " is not divisible by the group size " << Block;
  expect(k, "qdata", q, kI8, {N, K});
  expect(k, "scale", scale, kF32, {scale_rows(Block, N), scale_cols(Block, K)});
  expect(k, "zero_point", zero, kI8, {scale_rows(Block, N), scale_cols(Block, K)});
  const hp_t<D>* wp = ptr<const hp_t<D>>(w);
  const float amax = Block < 0 ? tensor_amax<D>(wp, N, K) : 0.0f;
  typename QuantizeWeight<D, Block, Reduce>::Args a{wp, N, K, amax, ptr<int8_t>(q), ptr<float>(scale), ptr<int8_t>(zero)};
  Multi<QuantizeWeight<D, Block, Reduce>>::run(a, N, row_chunk(N, 2));
}

template <Dt D, int Block> Decoder<D, Block> weight_args(const char* k, TensorView q, TensorView scale, int64_t* N, int64_t* K) {
  expect_matrix(k, "qdata", q, kI8, N, K);
  expect(k, "scale", scale, kF32, {scale_rows(Block, *N), scale_cols(Block, *K)});
  return Decoder<D, Block>{ptr<const int8_t>(q), ptr<const float>(scale), *K};
}

template <Dt D, int Block> void dequantize(const char* k, TensorView q, TensorView scale, TensorView zero, TensorView out) {
  int64_t N, K;
  auto dec = weight_args<D, Block>(k, q, scale, &N, &K);
  expect(k, "zero_point", zero, kI8, {scale_rows(Block, N), scale_cols(Block, K)});
  expect(k, "out", out, dl_of<D>(), {N, K});
  run_dequantize<DequantView<Decoder<D, Block>>, D>({dec, ptr<const int8_t>(zero)}, N, K, out);
}

template <Dt D, int Block, int Tokens>
void linear_weight_only(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero, TensorView bias,
                        TensorView y) {
  int64_t N, K, M, Kx;
  auto dec = weight_args<D, Block>(k, q, scale, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  (void)zero;
  run_linear_wo<Decoder<D, Block>, D, Tokens>(dec, x, M, K, N, bias_arg<D>(k, bias, N), y);
}

template <Dt D, bool PerTensor, bool Asym, bool Reduce>
void quantize_activation(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero) {
  int64_t M, K;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  expect(k, "qdata", q, kI8, {M, K});
  expect(k, "scale", scale, kF32, {PerTensor ? 1 : M, 1});
  expect(k, "zero_point", zero, kI8, {PerTensor ? 1 : M, 1});
  const hp_t<D>* xp = ptr<const hp_t<D>>(x);
  MinMax mm{0.0f, 0.0f};
  if (PerTensor) mm = block_minmax<D>(xp, M * K);
  typename QuantizeAct<D, PerTensor, Asym, Reduce>::Args a{xp, M, K, mm, ptr<int8_t>(q), ptr<float>(scale), ptr<int8_t>(zero)};
  Multi<QuantizeAct<D, PerTensor, Asym, Reduce>>::run(a, M, row_chunk(M, 1));
}

template <Dt D, bool ActPerTensor, bool WPerTensor, bool Asym, bool Reduce, int Tokens>
void linear_dynamic(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero, TensorView bias,
                    TensorView y) {
  int64_t N, K, M, Kx;
  expect_matrix(k, "qdata", q, kI8, &N, &K);
  expect(k, "scale", scale, kF32, {WPerTensor ? 1 : N, 1});
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  (void)zero;
  const int64_t T = ActPerTensor ? 1 : M;
  std::vector<int8_t> xq(size_t(M * K));
  std::vector<float> sx(size_t(T > 0 ? T : 1));
  std::vector<int8_t> zx(size_t(T > 0 ? T : 1));
  const hp_t<D>* xp = ptr<const hp_t<D>>(x);
  MinMax mm{0.0f, 0.0f};
  if (ActPerTensor && M * K > 0) mm = block_minmax<D>(xp, M * K);
  Multi<QuantizeAct<D, ActPerTensor, Asym, Reduce>>::run({xp, M, K, mm, xq.data(), sx.data(), zx.data()}, M,
                                                        row_chunk(M, 1));
  const Isa which = isa();
  std::vector<uint8_t> xu(which == Isa::Avx512 ? size_t(M * K) : 0);
  if (which == Isa::Avx512) bias_to_u8(xq.data(), M * K, xu.data());
  typename DynamicLinear<D, ActPerTensor, WPerTensor, Asym, Tokens>::Args a{
      xq.data(), xu.data(), sx.data(), zx.data(), ptr<const int8_t>(q), ptr<const float>(scale), M, K, N,
      bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  if (which == Isa::Avx512 && M == 1 && !Asym)  // the weight-side bias of vnni_row_wbias takes Σx back
    for (int64_t i = 0; i < K; ++i) a.xsum += xq[size_t(i)];
  Multi<DynamicLinear<D, ActPerTensor, WPerTensor, Asym, Tokens>>::run(a, N, row_chunk(N, 4), which);
}

}  // namespace qf::int8
