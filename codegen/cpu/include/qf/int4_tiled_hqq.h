// HQQ qparams for int4 tile_packed_to_4d on CPU (torchao-semantics.md §2.8; torchao
// _choose_qparams_and_quantize_affine_hqq with optimize_weights_proximal_legacy, nbits 4,
// groups along K of the padded weight), mirroring the oracle src/numerics/affine/hqq.ts op
// for op. The solver runs in fp32 (torchao on CPU): every elementwise op rounds to fp32, the
// group mean is torch.sum's AVX2 order (torch_sum.h) divided by the group size, the proximal
// shrink's |e|^(p−1) is a double pow rounded to fp32, and the stopping error is the float64
// sum of |e| over the whole tensor in element order (summed on one thread after each
// parallel iteration, so that it is the oracle's sum bit for bit).
#pragma once
#include <cmath>
#include <vector>

#include "int4_tiled.h"
#include "torch_sum.h"

namespace qf::int4_tiled {

struct Hqq {
  const float* W;   // padded weight [Np, Kp] fp32
  int64_t Np, Kp, G;
  std::vector<float> scale, zero, next, err;

  Hqq(const float* w, int64_t np, int64_t kp, int64_t g)
      : W(w), Np(np), Kp(kp), G(g), scale(size_t(np * kp / g)), zero(scale.size()), next(scale.size()), err(size_t(np * kp)) {}

  template <class F> void over_rows(F&& f) {
    parallel_rows(Np, row_chunk(Np, 1), [&](int64_t n0, int64_t n1) {
      for (int64_t n = n0; n < n1; ++n) f(n);
    });
  }

  void init() {
    over_rows([&](int64_t n) {
      for (int64_t g = n * (Kp / G); g < (n + 1) * (Kp / G); ++g) {
        float mn = INFINITY, mx = -INFINITY;
        for (int64_t i = g * G; i < (g + 1) * G; ++i) {
          mn = W[i] < mn ? W[i] : mn;
          mx = W[i] > mx ? W[i] : mx;
        }
        // max_v / (max − min) is Tensor.__rtruediv__: a reciprocal, then · 15
        float s = (1.0f / (mx - mn)) * 15.0f;
        s = s < 2e4f ? s : 2e4f;
        scale[size_t(g)] = s;
        zero[size_t(g)] = rne(-mn * s);
      }
    });
  }

  /** One proximal step for every group: next zero points, and |e| per element in err. */
  void step(float shrink) {
    over_rows([&](int64_t n) {
      alignas(64) float terms[512];
      std::vector<float> big(G > 512 ? size_t(G) : 0);
      float* t = G > 512 ? big.data() : terms;
      for (int64_t g = n * (Kp / G); g < (n + 1) * (Kp / G); ++g) {
        const float s = scale[size_t(g)], z = zero[size_t(g)];
        for (int64_t i = 0; i < G; ++i) {
          const float w = W[g * G + i];
          float v = w * s;
          v = v + z;
          const float wq = clampf(rne(v), 0.0f, 15.0f);
          float wr = wq - z;
          wr = wr / s;
          const float e = w - wr;
          const float a = std::fabs(e);
          const float pw = float(std::pow(double(a), 0.7 - 1.0));
          float sh = shrink * pw;
          sh = a - sh;
          sh = sh > 0.0f || std::isnan(sh) ? sh : 0.0f;
          const float we = e > 0.0f ? sh : e < 0.0f ? -sh : 0.0f * sh;
          float r = w - we;
          r = r * s;
          t[i] = wq - r;
          err[size_t(g * G + i)] = a;
        }
        next[size_t(g)] = torch_sum_f32(t, G) / float(G);
      }
    });
  }

  void solve() {
    init();
    double beta = 10.0, best = 1e4;
    const double count = double(Np * Kp);
    for (int iter = 0; iter < 20; ++iter) {
      step(float(1.0 / beta));
      zero.swap(next);
      beta *= 1.01;
      double sum = 0.0;
      for (float a : err) sum += double(a);
      const float e = float(sum / count);
      if (double(e) < best) best = e;
      else break;
    }
  }
};

/** HQQ for the padded weight: u values and bf16 scale_and_zero, as QuantizeTinygemm writes them. */
inline void quantize_hqq(const uint16_t* w, int64_t N, int64_t K, int64_t Np, int64_t Kp, int64_t G, uint32_t* q,
                         uint16_t* sz) {
  std::vector<float> W(size_t(Np * Kp));
  parallel_rows(Np, row_chunk(Np, 1), [&](int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) padded_row(w, N, K, Kp, n, W.data() + n * Kp);
  });
  Hqq h(W.data(), Np, Kp, G);
  h.solve();
  const int64_t groups = Kp / G, k_tiles = Kp / kTileK;
  parallel_rows(Np, row_chunk(Np, 1), [&](int64_t n0, int64_t n1) {
    std::vector<uint8_t> u(static_cast<size_t>(Kp));
    for (int64_t n = n0; n < n1; ++n) {
      for (int64_t j = 0; j < groups; ++j) {
        const size_t g = size_t(n * groups + j);
        const float s = h.scale[g], z = h.zero[g];
        for (int64_t i = 0; i < G; ++i) {
          float v = W[size_t(n * Kp + j * G + i)] * s;
          v = v + z;
          u[size_t(j * G + i)] = uint8_t(clampf(rne(v), 0.0f, 15.0f));
        }
        const float out_scale = 1.0f / s;
        float out_zero = 8.0f - z;
        out_zero = out_zero * out_scale;
        sz[(j * Np + n) * 2] = bf16_from_f32(out_scale);
        sz[(j * Np + n) * 2 + 1] = bf16_from_f32(out_zero);
      }
      for (int64_t kt = 0; kt < k_tiles; ++kt) pack_tile(u.data() + kt * kTileK, q + row_words(n, kt, k_tiles));
    }
  });
}

}  // namespace qf::int4_tiled
