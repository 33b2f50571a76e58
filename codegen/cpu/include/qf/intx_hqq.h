// IntxUnpackedToInt8 with IntxChooseQParamsAlgorithm.HQQ_SCALE_ONLY (torchao-semantics.md
// §2.8; quant_primitives.py::_choose_qparams_and_quantize_scale_only_hqq), mirroring the
// oracle src/numerics/affine/hqq-scale-only.ts op for op, in fp32 (torchao on CPU):
//   s = max(amax / max(|qmin|, |qmax|), eps32); up to 20 times, for every group together:
//   Q = clamp(RNE(W / s)); s' = |max(torch.sum(W·Q) / Σ Q², eps32)| (s' = s when Σ Q² = 0);
//   stop once max over ALL groups of |s' − s| / s < 1e−5.
// Then Q with the last scale, the scale rounded to the weight dtype D (zero points 0), and,
// for a scale dtype S ≠ D, the cast scale and a re-quantization as the affine path does.
// The stopping test is global, so each iteration is one parallel pass over the rows followed
// by a max over the per-row maxima (a max is exact in any order).
#pragma once
#include <vector>

#include "intx.h"
#include "torch_sum.h"

namespace qf::intx {

struct HqqScaleOnly {
  const float* W;  // [N, K] fp32
  int64_t N, K, G;
  float qmin, qmax;
  std::vector<float> scale, next, row_rel;

  HqqScaleOnly(const float* w, int64_t n, int64_t k, int64_t g, float lo, float hi)
      : W(w), N(n), K(k), G(g), qmin(lo), qmax(hi), scale(size_t(n * (k / g))), next(scale.size()), row_rel(size_t(n)) {}

  QF_INLINE float q_of(float w, float s) const { return float(to_int(clampf(rne(w / s), qmin, qmax))); }

  template <class F> void over_rows(F&& f) {
    parallel_rows(N, row_chunk(N, 1), [&](int64_t n0, int64_t n1) {
      for (int64_t n = n0; n < n1; ++n) f(n);
    });
  }

  void solve() {
    const float bound = std::fabs(qmin) > std::fabs(qmax) ? std::fabs(qmin) : std::fabs(qmax);
    const int64_t ng = K / G;
    over_rows([&](int64_t n) {
      for (int64_t g = n * ng; g < (n + 1) * ng; ++g) {
        const float amax = block_amax<Dt::F32>(W + g * G, G);
        const float s = amax / bound;
        scale[size_t(g)] = s > kF32Eps ? s : kF32Eps;
      }
    });
    for (int iter = 0; iter < 20; ++iter) {
      over_rows([&](int64_t n) {
        std::vector<float> wq(static_cast<size_t>(G));
        float rel = 0.0f;
        for (int64_t g = n * ng; g < (n + 1) * ng; ++g) {
          const float s = scale[size_t(g)];
          double qq = 0.0;
          for (int64_t i = 0; i < G; ++i) {
            const float w = W[g * G + i], q = q_of(w, s);
            wq[size_t(i)] = w * q;
            qq += double(q) * double(q);
          }
          float t = qq > 0.0 ? torch_sum_f32(wq.data(), G) / float(qq) : s;
          t = t > kF32Eps || std::isnan(t) ? t : kF32Eps;
          t = std::fabs(t);
          next[size_t(g)] = t;
          const float r = std::fabs(t - s) / s;
          rel = r > rel || std::isnan(r) ? r : rel;
        }
        row_rel[size_t(n)] = rel;
      });
      scale.swap(next);
      float max_rel = 0.0f;
      for (float r : row_rel) max_rel = r > max_rel || std::isnan(r) ? r : max_rel;
      if (double(max_rel) < 1e-5) break;
    }
  }
};

/** quantize_weight for HQQ_SCALE_ONLY; G = 0: one group per row. */
template <Dt D, Dt S, int G>
void quantize_hqq_scale_only(const hp_t<D>* w, int64_t N, int64_t K, float qmin, float qmax, int8_t* q, hp_t<S>* scale,
                             int8_t* zero) {
  const int64_t g = G > 0 ? G : K, ng = K / g;
  std::vector<float> W(size_t(N * K));
  for (int64_t i = 0; i < N * K; ++i) W[size_t(i)] = hp_load<D>(w, i);
  HqqScaleOnly h(W.data(), N, K, g, qmin, qmax);
  h.solve();
  parallel_rows(N, row_chunk(N, 1), [&](int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t b = 0; b < ng; ++b) {
        const int64_t blk = n * ng + b;
        const float s32 = h.scale[size_t(blk)];
        const float s = hp_round<S>(hp_round<D>(s32));  // torchao: cast to D, then to the scale dtype
        scale[blk] = hp_encode<S>(s);
        zero[blk] = 0;
        int8_t* out = q + n * K + b * g;
        if (S == D) {
          for (int64_t i = 0; i < g; ++i) out[i] = int8_t(h.q_of(W[size_t(n * K + b * g + i)], s32));
        } else {
          quantize_block<D, S>(w + n * K + b * g, g, s, 0.0f, qmin, qmax, out);
        }
      }
  });
}

}  // namespace qf::intx
