// Weight-format policies: how one lane turns its 16-byte slice of a weight chunk into
// mma.m16n8k16 B fragments (bf16x2), and where the format's scales come from.
//
// Stored layout (the "qf tile" layout, produced at build time by repack kernels, repack.cuh):
//   qdata[nt][kc][lane][16 bytes],  nt = n / 8,  kc = k / kChunkK,  lane = 4*g + t
//   lane (g, t) holds W[8*nt + g][kc*kChunkK + kElemsPerLane*t + e], e = 0..kElemsPerLane-1.
// A warp's load of one (nt, kc) chunk is 512 contiguous bytes. Mma step s of the chunk takes
// elements e = 4s..4s+3 of every lane: b0 = (4s, 4s+1), b1 = (4s+2, 4s+3); the activation
// fragments use the same permutation of k (decode.cuh), so the products pair up correctly.
//
// A policy provides:
//   kElemsPerLane, kChunkK, kSteps     geometry (kChunkK = 4 * kElemsPerLane)
//   Args                               device pointers of the format's scale tensors
//   Lane load_lane(args, n, k0, K, N)  per-lane parameters for one chunk (group scale, ...)
//   unpack(v, step, lane, b0, b1)      B fragments of step `step`
//   col_scale(args, n)                 fp32 factor applied to output column n (1 if none)
//   kFold                              true: unpack_biased gives raw codes and the kernel applies
//                                      the affine map once per chunk (fold_params), see below
#pragma once
#include "cuda_common.cuh"

namespace qf {

// ---- int4, groupwise, affine: w = (u - 8) * scale + zero  (torchao tinygemm and plain int4).
// Nibble order inside each 32-bit word (8 elements l = 0..7): l even at nibble l/2, l odd at
// nibble 4 + l/2, so (word >> 4p) & 0x000F000F yields the pair (2p', 2p'+1) in one lop3.
// Scales and zeros: bf16, element (group, n) at (group * N + n) * stride: torchao plain keeps
// two [K / G, N] tensors (stride 1), tinygemm one interleaved [K / G, N, 2] (stride 2).
//
// When G is a multiple of 128 every chunk lies inside one group and the affine map moves out of
// the inner loop (kFold): the mma multiplies x by the biased codes v = 128 + u (one lop3 per
// pair) and, per chunk, sum(x * w) = s * sum(x * v) + (z - 136 s) * sum(x), with sum(x) from an
// mma against ones. Smaller groups split a chunk between lanes, so they dequantize in B.
template <int G>
struct Int4Grouped {
  static_assert(G % 32 == 0, "int4 group size must be a multiple of 32");
  static constexpr int kElemsPerLane = 32;
  static constexpr int kChunkK = 128;
  static constexpr int kSteps = 8;
  static constexpr bool kColScale = false;
  static constexpr bool kFold = G % 128 == 0;
  static constexpr int kGroup = G;
  struct Args { const __nv_bfloat16* scale; const __nv_bfloat16* zero; int stride; };
  struct Lane { __nv_bfloat162 s, z; };

  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int K, int N) {
    const int grp = k0 / G;
    const size_t at = (static_cast<size_t>(grp) * N + n) * a.stride;
    return Lane{__bfloat162bfloat162(a.scale[at]), __bfloat162bfloat162(a.zero[at])};
  }

  __device__ __forceinline__ static uint32_t dequant_pair(uint32_t word, int p, const Lane& l) {
    // 0x4300 | u is the bf16 value 128 + u; subtracting 136 gives u - 8 exactly, then one
    // bf16 FMA applies scale and zero (the rounding tinygemm itself does).
    const uint32_t biased = lop3_and_or(word >> (4 * p), 0x000F000Fu, 0x43004300u);
    const __nv_bfloat162 centered =
        __hsub2(bits_bf162(biased), __float2bfloat162_rn(136.0f));
    return bf162_bits(__hfma2(centered, l.s, l.z));
  }

  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l,
                                                uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t word = w[step >> 1];
    const int p = 2 * (step & 1);
    b0 = dequant_pair(word, p, l);
    b1 = dequant_pair(word, p + 1, l);
  }

  // kFold: B fragments of the biased codes 128 + u, exact in bf16.
  __device__ __forceinline__ static void unpack_biased(const uint4& v, int step, uint32_t& b0,
                                                       uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t word = w[step >> 1];
    const int p = 2 * (step & 1);
    b0 = lop3_and_or(word >> (4 * p), 0x000F000Fu, 0x43004300u);
    b1 = lop3_and_or(word >> (4 * (p + 1)), 0x000F000Fu, 0x43004300u);
  }

  // kFold: per-thread cursor over the (scale, zero) of output column n, one group per step.
  struct FoldCol {
    const __nv_bfloat16* s;
    const __nv_bfloat16* z;
    int group_stride;  // elements between consecutive groups of one column
  };
  using FoldColOrVoid = FoldCol;
  __device__ __forceinline__ static FoldCol fold_col(const Args& a, int n, int N) {
    const size_t at = static_cast<size_t>(n) * a.stride;
    return FoldCol{a.scale + at, a.zero + at, N * a.stride};
  }
  // (scale, zero - 136 * scale) for chunk c (chunks of 128 k; G / 128 chunks per group).
  __device__ __forceinline__ static float2 fold_params(const FoldCol& f, int c) {
    const int at = (c / (G / 128)) * f.group_stride;
    const float s = __bfloat162float(f.s[at]);
    return make_float2(s, __bfloat162float(f.z[at]) - 136.0f * s);
  }

  __device__ __forceinline__ static float col_scale(const Args&, int) { return 1.0f; }
};

// torchao's dequantize of a tinygemm weight (Int4TilePackedTo4dTensor: _dequantize_affine_tinygemm,
// PyTorch bf16 ops, each computed in fp32 and rounded to bf16): bf16(bf16((u - 8) * scale) + zero),
// two roundings where the GEMM (aten._weight_int4pack_mm, and Int4Grouped::unpack) rounds one
// bf16 FMA. Only the exported `__dequantize` of a tinygemm kernel runs this policy (formats.ts
// dequantPolicy); the linear, and its prefill dequantize, keep Int4Grouped's FMA.
template <int G>
struct Int4TinygemmDequant : Int4Grouped<G> {
  using Lane = typename Int4Grouped<G>::Lane;

  __device__ __forceinline__ static uint32_t dequant_pair(uint32_t word, int p, const Lane& l) {
    // 0x4300 | u is the bf16 value 128 + u (exact); minus 136 is u - 8, exact in fp32, and so is
    // its product with a bf16 scale (4 x 8 significant bits)
    const float2 v = __bfloat1622float2(bits_bf162(lop3_and_or(word >> (4 * p), 0x000F000Fu, 0x43004300u)));
    const float s = __low2float(l.s), z = __low2float(l.z);
    const float lo = __bfloat162float(__float2bfloat16_rn((v.x - 136.0f) * s)) + z;
    const float hi = __bfloat162float(__float2bfloat16_rn((v.y - 136.0f) * s)) + z;
    return pack_bf16x2(lo, hi);
  }

  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l,
                                                uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t word = w[step >> 1];
    const int p = 2 * (step & 1);
    b0 = dequant_pair(word, p, l);
    b1 = dequant_pair(word, p + 1, l);
  }
};

// ---- 8-bit elements (int8, float8 e4m3 / e5m2): one byte per element, natural byte order.
struct NoFold {};

template <class Decode>
struct Bytes8Base {
  static constexpr bool kFold = false;
  using FoldColOrVoid = NoFold;
  static constexpr int kElemsPerLane = 16;
  static constexpr int kChunkK = 64;
  static constexpr int kSteps = 4;

  __device__ __forceinline__ static void raw_pairs(const uint4& v, int step, uint32_t& b0,
                                                   uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t word = w[step];
    b0 = Decode::pair(word & 0xFFFFu);
    b1 = Decode::pair(word >> 16);
  }
};

struct DecodeInt8 {  // two int8 -> bf16x2, exact
  // Magic-number conversion: u = b + 128 (flip of the sign bit) in the low byte of the float
  // 2^23 (0x4B000000) is exactly 2^23 + u; subtracting 2^23 + 128 leaves b. Full-rate ops
  // (LOP, PRMT, FADD) instead of I2F, which runs at a quarter rate and bounded int8 decode.
  __device__ __forceinline__ static uint32_t pair(uint32_t two) {
    const uint32_t u = two ^ 0x8080u;
    const float lo = __uint_as_float(__byte_perm(u, 0x4B000000u, 0x7440)) - 8388736.0f;
    const float hi = __uint_as_float(__byte_perm(u, 0x4B000000u, 0x7441)) - 8388736.0f;
    return pack_bf16x2(lo, hi);
  }
};

template <__nv_fp8_interpretation_t I>
struct DecodeFp8 {  // two fp8 -> f16x2 (exact) -> bf16x2 (exact: fp8 values fit bf16)
  __device__ __forceinline__ static uint32_t pair(uint32_t two) {
    const __half2_raw h = __nv_cvt_fp8x2_to_halfraw2(static_cast<__nv_fp8x2_storage_t>(two), I);
    const float2 f = __half22float2(*reinterpret_cast<const __half2*>(&h));
    return pack_bf16x2(f.x, f.y);
  }
};

// Per-row (scale fp32 [N]) or per-tensor (fp32 [1]) scale, applied to the fp32 accumulator.
template <class Decode, bool kPerTensor>
struct Bytes8RowScaled : Bytes8Base<Decode> {
  static constexpr bool kColScale = true;
  struct Args { const float* scale; };
  struct Lane {};
  __device__ __forceinline__ static Lane load_lane(const Args&, int, int, int, int) { return {}; }
  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane&,
                                                uint32_t& b0, uint32_t& b1) {
    Bytes8Base<Decode>::raw_pairs(v, step, b0, b1);
  }
  __device__ __forceinline__ static float col_scale(const Args& a, int n) {
    return kPerTensor ? a.scale[0] : a.scale[n];
  }
};

// Per-block scale (fp32 [N / BN][K / BK], torchao's PerBlock([BN, BK]) layout, e.g. the 128x128
// float8 weight of Float8DynamicActivationFloat8WeightConfig): the weight is dequantized as
// bf16(fp32(q) * scale), exactly torchao's dequantize().to(bf16), before the mma.
template <class Decode, int BN, int BK>
struct Bytes8BlockScaled : Bytes8Base<Decode> {
  static_assert(BN > 0 && BK % 16 == 0, "8-bit block: BK must be a multiple of the 16-value lane slice");
  static constexpr bool kColScale = false;
  struct Args { const float* scale; };
  struct Lane { float s; };
  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int K, int) {
    return Lane{a.scale[static_cast<size_t>(n / BN) * (K / BK) + k0 / BK]};
  }
  __device__ __forceinline__ static uint32_t scale_pair(uint32_t p, float s) {
    const float2 f = __bfloat1622float2(bits_bf162(p));
    return pack_bf16x2(f.x * s, f.y * s);
  }
  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l,
                                                uint32_t& b0, uint32_t& b1) {
    Bytes8Base<Decode>::raw_pairs(v, step, b0, b1);
    b0 = scale_pair(b0, l.s);
    b1 = scale_pair(b1, l.s);
  }
  __device__ __forceinline__ static float col_scale(const Args&, int) { return 1.0f; }
};

// Per-group scale (fp32 [N][K / G], torchao's layout): the block of one row and G values.
template <class Decode, int G>
using Bytes8GroupScaled = Bytes8BlockScaled<Decode, 1, G>;

}  // namespace qf
