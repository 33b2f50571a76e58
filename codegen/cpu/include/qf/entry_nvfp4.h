// Exported-function bodies for NVFP4 weights (weight-only linear: dequantize, F.linear).
#pragma once
#include "entry.h"
#include "nvfp4.h"

namespace qf::nvfp4 {

template <Dt D, bool PerTensor>
void quantize_weight(const char* k, TensorView w, TensorView q, TensorView scale, TensorView p) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  TVM_FFI_CHECK(N % 16 == 0 && K % 16 == 0, ValueError)
      << k << ": NVFP4 only supports weight shape with last 2 dims divisible by 16, got [" << N << ", " << K << "]";
  expect(k, "qdata", q, kU8, {N, K / 2});
  expect(k, "scale", scale, kDlE4M3, {mx::blocked_rows(N), (K / 16 + 3) / 4 * 16});
  std::memset(scale.data_ptr(), 0, size_t(mx::blocked_rows(N) * ((K / 16 + 3) / 4 * 16)));
  float pv = 0.0f;
  if (PerTensor) {
    expect(k, "per_tensor_scale", p, kF32, {});
    pv = int8::tensor_amax<D>(ptr<const hp_t<D>>(w), N, K) / 2688.0f;
    *ptr<float>(p) = pv;
  }
  typename Quantize<D>::Args a{ptr<const hp_t<D>>(w), N, K, pv, PerTensor, ptr<uint8_t>(q), ptr<uint8_t>(scale)};
  Multi<Quantize<D>>::run(a, N, row_chunk(N, 2));
}

template <Dt D, bool PerTensor>
Decoder<D> weight_args(const char* k, TensorView q, TensorView scale, TensorView p, int64_t* N, int64_t* K) {
  int64_t half;
  expect_matrix(k, "qdata", q, kU8, N, &half);
  *K = half * 2;
  expect(k, "scale", scale, kDlE4M3, {mx::blocked_rows(*N), (*K / 16 + 3) / 4 * 16});
  float pv = 0.0f;
  if (PerTensor) {
    expect(k, "per_tensor_scale", p, kF32, {});
    pv = *ptr<const float>(p);
  }
  return Decoder<D>{ptr<const uint8_t>(q), ptr<const uint8_t>(scale), pv, PerTensor, *K};
}

template <Dt D, bool PerTensor> void dequantize(const char* k, TensorView q, TensorView scale, TensorView p, TensorView out) {
  int64_t N, K;
  auto dec = weight_args<D, PerTensor>(k, q, scale, p, &N, &K);
  expect(k, "out", out, dl_of<D>(), {N, K});
  run_dequantize<Decoder<D>, D>(dec, N, K, out);
}

template <Dt D, bool PerTensor, int Tokens>
void linear(const char* k, TensorView x, TensorView q, TensorView scale, TensorView p, TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  auto dec = weight_args<D, PerTensor>(k, q, scale, p, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  run_linear_wo<Decoder<D>, D, Tokens>(dec, x, M, K, N, bias_arg<D>(k, bias, N), y);
}

}  // namespace qf::nvfp4

#include "entry_nvfp4_dynamic.h"  // NVFP4 activations: the scaled fp4 GEMM
