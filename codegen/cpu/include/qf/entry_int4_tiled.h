// Exported-function bodies for Int4TilePackedTo4dTensor (int4_tiled.h): torchao's stored
// tensors in, torchao's stored tensors out. The original [N, K] comes from the weight, the
// dequantize output or the linear's x and y; the padded sizes from qdata.
#pragma once
#include "entry.h"
#include "int4_tiled.h"
#include "int4_tiled_hqq.h"

namespace qf::int4_tiled {

enum class Qparams : int { Tinygemm = 0, Hqq = 1 };

/** Checks qdata [Np/8, Kp/128, 32, 4] int32 and scale_and_zero [Kp/G, Np, 2] bf16; the padded sizes come from qdata. */
inline Stored stored_args(const char* k, TensorView q, TensorView sz, int64_t G) {
  TVM_FFI_CHECK(q.ndim() == 4, ValueError) << k << ": argument 'qdata' must be 4-D [N_pad/8, K_pad/128, 32, 4] int32, got "
                                           << q.ndim() << "-D";
  const int64_t Np = q.size(0) * 8, Kp = q.size(1) * kTileK;
  expect(k, "qdata", q, kI32, {Np / 8, Kp / kTileK, 32, 4});
  TVM_FFI_CHECK(Kp % G == 0, ValueError) << k << ": the padded in_features " << Kp << " is not a multiple of the group size " << G;
  expect(k, "scale_and_zero", sz, kBF16, {Kp / G, Np, 2});
  return Stored{ptr<const uint32_t>(q), ptr<const uint16_t>(sz), Np, Kp, G};
}

inline void expect_fits(const char* k, const Stored& s, int64_t N, int64_t K, const char* what) {
  TVM_FFI_CHECK(N <= s.Np && K <= s.Kp && s.Kp == round_up(K, kPadK) && s.Np - N < 16, ValueError)
      << k << ": " << what << " is [" << N << ", " << K << "] but the packed weight is padded to [" << s.Np << ", " << s.Kp
      << "]; torchao pads K to a multiple of 1024 and N to ntile";
}

template <Qparams Q, int G, int Ntile>
void quantize_weight(const char* k, float eps, TensorView w, TensorView q, TensorView sz) {
  int64_t N, K;
  expect_matrix(k, "weight", w, kBF16, &N, &K);
  const int64_t Np = round_up(N, Ntile), Kp = round_up(K, kPadK);
  TVM_FFI_CHECK(Kp % G == 0, ValueError) << k << ": group size " << G << " does not divide the padded in_features " << Kp;
  expect(k, "qdata", q, kI32, {Np / 8, Kp / kTileK, 32, 4});
  expect(k, "scale_and_zero", sz, kBF16, {Kp / G, Np, 2});
  const uint16_t* wp = ptr<const uint16_t>(w);
  if (Q == Qparams::Hqq) return quantize_hqq(wp, N, K, Np, Kp, G, ptr<uint32_t>(q), ptr<uint16_t>(sz));
  QuantizeTinygemm::Args a{wp, N, K, Np, Kp, G, eps, ptr<uint32_t>(q), ptr<uint16_t>(sz)};
  Multi<QuantizeTinygemm>::run(a, Np, row_chunk(Np, 1));
}

template <Dt D, int G> void dequantize(const char* k, TensorView q, TensorView sz, TensorView out) {
  const Stored s = stored_args(k, q, sz, G);
  int64_t N, K;
  expect_matrix(k, "out", out, dl_of<D>(), &N, &K);
  expect_fits(k, s, N, K, "out");
  run_dequantize<DequantDecoder, D>(DequantDecoder{s}, N, K, out);
}

/** aten._weight_int4pack_mm on bf16 x, then + bias in bf16 (int4_tiled.h Linear). */
template <int G, int Tokens>
void linear(const char* k, TensorView x, TensorView q, TensorView sz, TensorView bias, TensorView y) {
  const Stored s = stored_args(k, q, sz, G);
  int64_t M, K, My, N;
  expect_matrix(k, "x", x, kBF16, &M, &K);
  expect_matrix(k, "y", y, kBF16, &My, &N);
  TVM_FFI_CHECK(My == M, ValueError) << k << ": y has " << My << " rows but x has " << M;
  expect_fits(k, s, N, K, "the linear's [out_features (y), in_features (x)]");
  const bool bf16 = has_avx512bf16();
  std::vector<float> xp(bf16 ? 0 : size_t(M * s.Kp)), xsum(size_t(M * (s.Kp / G)));
  std::vector<uint32_t> xb(bf16 ? size_t(M * s.Kp / 2) : 0);
  prepare_x(ptr<const uint16_t>(x), M, K, s.Kp, G, bf16 ? nullptr : xp.data(), xsum.data());
  if (bf16) prepare_x_bf16(ptr<const uint16_t>(x), M, K, s.Kp, xb.data());
  typename Linear<G, Tokens>::Args a{s, xp.data(), xsum.data(), bf16 ? xb.data() : nullptr, M, K, N, bias_arg<Dt::BF16>(k, bias, N),
                                     ptr<uint16_t>(y)};
  // chunks of whole n-tiles (8 rows) for the M = 1 tile rows
  Multi<Linear<G, Tokens>>::run(a, N, (row_chunk(N, 8) + 7) / 8 * 8);
}

}  // namespace qf::int4_tiled
