// Shared pieces of the exported entry points: bias and activation arguments.
#pragma once
#include "check.h"
#include "linear_wo.h"

namespace qf {

/** bias: [N] in D, or an empty tensor ([0]) for none. Returns null for none. */
template <Dt D> inline const hp_t<D>* bias_arg(const char* kernel, const TensorView& bias, int64_t N) {
  if (bias.numel() == 0) return nullptr;
  expect(kernel, "bias", bias, dl_of<D>(), {N});
  return ptr<const hp_t<D>>(bias);
}

/** The scale shape of a per-row (Block 0), per-tensor (-1) or per-group (Block) layout. */
inline int64_t scale_cols(int Block, int64_t K) { return Block > 0 ? K / Block : 1; }
inline int64_t scale_rows(int Block, int64_t N) { return Block < 0 ? 1 : N; }

/** Weight-only linear over any decoder: widen x, run the row-parallel engine. */
template <class Dec, Dt D, int Tokens>
inline void run_linear_wo(const Dec& dec, const TensorView& x, int64_t M, int64_t K, int64_t N,
                          const hp_t<D>* bias, const TensorView& y) {
  std::vector<float> xf = widen_rows<D>(ptr<const hp_t<D>>(x), M * K);
  typename LinearWO<Dec, D, Tokens>::Args a{dec, xf.data(), M, K, N, bias, ptr<hp_t<D>>(y)};
  // bf16 x, several tokens, one-byte weights: the AVX512-BF16 token tiles read x as it is
  if (D == Dt::BF16 && Dec::kRaw != avx512::Elem::None && M > 1 && K % 32 == 0 && has_avx512bf16())
    a.xb = reinterpret_cast<const uint16_t*>(ptr<const hp_t<D>>(x));
  Multi<LinearWO<Dec, D, Tokens>>::run(a, N, row_chunk(N, 4));
}

template <class Dec, Dt D> inline void run_dequantize(const Dec& dec, int64_t N, int64_t K, const TensorView& out) {
  typename Dequantize<Dec, D>::Args a{dec, N, K, ptr<hp_t<D>>(out)};
  Multi<Dequantize<Dec, D>>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf
