// Float8 2:4 sparse weights (Float8DynamicActivationFloat8SemiSparseWeightConfig and the
// SPARSE_* packing formats of Float8DynamicActivationFloat8WeightConfig; torchao-semantics.md
// §3.4.6). quantize_weight prunes, quantizes and compresses in one pass per row:
//   prune:    in each aligned group of 4 along K the two elements with the smallest D(w·w) are
//             zeroed (w·0, so a negative w leaves -0), ties broken as torch.topk(k=2,
//             largest=False) does on CPU: libstdc++'s std::nth_element over (value, index)
//             pairs, NaN last, replayed exactly below (prune-2x4.ts is the oracle's replay);
//   quantize: the pruned dense weight per row ('2d') or per tensor ('1d') as §2.7;
//   compress: the two kept fp8 bytes of each group in index order, [N, K/2], and 4 bits of
//             metadata per group (lower kept index in bits 0-1, higher in bits 2-3; the even
//             group in the low nibble), [N, K/8]. '1d' packs [values | metadata] in one buffer.
// The sparse linear reads only the kept bytes and the metadata (half the weight bytes plus
// an eighth), expands a chunk of a row to fp32 in L1 and runs the _scaled_mm epilogue:
// (acc · sa) · sw + bias, one rounding.
#pragma once
#include <immintrin.h>

#include "float8_block.h"

namespace qf::float8::sparse {

/** The (value, index) pairs std::nth_element(first, first + 1, last) sorts, for 4 elements. */
struct Nth4 {
  float v[4];
  int idx[4];
  QF_INLINE bool less(int i, int j) const {
    const float x = v[i], y = v[j];
    return (x == x && y != y) || x < y;
  }
  QF_INLINE void swap(int i, int j) {
    const float t = v[i]; v[i] = v[j]; v[j] = t;
    const int u = idx[i]; idx[i] = idx[j]; idx[j] = u;
  }
  QF_INLINE void median_to_first(int result, int a, int b, int c) {
    if (less(a, b)) {
      if (less(b, c)) swap(result, b);
      else if (less(a, c)) swap(result, c);
      else swap(result, a);
    } else if (less(a, c)) swap(result, a);
    else if (less(b, c)) swap(result, c);
    else swap(result, b);
  }
  QF_INLINE int unguarded_partition(int first, int last, int pivot) {
    for (;;) {
      while (less(first, pivot)) ++first;
      --last;
      while (less(pivot, last)) --last;
      if (!(first < last)) return first;
      swap(first, last);
      ++first;
    }
  }
  QF_INLINE void insertion_sort(int first, int last) {
    for (int i = first + 1; i < last; ++i) {
      const float x = v[i];
      const int t = idx[i];
      int j = i;
      while (j > first && ((x == x && v[j - 1] != v[j - 1]) || x < v[j - 1])) {
        v[j] = v[j - 1]; idx[j] = idx[j - 1]; --j;
      }
      v[j] = x; idx[j] = t;
    }
  }
  /** Bit mask of the two positions torch.topk(k=2, largest=False) returns. */
  QF_INLINE int smallest2() {
    int first = 0, last = 4;
    const int nth = 1;
    while (last - first > 3) {
      median_to_first(first, first + 1, first + ((last - first) >> 1), last - 1);
      const int cut = unguarded_partition(first + 1, last, first);
      if (cut <= nth) first = cut;
      else last = cut;
    }
    insertion_sort(first, last);
    return (1 << idx[0]) | (1 << idx[1]);
  }
};

/** The metadata nibble (kept indices i0 < i1 as i0 | i1 << 2) of a group of 4 values of D. */
template <Dt D> QF_INLINE int keep_nibble(const hp_t<D>* w) {
  Nth4 s;
  for (int i = 0; i < 4; ++i) {
    const float x = hp_load<D>(w, i);
    s.v[i] = hp_round<D>(x * x);
    s.idx[i] = i;
  }
  const int kept = ~s.smallest2() & 0xF;
  const int i0 = __builtin_ctz(unsigned(kept)), i1 = 31 - __builtin_clz(unsigned(kept));
  return i0 | (i1 << 2);
}

/** max |w| over the kept elements of a row (the pruned row's amax: the zeros add nothing). */
template <Dt D> QF_INLINE float pruned_amax(const hp_t<D>* w, int64_t K) {
  float amax = 0.0f;
  for (int64_t g = 0; g < K; g += 4) {
    const int nib = keep_nibble<D>(w + g);
    const float a = std::fabs(hp_load<D>(w, g + (nib & 3))), b = std::fabs(hp_load<D>(w, g + (nib >> 2)));
    amax = a > amax ? a : amax;
    amax = b > amax ? b : amax;
  }
  return amax;
}

/** Per-row amaxes of the pruned weight (the per-tensor '1d' scale reduces them). */
template <Dt D> struct RowAmax {
  struct Args {
    const hp_t<D>* w;
    int64_t K;
    float* amax;  // [N]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) a.amax[n] = pruned_amax<D>(a.w + n * a.K, a.K);
  }
};

/** Prune + quantize + compress rows; PerTensor takes the tensor amax, else each row's own. */
template <Dt D, const Mini& F, bool PerTensor> struct Quantize {
  struct Args {
    const hp_t<D>* w;
    int64_t K;
    float tensor_amax;
    uint8_t* values;  // [N, K/2]
    uint8_t* meta;    // [N, K/8]
    float* scale;     // [N] or [1]
  };
  template <Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    constexpr float mx = max_value<F>();
    for (int64_t n = n0; n < n1; ++n) {
      const hp_t<D>* w = a.w + n * a.K;
      const float s = scale_of<D, F>(PerTensor ? a.tensor_amax : pruned_amax<D>(w, a.K));
      if (!PerTensor) a.scale[n] = s;
      else if (n == 0) a.scale[0] = s;
      uint8_t* v = a.values + n * (a.K / 2);
      uint8_t* m = a.meta + n * (a.K / 8);
      for (int64_t g = 0; g < a.K / 4; ++g) {
        const int nib = keep_nibble<D>(w + 4 * g);
        v[2 * g] = uint8_t(mini_encode<F>(clampf(hp_load<D>(w, 4 * g + (nib & 3)) / s, -mx, mx)));
        v[2 * g + 1] = uint8_t(mini_encode<F>(clampf(hp_load<D>(w, 4 * g + (nib >> 2)) / s, -mx, mx)));
        if (g & 1) m[g >> 1] = uint8_t(m[g >> 1] | (nib << 4));
        else m[g >> 1] = uint8_t(nib);
      }
    }
  }
};

/** For each metadata byte (two groups), the 0xFF bytes of the 8 dense positions kept. */
struct PdepMasks {
  uint64_t m[256];
  PdepMasks() {
    for (int b = 0; b < 256; ++b) {
      uint64_t mask = 0;
      for (int g = 0; g < 2; ++g) {
        const int nib = (b >> (4 * g)) & 0xF;
        mask |= uint64_t(0xFF) << (8 * (4 * g + (nib & 3)));
        mask |= uint64_t(0xFF) << (8 * (4 * g + (nib >> 2)));
      }
      this->m[b] = mask;
    }
  }
};
inline const uint64_t* pdep_masks() {
  static const PdepMasks t;
  return t.m;
}

/** Scatters pairs·4 kept bytes into pairs·8 dense bytes (0 where dropped) with BMI2 pdep. */
QF_TARGET_AVX2 inline void expand_pdep(const uint8_t* v, const uint8_t* meta, int64_t pairs, uint8_t* dense) {
  const uint64_t* masks = pdep_masks();
  for (int64_t p = 0; p < pairs; ++p) {
    uint32_t kept;
    std::memcpy(&kept, v + 4 * p, 4);
    const uint64_t d = _pdep_u64(kept, masks[meta[p]]);
    std::memcpy(dense + 8 * p, &d, 8);
  }
}

/**
 * Dense row chunks from the compressed form: Raw gives fp32(q) (the scaled GEMM's operand;
 * dropped positions +0), else D(fp32(q) · scale), as dequantize() of the dense tensor.
 * Chunks start at multiples of 8 (two groups per metadata byte).
 */
template <Dt D, const Mini& F, bool PerTensor, bool Raw> struct Decoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  const uint8_t* values;
  const uint8_t* meta;
  const float* sw;  // [N] or [1]
  const float* sa;  // activation scales [M] or [1] (Raw only)
  int64_t K;
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const float* table = mini_table<F>();
    const float s = sw[PerTensor ? 0 : n];
    const uint8_t* v = values + n * (K / 2) + k0 / 2;
    const uint8_t* m = meta + n * (K / 8) + k0 / 8;
    const float zero = Raw ? table[0] : hp_round<D>(table[0] * s);
    for (int64_t g = 0; g < len / 4; ++g) {
      const int nib = (m[g >> 1] >> ((g & 1) * 4)) & 0xF;
      float* o = out + 4 * g;
      o[0] = o[1] = o[2] = o[3] = zero;
      o[nib & 3] = Raw ? table[v[2 * g]] : hp_round<D>(table[v[2 * g]] * s);
      o[nib >> 2] = Raw ? table[v[2 * g + 1]] : hp_round<D>(table[v[2 * g + 1]] * s);
    }
  }
  /** Row n whole, raw (RowDecoded): kept bytes scattered into a dense byte chunk (dropped
   *  positions 0x00 = +0), then the ISA's fp8 decoder. */
  template <Isa I> QF_INLINE void decode_row(int64_t n, float* out) const {
    static_assert(Raw, "decode_row gives the GEMM operand");
    alignas(64) uint8_t dense[kChunk];
    for (int64_t k0 = 0; k0 < K; k0 += kChunk) {
      const int64_t len = K - k0 < kChunk ? K - k0 : kChunk;
      const uint8_t* v = values + n * (K / 2) + k0 / 2;
      const uint8_t* m = meta + n * (K / 8) + k0 / 8;
      if constexpr (I != Isa::Scalar) {
        expand_pdep(v, m, len / 8, dense);
      } else {
        for (int64_t g = 0; g < len / 4; ++g) {
          const int nib = (m[g >> 1] >> ((g & 1) * 4)) & 0xF;
          const uint32_t word = (uint32_t(v[2 * g]) << (8 * (nib & 3))) | (uint32_t(v[2 * g + 1]) << (8 * (nib >> 2)));
          std::memcpy(dense + 4 * g, &word, 4);
        }
      }
      blocks::decode_raw<I, F>(dense, int(len), out + k0);
    }
  }
  QF_INLINE float finish(int64_t n, int64_t m, float acc) const {
    return (acc * sa[PerTensor ? 0 : m]) * sw[PerTensor ? 0 : n];
  }
};

}  // namespace qf::float8::sparse
