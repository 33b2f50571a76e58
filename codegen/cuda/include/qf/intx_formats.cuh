// IntxUnpackedToInt8Tensor weight-format policies (IntxWeightOnlyConfig, int1..int8, per-group
// or per-channel, symmetric or asymmetric), same contract as weight_formats.cuh.
//
// torchao stores one int8 q per value plus scale S and int8 zero point zp per (row, group), both
// [N, K / G], and dequantizes (dequantize_affine, torchao-semantics.md §2.5, §3.9) as
//   w = bf16( fp32(q - zp) * fp32(S) )      (q - zp exact; one rounding for bf16/fp16 scales,
//                                            fp32 then bf16 for fp32 scales: promote(bf16, S))
// The int8-per-value storage is only a storage choice; the kernels read:
//   * int1..int4 (IntxNibbles): the int4 qf tile (repack_intx_nibbles: u = q + 8 in [0, 15],
//     the nibble order of Int4Grouped), decoded as bf16(128 + u) - bf16(136 + zp) = q - zp by one
//     lop3 and one exact bf16 subtract, then scaled: bf16 scale by one bf16 multiply (correctly
//     rounded, = the oracle), other scale dtypes in fp32;
//   * int5..int8 (IntxBytes): the 8-bit qf tile of the raw int8 bytes (repack bytes8), decoded
//     by fp32 magic numbers: bits 0x4B0000{q ^ 0x80} = 2^23 + 128 + q, minus 2^23 + 128 + zp
//     = q - zp exactly, times S in fp32, rounded to bf16.
// zp is torchao's, clamped to [qmin, qmax] of the element type at quantization; the decodes
// are exact for that range (|q - zp| <= 255).
//
// G is the group size along K; G = 0 means per channel (PerAxis(0): one group of K per row).
// Per channel, B holds the exact bf16(q - zp) and the scale multiplies the fp32 accumulator of
// column n (kColScale); the dequantize kernel applies it to each value in fp32 before rounding
// to bf16, the same roundings as torchao's (q - zp) * S, so it stays bit-exact.
// A lane's slice (kElemsPerLane values) lies in one group when G % kElemsPerLane == 0; smaller
// groups (G in {4, 8, 16} dividing kElemsPerLane) give a lane kElemsPerLane / G groups, one
// per 4-value mma step or more.
#pragma once
#include <type_traits>

#include "cuda_common.cuh"
#include "weight_formats.cuh"

namespace qf {

template <class S>
__device__ __forceinline__ float scale_to_float(S s) {
  if constexpr (std::is_same_v<S, float>) {
    return s;
  } else if constexpr (std::is_same_v<S, __half>) {
    return __half2float(s);
  } else {
    return __bfloat162float(s);
  }
}

// Scale and zero-point tensors of an intx weight, [N, groups] row-major each.
template <class S>
struct IntxArgs {
  const S* scale;
  const int8_t* zero;
  int groups;  // K / G (1 per channel)
};

template <int G, int kElemsPerLane>
struct IntxGroups {
  static_assert(G == 0 || G % kElemsPerLane == 0 || (G % 4 == 0 && kElemsPerLane % G == 0),
                "intx group size must be a multiple of the lane slice or a multiple of 4 dividing it");
  // groups one lane's slice spans
  static constexpr int kPerLane = (G == 0 || G >= kElemsPerLane) ? 1 : kElemsPerLane / G;
  __device__ __forceinline__ static size_t at(int groups, int n, int k) {
    return static_cast<size_t>(n) * groups + (G == 0 ? 0 : k / G);
  }
  // group of the lane slice used by mma step `step` (4 values each)
  __device__ __forceinline__ static int of_step(int step) {
    if constexpr (kPerLane == 1) {
      return 0;
    } else {
      return (4 * step) / G;
    }
  }
};

// ---- int1..int4: offset-binary nibbles in the int4 qf tile (chunkK 128, 32 values a lane).
template <int G, class S>
struct IntxNibbles {
  static constexpr int kElemsPerLane = 32;
  static constexpr int kChunkK = 128;
  static constexpr int kSteps = 8;
  static constexpr bool kColScale = G == 0;
  static constexpr bool kFold = false;
  using FoldColOrVoid = NoFold;
  using Groups = IntxGroups<G, kElemsPerLane>;
  static constexpr bool kBf16Scale = std::is_same_v<S, __nv_bfloat16>;
  using Args = IntxArgs<S>;
  // Per group: bf16x2 (136 + zp) and the scale (bf16x2 for bf16 scales, else fp32).
  struct Lane {
    __nv_bfloat162 off[Groups::kPerLane];
    std::conditional_t<kBf16Scale, __nv_bfloat162, float> s[Groups::kPerLane];
  };

  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int, int) {
    Lane l;
#pragma unroll
    for (int b = 0; b < Groups::kPerLane; ++b) {
      const size_t at = Groups::at(a.groups, n, k0 + b * (G > 0 ? G : 0));
      l.off[b] = __float2bfloat162_rn(136.0f + static_cast<float>(a.zero[at]));
      if constexpr (kColScale) {
        // per channel: the scale is applied by col_scale
      } else if constexpr (kBf16Scale) {
        l.s[b] = __bfloat162bfloat162(a.scale[at]);
      } else {
        l.s[b] = scale_to_float(a.scale[at]);
      }
    }
    return l;
  }

  __device__ __forceinline__ static uint32_t dequant_pair(uint32_t word, int p, const Lane& l, int grp) {
    const uint32_t biased = lop3_and_or(word >> (4 * p), 0x000F000Fu, 0x43004300u);  // 128 + u
    const __nv_bfloat162 d = __hsub2(bits_bf162(biased), l.off[grp]);               // q - zp, exact
    if constexpr (kColScale) {
      return bf162_bits(d);
    } else if constexpr (kBf16Scale) {
      return bf162_bits(__hmul2(d, l.s[grp]));
    } else {
      const float2 f = __bfloat1622float2(d);
      return pack_bf16x2(f.x * l.s[grp], f.y * l.s[grp]);
    }
  }

  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l,
                                                uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t word = w[step >> 1];
    const int p = 2 * (step & 1);
    const int grp = Groups::of_step(step);
    b0 = dequant_pair(word, p, l, grp);
    b1 = dequant_pair(word, p + 1, l, grp);
  }

  __device__ __forceinline__ static float col_scale(const Args& a, int n) {
    if constexpr (kColScale) {
      return scale_to_float(a.scale[n]);
    } else {
      return 1.0f;
    }
  }
};

// ---- int5..int8: the raw int8 bytes in the 8-bit qf tile (chunkK 64, 16 values a lane).
template <int G, class S>
struct IntxBytes {
  static constexpr int kElemsPerLane = 16;
  static constexpr int kChunkK = 64;
  static constexpr int kSteps = 4;
  static constexpr bool kColScale = G == 0;
  static constexpr bool kFold = false;
  using FoldColOrVoid = NoFold;
  using Groups = IntxGroups<G, kElemsPerLane>;
  using Args = IntxArgs<S>;
  // Per group: 2^23 + 128 + zp and the scale, fp32.
  struct Lane { float off[Groups::kPerLane], s[Groups::kPerLane]; };

  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int, int) {
    Lane l;
#pragma unroll
    for (int b = 0; b < Groups::kPerLane; ++b) {
      const size_t at = Groups::at(a.groups, n, k0 + b * (G > 0 ? G : 0));
      l.off[b] = 8388736.0f + static_cast<float>(a.zero[at]);  // 2^23 + 128 + zp, exact
      l.s[b] = kColScale ? 1.0f : scale_to_float(a.scale[at]);
    }
    return l;
  }

  // byte i of `flipped` (= q ^ 0x80 = q + 128) -> (q - zp) * s in fp32 (q - zp per channel)
  __device__ __forceinline__ static float value(uint32_t flipped, uint32_t i, float off, float s) {
    const float biased = __uint_as_float(__byte_perm(flipped, 0x4B000000u, 0x7540u | i));
    if constexpr (kColScale) {
      return biased - off;
    } else {
      return (biased - off) * s;
    }
  }

  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l,
                                                uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t flipped = w[step] ^ 0x80808080u;
    const int grp = Groups::of_step(step);
    const float off = l.off[grp], s = l.s[grp];
    b0 = pack_bf16x2(value(flipped, 0, off, s), value(flipped, 1, off, s));
    b1 = pack_bf16x2(value(flipped, 2, off, s), value(flipped, 3, off, s));
  }

  __device__ __forceinline__ static float col_scale(const Args& a, int n) {
    if constexpr (kColScale) {
      return scale_to_float(a.scale[n]);
    } else {
      return 1.0f;
    }
  }
};

// int8 [N, K] values q of an intx weight with at most 4 bits (q in [-8, 7]) -> the int4 qf
// tile of u = q + 8 (nibble order of Int4Grouped: value l of a word at nibble l/2 (l even) or
// 4 + l/2 (l odd)). One thread writes one lane slice.
__global__ void repack_intx_nibbles_kernel(const int8_t* __restrict__ src, int N, int K,
                                           uint8_t* __restrict__ dst) {
  const int KC = K / 128;
  const size_t slice = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (slice >= static_cast<size_t>(N / 8) * KC * 32) return;
  const int lane = slice % 32, kc = (slice / 32) % KC, nt = slice / 32 / KC;
  const int n = nt * 8 + lane / 4, k0 = kc * 128 + (lane % 4) * 32;
  const uint4* row = reinterpret_cast<const uint4*>(src + static_cast<size_t>(n) * K + k0);
  const uint4 q0 = row[0], q1 = row[1];
  const uint32_t q[8] = {q0.x, q0.y, q0.z, q0.w, q1.x, q1.y, q1.z, q1.w};  // values 4i..4i+3 in q[i]
  uint32_t out[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    uint32_t word = 0;
#pragma unroll
    for (int l = 0; l < 8; ++l) {  // value 8j + l
      const uint32_t b = (q[2 * j + l / 4] >> (8 * (l % 4))) & 0xFFu;
      const int pos = (l % 2) ? 4 + l / 2 : l / 2;
      word |= ((b + 8u) & 0xFu) << (4 * pos);
    }
    out[j] = word;
  }
  reinterpret_cast<uint4*>(dst)[slice] = make_uint4(out[0], out[1], out[2], out[3]);
}

}  // namespace qf
