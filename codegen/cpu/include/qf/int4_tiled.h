// Int4TilePackedTo4dTensor (tinygemm; torchao-semantics.md §3.6.2, §2.6): bf16 weight
// [N, K] zero-padded to [N_pad, K_pad] (N to ntile, K to 1024), uint4 u = clamp(RNE((w −
// min)/scale), 0, 15) with scale = max(bf16((max − min)/15), eps), zero = bf16(min + 8·scale),
// min = bf16(zero − 8·scale), every op rounded to bf16 (CPU numerics: true division).
//
// Storage is torchao's, read and written directly: qdata int32 [N_pad/8, K_pad/128, 32, 4]
// (aten._convert_weight_to_int4pack, innerKTiles 8) and scale_and_zero bf16 [K_pad/g,
// N_pad, 2]. The 8 rows × 128 columns of an (n-tile, k-tile) are 128 words; row n's 128
// values are the 16 consecutive words of lanes 4·(n%8) .. 4·(n%8)+3, i.e. one 64-byte line.
// Word w = 4c + i of that line holds, in nibble p (bits 4p .. 4p+3), the element
//   e(w, p) = 2·(16i + 4(p%4) + c) + p/4        (the even element of byte j in nibble p%4,
// the odd one in nibble 4 + p%4). All nibbles of a word lie in columns 32i .. 32i+31, so
// every group size ≥ 32 keeps a word inside one group.
#pragma once
#include <vector>

#include "int4_tiled_bf16.h"
#include "linear_wo.h"
#include "reduce.h"

namespace qf::int4_tiled {

constexpr int64_t kTileK = 128;   // columns per k-tile
constexpr int64_t kPadK = 1024;   // K is padded to this
constexpr int kWords = 16;        // words of one row in one k-tile

/** Element (0..127) held by nibble p of word w of a row's k-tile. */
constexpr int element_of(int w, int p) { return 2 * (16 * (w % 4) + 4 * (p % 4) + w / 4) + p / 4; }

inline int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/** Offset of the 16 words of row n in k-tile kt. */
QF_INLINE int64_t row_words(int64_t n, int64_t kt, int64_t k_tiles) {
  return (((n / 8) * k_tiles + kt) * 32 + (n % 8) * 4) * 4;
}

/** uint4 values of one row's k-tile in natural column order. */
QF_INLINE void unpack_tile(const uint32_t* words, uint8_t* u) {
  for (int w = 0; w < kWords; ++w)
    for (int p = 0; p < 8; ++p) u[element_of(w, p)] = uint8_t((words[w] >> (4 * p)) & 0xFu);
}

QF_INLINE void pack_tile(const uint8_t* u, uint32_t* words) {
  for (int w = 0; w < kWords; ++w) {
    uint32_t v = 0;
    for (int p = 0; p < 8; ++p) v |= uint32_t(u[element_of(w, p)]) << (4 * p);
    words[w] = v;
  }
}

/** The padded bf16 weight row n as fp32 (zeros past N or K). */
QF_INLINE void padded_row(const uint16_t* w, int64_t N, int64_t K, int64_t Kp, int64_t n, float* out) {
  for (int64_t k = 0; k < Kp; ++k) out[k] = n < N && k < K ? f32_from_bf16(w[n * K + k]) : 0.0f;
}

QF_INLINE float b16(float v) { return hp_round<Dt::BF16>(v); }

/** Tinygemm qparams and values (§2.6) for rows [n0, n1) of the padded weight. */
struct QuantizeTinygemm {
  struct Args {
    const uint16_t* w;  // [N, K] bf16
    int64_t N, K, Np, Kp, G;
    float eps;        // bf16(eps): smallest normal, or bf16(1e-6) for version 1
    uint32_t* q;      // [Np/8, Kp/128, 32, 4]
    uint16_t* sz;     // [Kp/G, Np, 2] bf16
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    std::vector<float> x(size_t(a.Kp));
    std::vector<uint8_t> u(size_t(a.Kp));
    const int64_t groups = a.Kp / a.G, k_tiles = a.Kp / kTileK;
    for (int64_t n = n0; n < n1; ++n) {
      padded_row(a.w, a.N, a.K, a.Kp, n, x.data());
      for (int64_t g = 0; g < groups; ++g) {
        const float* xg = x.data() + g * a.G;
        const MinMax mm = block_minmax<Dt::F32>(xg, a.G);
        float scale = b16(b16(mm.mx - mm.mn) / 15.0f);
        scale = scale < a.eps ? a.eps : scale;
        const float zero = b16(mm.mn + b16(scale * 8.0f));
        const float lo = b16(zero - b16(scale * 8.0f));
        for (int64_t i = 0; i < a.G; ++i) u[size_t(g * a.G + i)] = uint8_t(clampf(rne(b16(b16(xg[i] - lo) / scale)), 0.0f, 15.0f));
        a.sz[(g * a.Np + n) * 2] = bf16_from_f32(scale);
        a.sz[(g * a.Np + n) * 2 + 1] = bf16_from_f32(zero);
      }
      for (int64_t kt = 0; kt < k_tiles; ++kt)
        pack_tile(u.data() + kt * kTileK, a.q + row_words(n, kt, k_tiles));
    }
  }
};

/** Reads u and the group's scale/zero of row n (n < N_pad) back from the stored tensors. */
struct Stored {
  const uint32_t* q;
  const uint16_t* sz;
  int64_t Np, Kp, G;
  QF_INLINE float scale(int64_t n, int64_t g) const { return f32_from_bf16(sz[(g * Np + n) * 2]); }
  QF_INLINE float zero(int64_t n, int64_t g) const { return f32_from_bf16(sz[(g * Np + n) * 2 + 1]); }
  /** Row n, columns [k0, k0 + len) with k0 a multiple of 128: f(u, scale, zero) per element. */
  template <class F> QF_INLINE void each(int64_t n, int64_t k0, int64_t len, float* out, F&& f) const {
    alignas(64) uint8_t u[kTileK];
    for (int64_t t = 0; t < len; t += kTileK) {
      unpack_tile(q + row_words(n, (k0 + t) / kTileK, Kp / kTileK), u);
      const int64_t m = len - t < kTileK ? len - t : kTileK;
      for (int64_t i = 0; i < m; ++i) {
        const int64_t g = (k0 + t + i) / G;
        out[t + i] = f(float(u[i]), scale(n, g), zero(n, g));
      }
    }
  }
};

/** dequantize(): _dequantize_affine_tinygemm in bf16, bf16((bf16((u − 8)·scale)) + zero). */
struct DequantDecoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  Stored s;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    s.each(n, k0, len, out, [](float u, float sc, float z) { return b16(b16((u - 8.0f) * sc) + z); });
  }
};

/**
 * The linear's dot products straight from the 4-D words. x is permuted once per call into the
 * words' nibble order, per k-tile `xp[128·kt + 16p + w] = x[128·kt + e(w, p)]` (zeros past
 * K), so that nibble p of the 16 words of a row meets 16 consecutive x values: plain 16-lane
 * loops that every ISA build vectorizes. Per word, acc = Σ_p u·x; since a word stays inside
 * one group, Σ x·w = Σ_words scale·acc + Σ_groups (zero − 8·scale)·Σx, in fp32 (the
 * documented linear tolerance: tinygemm rounds each w to bf16 first, a relative 2^-9 at most).
 */
template <int G, int Tokens> struct Linear {
  struct Args {
    Stored s;
    const float* xp;    // [M, Kp] permuted x
    const float* xsum;  // [M, Kp/G] Σx per group
    const uint32_t* xb;  // [M, Kp/2] bf16 pairs for the AVX512-BF16 rows (int4_tiled_bf16.h), or null
    int64_t M, K, N;
    const uint16_t* bias;  // [N] bf16 or null
    uint16_t* y;           // [M, N] bf16
  };
  /** Σ_words scale·acc for T tokens (the zero terms are added by `rows`). */
  template <int T> static QF_INLINE void dot(const Args& a, int64_t n, int64_t m0, const float* sc, float* out) {
    const int64_t k_tiles = a.s.Kp / kTileK, used = (a.K + kTileK - 1) / kTileK;
    float Y[T][kWords] = {};
    for (int64_t kt = 0; kt < used; ++kt) {
      const uint32_t* wd = a.s.q + row_words(n, kt, k_tiles);
      float sv[kWords];
      for (int w = 0; w < kWords; ++w) sv[w] = sc[(kt * kTileK + 32 * (w % 4)) / G];
      for (int t = 0; t < T; ++t) {
        const float* xt = a.xp + (m0 + t) * a.s.Kp + kt * kTileK;
        float acc[kWords] = {};
        for (int p = 0; p < 8; ++p)
          for (int w = 0; w < kWords; ++w) acc[w] = __builtin_fmaf(float((wd[w] >> (4 * p)) & 0xFu), xt[16 * p + w], acc[w]);
        for (int w = 0; w < kWords; ++w) Y[t][w] = __builtin_fmaf(acc[w], sv[w], Y[t][w]);
      }
    }
    for (int t = 0; t < T; ++t) {
      float y = 0.0f;
      for (int w = 0; w < kWords; ++w) y += Y[t][w];
      out[t] = y;
    }
  }
  /** y[n] for one token from the raw sum Σ_words scale·acc: the zero terms, bf16, bias. */
  static QF_INLINE void finish_row(const Args& a, int64_t n, int64_t m, const float* zc, float raw) {
    const int64_t groups = a.s.Kp / G, used_groups = (a.K + G - 1) / G;
    const float* xs = a.xsum + m * groups;
    for (int64_t g = 0; g < used_groups; ++g) raw = __builtin_fmaf(zc[g], xs[g], raw);
    float v = b16(raw);  // _weight_int4pack_mm writes bf16
    if (a.bias) v = v + f32_from_bf16(a.bias[n]);
    a.y[m * a.N + n] = bf16_from_f32(v);
  }
  /**
   * AVX512-BF16: whole n-tiles [n, n + 8) inside [n0, n1), one token by tile8_bf16, blocks of
   * up to kTileTokens tokens by tile8_tokens_bf16; returns the rows done.
   */
  QF_TARGET_AVX512 QF_EXACT static int64_t tiles(const Args& a, int64_t n0, int64_t n1) {
    const int64_t groups = a.s.Kp / G, k_tiles = a.s.Kp / kTileK, used = (a.K + kTileK - 1) / kTileK;
    const int64_t first = (n0 + 7) / 8 * 8;
    if (first != n0) return 0;
    std::vector<float> sc(static_cast<size_t>(8 * groups)), zc(static_cast<size_t>(8 * groups));
    int64_t n = n0;
    for (; n + 8 <= n1 && n + 8 <= a.s.Np; n += 8) {
      for (int r = 0; r < 8; ++r)
        for (int64_t g = 0; g < groups; ++g) {
          const float s = a.s.scale(n + r, g);
          sc[size_t(r * groups + g)] = s;
          zc[size_t(r * groups + g)] = a.s.zero(n + r, g) - 8.0f * s;
        }
      const uint32_t* block = a.s.q + row_words(n, 0, k_tiles);
      float out[8 * kTileTokens];
      for (int64_t m0 = 0; m0 < a.M; m0 += kTileTokens) {
        const int64_t mt = a.M - m0 < kTileTokens ? a.M - m0 : kTileTokens;
        const uint32_t* xb = a.xb + m0 * (a.s.Kp / 2);
        if (mt == 1) tile8_bf16<G>(block, used, xb, sc.data(), groups, out);
        else tile8_tokens_bf16<G>(block, used, xb, a.s.Kp, mt, sc.data(), groups, out);
        for (int r = 0; r < 8; ++r)
          for (int64_t m = 0; m < mt; ++m) finish_row(a, n + r, m0 + m, zc.data() + r * groups, out[r * mt + m]);
      }
    }
    return n - n0;
  }
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    const int64_t groups = a.s.Kp / G;
    const int64_t k_tiles = a.s.Kp / kTileK, used = (a.K + kTileK - 1) / kTileK;
    if constexpr (I == Isa::Avx512) {
      if (a.xb) n0 += tiles(a, n0, n1);
    }
    std::vector<float> sc(static_cast<size_t>(groups)), zc(static_cast<size_t>(groups));
    float out[Tokens];
    for (int64_t n = n0; n < n1; ++n) {
      for (int64_t g = 0; g < groups; ++g) {
        sc[size_t(g)] = a.s.scale(n, g);
        zc[size_t(g)] = a.s.zero(n, g) - 8.0f * sc[size_t(g)];
      }
      for (int64_t m0 = 0; m0 < a.M; m0 += Tokens) {
        const int64_t mt = a.M - m0 < Tokens ? a.M - m0 : Tokens;
        with_tokens<Tokens>(mt, [&](auto T) {
          constexpr int TT = decltype(T)::value;
          if constexpr (I == Isa::Avx512) {
            if (a.xb) return row_bf16<G, TT>(a.s.q + row_words(n, 0, k_tiles), used, a.xb + m0 * (a.s.Kp / 2), a.s.Kp, sc.data(), out);
          }
          dot<TT>(a, n, m0, sc.data(), out);
        });
        for (int64_t m = 0; m < mt; ++m) finish_row(a, n, m0 + m, zc.data(), out[m]);
      }
    }
  }
};

/** x [M, K] bf16 → the permuted fp32 x [M, Kp] (unless xp is null) and Σx per group [M, Kp/G] of Linear. */
inline void prepare_x(const uint16_t* x, int64_t M, int64_t K, int64_t Kp, int64_t G, float* xp, float* xsum) {
  for (int64_t m = 0; m < M; ++m) {
    for (int64_t kt = 0; xp && kt < Kp / kTileK; ++kt)
      for (int w = 0; w < kWords; ++w)
        for (int p = 0; p < 8; ++p) {
          const int64_t k = kt * kTileK + element_of(w, p);
          xp[m * Kp + kt * kTileK + 16 * p + w] = k < K ? f32_from_bf16(x[m * K + k]) : 0.0f;
        }
    for (int64_t g = 0; g < Kp / G; ++g) {
      float s = 0.0f;
      for (int64_t k = g * G; k < (g + 1) * G && k < K; ++k) s += f32_from_bf16(x[m * K + k]);
      xsum[m * (Kp / G) + g] = s;
    }
  }
}

}  // namespace qf::int4_tiled
