// Weight-only linear, y = x · dequantize(W)ᵀ + bias, for any format given as a decoder.
// One pass over the weight: each worker takes a block of output rows; per row it decodes a
// chunk of K (kChunk values, which stays in L1) into fp32 and runs it against every token of
// the current token tile, so every weight byte is read from memory once per token tile.
//
// A decoder `Dec` provides
//   decode(n, k0, len, out): the dequantized weight values W[n, k0 .. k0+len) as torchao
//                            dequantize() gives them in dtype D (already rounded to D);
//   finish(n, m, acc):       output (n, m) before bias from the fp32 dot product (usually
//                            round to D; int8 per-row applies its scale here, as torchao does;
//                            scaled_mm applies both scales and leaves the rounding to the end).
// The output is D(finish + bias), one rounding.
// A decoder whose weights are one byte per element with at most a per-row scale also sets
// `kRaw` (the element kind) and gives raw_row(n), raw_at(n, k) and finish_raw(n, m, acc), so
// that the AVX2/AVX-512 builds run the hand-written loops of simd_avx*.h on the raw bytes. Summation order differs from PyTorch's mm (documented
// tolerance); every elementwise step is exact.
#pragma once
#include <type_traits>
#include <vector>

#include "dispatch.h"
#include "simd_avx2.h"
#include "simd_avx512.h"
#include "raw_tile.h"

namespace qf {

constexpr int64_t kChunk = 256;

/** Calls f(std::integral_constant<int, mt>) for 1 <= mt <= Max: token counts as constants. */
template <int Max, class F> QF_INLINE void with_tokens(int64_t mt, F&& f) {
  if constexpr (Max >= 1) {
    if (mt == Max) return f(std::integral_constant<int, Max>{});
    with_tokens<Max - 1>(mt, f);
  }
}

template <Dt D> inline std::vector<float> widen_rows(const hp_t<D>* x, int64_t count) {
  std::vector<float> out(size_t(count > 0 ? count : 0));
  for (int64_t i = 0; i < count; ++i) out[size_t(i)] = hp_load<D>(x, i);
  return out;
}

template <class Dec, Dt D, int Tokens> struct LinearWO {
  struct Args {
    Dec dec;
    const float* x;  // [M, K] widened to fp32
    int64_t M, K, N;
    const hp_t<D>* bias;  // [N] or null
    hp_t<D>* y;           // [M, N]
    const uint16_t* xb = nullptr;  // [M, K] bf16 bits for the AVX512-BF16 token tiles, or null
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    if constexpr (I != Isa::Scalar && Dec::kRaw != avx512::Elem::None) {
      raw_rows<I>(a, n0, n1);
      return;
    }
    alignas(64) float w[kChunk];
    for (int64_t n = n0; n < n1; ++n) {
      const float b = a.bias ? hp_load<D>(a.bias, n) : 0.0f;
      for (int64_t m0 = 0; m0 < a.M; m0 += Tokens) {
        const int64_t mt = a.M - m0 < Tokens ? a.M - m0 : Tokens;
        float acc[Tokens] = {};
        for (int64_t k0 = 0; k0 < a.K; k0 += kChunk) {
          const int64_t len = a.K - k0 < kChunk ? a.K - k0 : kChunk;
          a.dec.decode(n, k0, len, w);
          for (int64_t m = 0; m < mt; ++m) acc[m] += dot(a.x + (m0 + m) * a.K + k0, w, len);
        }
        for (int64_t m = 0; m < mt; ++m) {
          float v = a.dec.finish(n, m0 + m, acc[m]);
          if (a.bias) v = v + b;
          a.y[(m0 + m) * a.N + n] = hp_encode<D>(v);
        }
      }
    }
  }
  QF_TARGET_AVX512 QF_EXACT static void raw_tiled(const Args& a, int64_t n0, int64_t n1);
  QF_TARGET_AVX512 QF_EXACT static void raw_side_by_side(const Args& a, int64_t n0, int64_t n1);
  template <Isa I> static QF_INLINE void raw_rows(const Args& a, int64_t n0, int64_t n1) {
    if constexpr (I == Isa::Avx512) {
      if (a.xb) return raw_tiled(a, n0, n1);
      if (a.M == 1 && a.K * int64_t(sizeof(float)) > avx512::kXInL1Bytes) return raw_side_by_side(a, n0, n1);
    }
    float out[Tokens];
    for (int64_t n = n0; n < n1; ++n) {
      const float b = a.bias ? hp_load<D>(a.bias, n) : 0.0f;
      auto tail = [&](int64_t k) { return a.dec.raw_at(n, k); };
      for (int64_t m0 = 0; m0 < a.M; m0 += Tokens) {
        const int64_t mt = a.M - m0 < Tokens ? a.M - m0 : Tokens;
        with_tokens<Tokens>(mt, [&](auto T) {
          if constexpr (I == Isa::Avx512)
            avx512::row_dots<decltype(T)::value, Dec::kRaw>(a.dec.raw_row(n), a.x + m0 * a.K, a.K, tail, out);
          else
            avx2::row_dots<decltype(T)::value>(a.dec.raw_row(n), a.x + m0 * a.K, a.K, Dec::kRaw, tail, out);
        });
        for (int64_t m = 0; m < mt; ++m) {
          float v = a.dec.finish_raw(n, m0 + m, out[m]);
          if (a.bias) v = v + b;
          a.y[(m0 + m) * a.N + n] = hp_encode<D>(v);
        }
      }
    }
  }
};

/** M > 1 on AVX512-BF16: 4 rows at a time against blocks of tokens (raw_tile.h). */
template <class Dec, Dt D, int Tokens>
QF_TARGET_AVX512 QF_EXACT void LinearWO<Dec, D, Tokens>::raw_tiled(const Args& a, int64_t n0, int64_t n1) {
  constexpr int R = 4;
  float out[R * avx512::kRawBlockTokens];
  for (int64_t n = n0; n < n1;) {
    const int64_t rows = n1 - n >= R ? R : 1;
    for (int64_t m0 = 0; m0 < a.M; m0 += avx512::kRawBlockTokens) {
      const int64_t mt = a.M - m0 < avx512::kRawBlockTokens ? a.M - m0 : avx512::kRawBlockTokens;
      const uint16_t* xb = a.xb + m0 * a.K;
      if (rows == R) avx512::raw_tile_bf16<R>(a.dec.raw_row(n), a.K, Dec::kRaw, xb, mt, out);
      else avx512::raw_tile_bf16<1>(a.dec.raw_row(n), a.K, Dec::kRaw, xb, mt, out);
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t m = 0; m < mt; ++m) {
          float v = a.dec.finish_raw(n + r, m0 + m, out[r * mt + m]);
          if (a.bias) v = v + hp_load<D>(a.bias, n + r);
          a.y[(m0 + m) * a.N + n + r] = hp_encode<D>(v);
        }
    }
    n += rows;
  }
}

/** M = 1 on AVX-512 with an x too large for L1: kSideRows rows per pass over x (simd_avx512.h). */
template <class Dec, Dt D, int Tokens>
QF_TARGET_AVX512 QF_EXACT void LinearWO<Dec, D, Tokens>::raw_side_by_side(const Args& a, int64_t n0, int64_t n1) {
  constexpr int R = avx512::kSideRows;
  float out[R];
  for (int64_t n = n0; n < n1;) {
    const int64_t rows = n1 - n >= R ? R : 1;
    auto tail = [&](int64_t r, int64_t k) { return a.dec.raw_at(n + r, k); };
    if (rows == R) avx512::rows_dots<R, Dec::kRaw>(a.dec.raw_row(n), a.x, a.K, tail, out);
    else avx512::rows_dots<1, Dec::kRaw>(a.dec.raw_row(n), a.x, a.K, tail, out);
    for (int64_t r = 0; r < rows; ++r) {
      float v = a.dec.finish_raw(n + r, 0, out[r]);
      if (a.bias) v = v + hp_load<D>(a.bias, n + r);
      a.y[n + r] = hp_encode<D>(v);
    }
    n += rows;
  }
}

/** dequantize(): W[n, :] decoded and stored in dtype D. */
template <class Dec, Dt D> struct Dequantize {
  struct Args {
    Dec dec;
    int64_t N, K;
    hp_t<D>* out;
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    alignas(64) float w[kChunk];
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t k0 = 0; k0 < a.K; k0 += kChunk) {
        const int64_t len = a.K - k0 < kChunk ? a.K - k0 : kChunk;
        a.dec.decode(n, k0, len, w);
        hp_t<D>* o = a.out + n * a.K + k0;
        for (int64_t i = 0; i < len; ++i) o[i] = hp_encode<D>(w[i]);
      }
  }
};

/** Rows per task: enough tasks for balance, enough rows to amortise the hand-out. */
inline int64_t row_chunk(int64_t n, int64_t min_rows) {
  int64_t threads = Pool::get().size();
  int64_t c = n / (threads * 8);
  return c < min_rows ? min_rows : c;
}

}  // namespace qf
