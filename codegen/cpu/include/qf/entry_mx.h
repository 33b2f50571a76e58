// Exported-function bodies for the MXTensor layout (EMULATED linear).
#pragma once
#include <cstring>

#include "entry.h"
#include "mx.h"

namespace qf::mx {

inline int64_t blocked_cols(int64_t K) { return (K / 32 + 3) / 4 * 16; }

template <const Mini& F> constexpr DLDataType dl_codes() {
  return &F == &kE4M3 ? kDlE4M3 : &F == &kE5M2 ? kDlE5M2 : kU8;
}

template <Dt D, const Mini& F, Mode M, bool Packed>
void quantize_weight(const char* k, TensorView w, TensorView q, TensorView scale) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  TVM_FFI_CHECK(K % 32 == 0, ValueError) << k << ": the last dimension " << K << " must be divisible by block_size 32";
  expect(k, "qdata", q, dl_codes<F>(), {N, Packed ? K / 2 : K});
  expect(k, "scale", scale, kDlE8M0, {blocked_rows(N), blocked_cols(K)});
  std::memset(scale.data_ptr(), 0, size_t(blocked_rows(N) * blocked_cols(K)));  // padding is zero
  typename Quantize<D, F, M, Packed, true>::Args a{ptr<const hp_t<D>>(w), N, K, ptr<uint8_t>(q), ptr<uint8_t>(scale)};
  Multi<Quantize<D, F, M, Packed, true>>::run(a, N, row_chunk(N, 2));
}

template <Dt D, const Mini& F, bool Packed>
Decoder<D, F, Packed, true> weight_args(const char* k, TensorView q, TensorView scale, int64_t* N, int64_t* K) {
  int64_t cols;
  expect_matrix(k, "qdata", q, dl_codes<F>(), N, &cols);
  *K = Packed ? cols * 2 : cols;
  expect(k, "scale", scale, kDlE8M0, {blocked_rows(*N), blocked_cols(*K)});
  return Decoder<D, F, Packed, true>{ptr<const uint8_t>(q), ptr<const uint8_t>(scale), *K};
}

template <Dt D, const Mini& F, bool Packed> void dequantize(const char* k, TensorView q, TensorView scale, TensorView out) {
  int64_t N, K;
  auto dec = weight_args<D, F, Packed>(k, q, scale, &N, &K);
  expect(k, "out", out, dl_of<D>(), {N, K});
  run_dequantize<Decoder<D, F, Packed, true>, D>(dec, N, K, out);
}

template <Dt D, const Mini& F, Mode M, bool Packed>
void quantize_activation(const char* k, TensorView x, TensorView q, TensorView scale) {
  int64_t R, K;
  expect_matrix(k, "x", x, dl_of<D>(), &R, &K);
  TVM_FFI_CHECK(K % 32 == 0, ValueError) << k << ": the last dimension " << K << " must be divisible by block_size 32";
  expect(k, "qdata", q, dl_codes<F>(), {R, Packed ? K / 2 : K});
  expect(k, "scale", scale, kDlE8M0, {R, K / 32});
  typename Quantize<D, F, M, Packed, false>::Args a{ptr<const hp_t<D>>(x), R, K, ptr<uint8_t>(q), ptr<uint8_t>(scale)};
  Multi<Quantize<D, F, M, Packed, false>>::run(a, R, row_chunk(R, 1));
}

/** EMULATED mx_linear: dequantize(to_mx(x)) · dequantize(W)ᵀ + bias, one rounding to D. */
template <Dt D, const Mini& F, Mode M, bool Packed, int Tokens>
void linear(const char* k, TensorView x, TensorView q, TensorView scale, TensorView bias, TensorView y) {
  int64_t N, K, R, Kx;
  auto dec = weight_args<D, F, Packed>(k, q, scale, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &R, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {R, N});
  std::vector<uint8_t> xq(size_t(R * (Packed ? K / 2 : K))), xs(size_t(R * (K / 32)));
  Multi<Quantize<D, F, M, Packed, false>>::run({ptr<const hp_t<D>>(x), R, K, xq.data(), xs.data()}, R, row_chunk(R, 1));
  Decoder<D, F, Packed, false> xdec{xq.data(), xs.data(), K};
  std::vector<float> xf(size_t(R * K));
  for (int64_t r = 0; r < R; ++r) xdec.decode(r, 0, K, xf.data() + r * K);
  typename LinearWO<Decoder<D, F, Packed, true>, D, Tokens>::Args a{dec, xf.data(), R, K, N, bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  Multi<LinearWO<Decoder<D, F, Packed, true>, D, Tokens>>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf::mx
