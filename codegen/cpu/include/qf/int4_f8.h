// Float8DynamicActivationInt4WeightConfig, plain packing (torchao-semantics.md §3.7, §3.4.5):
// symmetric int4 weights (int4_plain.h) against activations quantized per row by mslk's
// quantize_fp8_row: a_scale = fp32(448 / max(amax, 1/512)), q = e4m3(clamp(fp32(x · a_scale),
// ±448)), stored scale fp32(1 / a_scale) (a reciprocal multiply, not a division; a zero row
// gives scale 1/229376 and q = 0). The linear is mslk's f8i4bf16_rowwise:
// y = bf16(x_scale[m] · Σ_k fp8(xq) · w), then + bias in bf16, always a bf16 output.
#pragma once
#include <immintrin.h>

#include "entry.h"
#include "int4_plain.h"
#include "minifloat.h"

namespace qf::int4 {

constexpr float kF8RowMax = 448.0f;
constexpr float kF8RowEps = 1.0f / 512.0f;

template <Dt D> struct QuantizeF8Row {
  struct Args {
    const hp_t<D>* x;
    int64_t M, K;
    uint8_t* q;    // [M, K] e4m3
    float* scale;  // [M]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t m0, int64_t m1) {
    for (int64_t m = m0; m < m1; ++m) {
      const hp_t<D>* x = a.x + m * a.K;
      const float amax = block_amax<D>(x, a.K);
      const float inv = kF8RowMax / (amax > kF8RowEps ? amax : kF8RowEps);
      a.scale[m] = 1.0f / inv;
      for (int64_t i = 0; i < a.K; ++i)
        a.q[m * a.K + i] = uint8_t(mini_encode<kE4M3>(clampf(hp_load<D>(x, i) * inv, -kF8RowMax, kF8RowMax)));
    }
  }
};

template <Dt D> inline void quantize_f8_row_into(const hp_t<D>* x, int64_t M, int64_t K, uint8_t* q, float* scale) {
  Multi<QuantizeF8Row<D>>::run({x, M, K, q, scale}, M, row_chunk(M, 1));
}

template <Dt D> void quantize_activation_f8_row(const char* k, TensorView x, TensorView q, TensorView scale) {
  int64_t M, K;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  expect(k, "qdata", q, kDlE4M3, {M, K});
  expect(k, "scale", scale, kF32, {M, 1});
  quantize_f8_row_into<D>(ptr<const hp_t<D>>(x), M, K, ptr<uint8_t>(q), ptr<float>(scale));
}

/**
 * AVX512-BF16 rows for K % G == 0 and G % 64 == 0: fp8 values and signed nibbles are both
 * exact bf16 numbers, so vdpbf16ps forms the exact products. Per 64 columns, 32 weight bytes
 * widen to 16-bit lanes; `& 0xF` gives the even elements and `>> 4` the odd ones, each turned
 * into bf16 by a vpermw table of −8..7; x comes as bf16 in blocks of [32 evens, 32 odds].
 */
template <int G, int T>
QF_TARGET_AVX512 void row_f8_bf16(const uint8_t* q, const uint16_t* xb, int64_t K, const float* sc, float* out) {
  static_assert(G % 64 == 0, "the bf16 fp8 x int4 rows take groups of 64k");
  alignas(64) static const uint16_t kSigned[32] = {0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0,
                                                   0xc100, 0xc0e0, 0xc0c0, 0xc0a0, 0xc080, 0xc040, 0xc000, 0xbf80};
  const __m512i table = _mm512_load_si512(kSigned);
  const __m512i low = _mm512_set1_epi16(0xF);
  __m512 y[T];
  for (int t = 0; t < T; ++t) y[t] = _mm512_setzero_ps();
  for (int64_t g = 0; g < K / G; ++g) {
    __m512 acc[T][2];
    for (int t = 0; t < T; ++t) acc[t][0] = acc[t][1] = _mm512_setzero_ps();
    for (int c = 0; c < G / 64; ++c) {
      const int64_t k0 = g * G + 64 * c;
      const __m512i w = _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + k0 / 2)));
      const __m512bh even = (__m512bh)_mm512_permutexvar_epi16(_mm512_and_si512(w, low), table);
      const __m512bh odd = (__m512bh)_mm512_permutexvar_epi16(_mm512_srli_epi16(w, 4), table);
      for (int t = 0; t < T; ++t) {
        const uint16_t* xt = xb + t * K + k0;
        acc[t][0] = _mm512_dpbf16_ps(acc[t][0], even, (__m512bh)_mm512_loadu_si512(xt));
        acc[t][1] = _mm512_dpbf16_ps(acc[t][1], odd, (__m512bh)_mm512_loadu_si512(xt + 32));
      }
    }
    const __m512 s = _mm512_set1_ps(sc[g]);
    for (int t = 0; t < T; ++t) y[t] = _mm512_fmadd_ps(_mm512_add_ps(acc[t][0], acc[t][1]), s, y[t]);
  }
  for (int t = 0; t < T; ++t) out[t] = _mm512_reduce_add_ps(y[t]);
}

/** One token against 4 rows (M = 1): the x of each 64 columns is loaded once for the 4 rows. */
template <int G>
QF_TARGET_AVX512 void rows4_f8_bf16(const uint8_t* q, int64_t K, const uint16_t* xb, const float* sc, int64_t groups, float* out) {
  alignas(64) static const uint16_t kSigned[32] = {0x0000, 0x3f80, 0x4000, 0x4040, 0x4080, 0x40a0, 0x40c0, 0x40e0,
                                                   0xc100, 0xc0e0, 0xc0c0, 0xc0a0, 0xc080, 0xc040, 0xc000, 0xbf80};
  const __m512i table = _mm512_load_si512(kSigned);
  const __m512i low = _mm512_set1_epi16(0xF);
  __m512 y[4];
  for (int r = 0; r < 4; ++r) y[r] = _mm512_setzero_ps();
  for (int64_t g = 0; g < K / G; ++g) {
    __m512 acc[4][2];
    for (int r = 0; r < 4; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    for (int c = 0; c < G / 64; ++c) {
      const int64_t k0 = g * G + 64 * c;
      const __m512bh xe = (__m512bh)_mm512_loadu_si512(xb + k0), xo = (__m512bh)_mm512_loadu_si512(xb + k0 + 32);
      for (int r = 0; r < 4; ++r) {
        const __m512i w = _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + r * (K / 2) + k0 / 2)));
        acc[r][0] = _mm512_dpbf16_ps(acc[r][0], (__m512bh)_mm512_permutexvar_epi16(_mm512_and_si512(w, low), table), xe);
        acc[r][1] = _mm512_dpbf16_ps(acc[r][1], (__m512bh)_mm512_permutexvar_epi16(_mm512_srli_epi16(w, 4), table), xo);
      }
    }
    for (int r = 0; r < 4; ++r) y[r] = _mm512_fmadd_ps(_mm512_add_ps(acc[r][0], acc[r][1]), _mm512_set1_ps(sc[r * groups + g]), y[r]);
  }
  for (int r = 0; r < 4; ++r) out[r] = _mm512_reduce_add_ps(y[r]);
}

/**
 * The fp8 × int4 rows: per group, acc = Σ s·x on the signed nibbles and the exact fp8 values
 * (x split into its even and odd elements, so that a byte's low nibble meets xe and its high
 * nibble xo; each group's weights are converted once per token tile, then 16-lane loops), y = Σ_groups scale·acc, then bf16(y · x_scale[m]). A
 * zero row of either side gives an exact 0, as mslk's GEMM does.
 */
template <int G, int Tokens> struct F8Linear {
  struct Args {
    const uint8_t* q;       // [N, K/2]
    const uint16_t* scale;  // [ceil(K/G), N] bf16
    int64_t N, K, M;
    const float* xe;  // [M, K/2] even elements of fp8(x), as floats
    const float* xo;  // [M, K/2] odd elements
    const float* sx;  // [M] row scales
    const uint16_t* xb;  // [M, K] bf16 in blocks of [32 evens, 32 odds] for row_f8_bf16, or null
    const uint16_t* bias;
    uint16_t* y;  // [M, N] bf16
  };
  template <int T> static QF_INLINE void dot(const Args& a, int64_t n, int64_t m0, const float* sc, float* out) {
    const int64_t half = a.K / 2, groups = (a.K + G - 1) / G;
    const uint8_t* qr = a.q + n * half;
    float y[T] = {};
    alignas(64) float lo[G / 2], hi[G / 2];  // one group's weights, converted once for all T tokens
    for (int64_t g = 0; g < groups; ++g) {
      const int64_t j0 = g * (G / 2), len = j0 + G / 2 < half ? G / 2 : half - j0;
      for (int64_t l = 0; l < len; ++l) {
        const int b = qr[j0 + l];  // two's-complement nibbles as (v ^ 8) - 8: plain int lanes
        lo[l] = float(((b & 15) ^ 8) - 8);
        hi[l] = float(((b >> 4) ^ 8) - 8);
      }
      for (int t = 0; t < T; ++t) {
        const float* xe = a.xe + (m0 + t) * half + j0;
        const float* xo = a.xo + (m0 + t) * half + j0;
        float acc[16] = {};
        int64_t l = 0;
        for (; l + 16 <= len; l += 16)
          for (int i = 0; i < 16; ++i) acc[i] = __builtin_fmaf(hi[l + i], xo[l + i], __builtin_fmaf(lo[l + i], xe[l + i], acc[i]));
        float s = 0.0f;
        for (; l < len; ++l) s = __builtin_fmaf(hi[l], xo[l], __builtin_fmaf(lo[l], xe[l], s));
        for (int i = 0; i < 16; ++i) s += acc[i];
        y[t] = __builtin_fmaf(s, sc[g], y[t]);
      }
    }
    for (int t = 0; t < T; ++t) out[t] = y[t];
  }
  /** y[m][n] from the raw sum: the activation's row scale, bf16, then the bias in bf16. */
  static QF_INLINE void finish(const Args& a, int64_t n, int64_t m, float raw) {
    float v = hp_round<Dt::BF16>(raw * a.sx[m]);  // f8i4bf16_rowwise writes bf16
    if (a.bias) v = v + f32_from_bf16(a.bias[n]);
    a.y[m * a.N + n] = bf16_from_f32(v);
  }
  /** M = 1 on AVX512-BF16: rows in fours (rows4_f8_bf16); returns the rows done. */
  QF_TARGET_AVX512 QF_EXACT static int64_t fours(const Args& a, int64_t n0, int64_t n1) {
    const int64_t groups = a.K / G;
    std::vector<float> sc(static_cast<size_t>(4 * groups));
    int64_t n = n0;
    for (; n + 4 <= n1; n += 4) {
      for (int r = 0; r < 4; ++r)
        for (int64_t g = 0; g < groups; ++g) sc[size_t(r * groups + g)] = f32_from_bf16(a.scale[g * a.N + n + r]);
      float out[4];
      rows4_f8_bf16<G>(a.q + n * (a.K / 2), a.K, a.xb, sc.data(), groups, out);
      for (int r = 0; r < 4; ++r) finish(a, n + r, 0, out[r]);
    }
    return n - n0;
  }
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    if constexpr (I == Isa::Avx512 && G % 64 == 0) {
      if (a.xb && a.M == 1) n0 += fours(a, n0, n1);
    }
    const int64_t groups = (a.K + G - 1) / G;
    std::vector<float> sc(static_cast<size_t>(groups));
    float out[Tokens];
    for (int64_t n = n0; n < n1; ++n) {
      for (int64_t g = 0; g < groups; ++g) sc[size_t(g)] = f32_from_bf16(a.scale[g * a.N + n]);
      for (int64_t m0 = 0; m0 < a.M; m0 += Tokens) {
        const int64_t mt = a.M - m0 < Tokens ? a.M - m0 : Tokens;
        with_tokens<Tokens>(mt, [&](auto T) {
          constexpr int TT = decltype(T)::value;
          if constexpr (I == Isa::Avx512 && G % 64 == 0) {
            if (a.xb) return row_f8_bf16<G, TT>(a.q + n * (a.K / 2), a.xb + m0 * a.K, a.K, sc.data(), out);
          }
          dot<TT>(a, n, m0, sc.data(), out);
        });
        for (int64_t m = 0; m < mt; ++m) finish(a, n, m0 + m, out[m]);
      }
    }
  }
};

/** f8i4bf16_rowwise: bf16 x and weight scales (mslk's kernel is bf16-only), bf16 y. */
template <int G, int Tokens>
void linear_f8(const char* k, TensorView x, TensorView q, TensorView scale, TensorView zero, TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  const Decoder<Dt::BF16, G> dec = weight_args<Dt::BF16, G>(k, q, scale, zero, &N, &K);
  expect_matrix(k, "x", x, kBF16, &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, kBF16, {M, N});
  const int64_t half = K / 2;
  std::vector<uint8_t> xq(size_t(M * K));
  std::vector<float> sx(size_t(M > 0 ? M : 1)), xe(size_t(M * half)), xo(size_t(M * half));
  quantize_f8_row_into<Dt::BF16>(ptr<const uint16_t>(x), M, K, xq.data(), sx.data());
  const float* table = mini_table<kE4M3>();
  for (int64_t i = 0; i < M * half; ++i) {
    xe[size_t(i)] = table[xq[size_t(2 * i)]];
    xo[size_t(i)] = table[xq[size_t(2 * i + 1)]];
  }
  const bool bf16 = G % 64 == 0 && K % G == 0 && has_avx512bf16();
  std::vector<uint16_t> xb(bf16 ? size_t(M * K) : 0);
  for (int64_t m = 0; bf16 && m < M; ++m)
    for (int64_t b = 0; b < K; b += 64)
      for (int i = 0; i < 32; ++i) {
        xb[size_t(m * K + b + i)] = bf16_from_f32(xe[size_t((m * K + b) / 2 + i)]);
        xb[size_t(m * K + b + 32 + i)] = bf16_from_f32(xo[size_t((m * K + b) / 2 + i)]);
      }
  typename F8Linear<G, Tokens>::Args a{dec.q, dec.scale, N, K, M, xe.data(), xo.data(), sx.data(), bf16 ? xb.data() : nullptr,
                                       bias_arg<Dt::BF16>(k, bias, N), ptr<uint16_t>(y)};
  Multi<F8Linear<G, Tokens>>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf::int4
