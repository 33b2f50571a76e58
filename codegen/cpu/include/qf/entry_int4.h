// Exported-function bodies for the Int4Tensor plain layout.
#pragma once
#include "entry.h"
#include "int4_plain.h"

namespace qf::int4 {

inline int64_t groups_of(int64_t K, int G) { return (K + G - 1) / G; }

template <Dt D, int G, bool Sym>
void quantize_weight(const char* k, TensorView w, TensorView q, TensorView scale, TensorView zero) {
  int64_t N, K;
  expect_matrix(k, "weight", w, dl_of<D>(), &N, &K);
  TVM_FFI_CHECK(K % 2 == 0, ValueError) << k << ": in_features " << K << " must be even to pack two int4 per byte";
  TVM_FFI_CHECK(Sym || K % G == 0, ValueError)
      << k << ": in_features " << K << " is not divisible by the group size " << G
      << " (torchao leaves such weights unquantized; the plan should have skipped it)";
  expect(k, "qdata", q, kI8, {N, K / 2});
  expect(k, "scale", scale, dl_of<D>(), {groups_of(K, G), N});
  expect(k, "zero_point", zero, dl_of<D>(), {groups_of(K, G), N});
  typename QuantizeWeight<D, G, Sym>::Args a{ptr<const hp_t<D>>(w), N, K, ptr<int8_t>(q), ptr<hp_t<D>>(scale),
                                             ptr<hp_t<D>>(zero)};
  Multi<QuantizeWeight<D, G, Sym>>::run(a, N, row_chunk(N, 2));
}

template <Dt D, int G>
Decoder<D, G> weight_args(const char* k, TensorView q, TensorView scale, TensorView zero, int64_t* N, int64_t* K) {
  int64_t half;
  expect_matrix(k, "qdata", q, kI8, N, &half);
  *K = half * 2;
  expect(k, "scale", scale, dl_of<D>(), {groups_of(*K, G), *N});
  expect(k, "zero_point", zero, dl_of<D>(), {groups_of(*K, G), *N});
  return Decoder<D, G>{ptr<const uint8_t>(q), ptr<const hp_t<D>>(scale), ptr<const hp_t<D>>(zero), *N, *K};
}

template <Dt D, int G> struct DequantView {
  Decoder<D, G> d;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const { d.dequant(n, k0, len, out); }
};

template <Dt D, int G> void dequantize(const char* k, TensorView q, TensorView scale, TensorView zero, TensorView out) {
  int64_t N, K;
  auto dec = weight_args<D, G>(k, q, scale, zero, &N, &K);
  expect(k, "out", out, dl_of<D>(), {N, K});
  run_dequantize<DequantView<D, G>, D>({dec}, N, K, out);
}

template <Dt D, int G, int Tokens>
void linear(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero, TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  auto dec = weight_args<D, G>(k, q, scale, zero, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  std::vector<float> xf = widen_rows<D>(ptr<const hp_t<D>>(x), M * K);
  // The fast rows need whole groups and lane-sized blocks; the permutation follows the ISA.
  const Isa which = isa();
  const int lanes = which == Isa::Avx512 ? 16 : which == Isa::Avx2 ? 8 : 0;
  const bool fast = lanes > 0 && K % G == 0 && G % (2 * lanes) == 0;
  std::vector<float> xp(fast ? size_t(M * K) : 0), xsum(fast ? size_t(M * (K / G)) : 0);
  if (fast) {
    permute_pairs(xf.data(), M, K, lanes, xp.data());
    group_sums(xf.data(), M, K, G, xsum.data());
  }
  // bf16 activations on AVX512-BF16 machines: the vdpbf16ps rows (x is exactly bf16 already)
  const bool bf16 = D == Dt::BF16 && fast && G % 64 == 0 && has_avx512bf16();
  std::vector<uint16_t> xpb(bf16 ? size_t(M * K) : 0);
  if (bf16) permute_pairs_bf16(reinterpret_cast<const uint16_t*>(ptr<const hp_t<D>>(x)), M, K, xpb.data());
  typename Linear<D, G, Tokens>::Args a{dec, xf.data(), fast ? xp.data() : nullptr, xsum.data(), bf16 ? xpb.data() : nullptr, M, K, N,
                                        bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  Multi<Linear<D, G, Tokens>>::run(a, N, row_chunk(N, 4), which);
}

}  // namespace qf::int4

// Float8DynamicActivationInt4Weight (fp8 rows × int4): builds on the functions above
#include "int4_f8.h"
