// fp4 e2m1 weight decode with fewer instructions (issue 8 item 3): a weight-format policy
// (weight_formats.cuh contract) over a repacked nibble order, for MX (e8m0 per 32 K) and NVFP4
// (e4m3 per 16 K, per-tensor P in the epilogue).
//
// Value trick: a code c = s e1 e0 m0 written as the bf16 bits  s<<15 | (e1 e0 m0)<<6  is the
// fp4 value times 2^-126 exactly (e = 0 lands on the bf16 subnormal 2^-127 for m0 = 1), so
//   low byte  = (e0 m0) << 6              -> 4-entry table L indexed by a = c & 3
//   high byte = s << 7 | e1               -> 4-entry table T indexed by b = c >> 2
// and one PRMT over the 8 table bytes builds a whole bf16x2 pair when its selector nibbles are
// [a0, 4+b0, a1, 4+b1]. The repack (fp4_split) stores each mma step's 16 bits as
//   a0 a2 b0 b2 a1 a3 b1 b3  (2 bits each, from bit 0),
// so the pair selectors are (h & 0x3333) | 0x4040 and ((h >> 2) & 0x3333) | 0x4040: per pair
// about 1.3 integer ops + 1 PRMT, then the scale multiply(s):
//   MX     m = 2^126 * 2^(byte-127) = 2^(byte-1) when byte <= 128 (one HMUL2, exact: the exact
//          product rounded once, as torchao's bf16 multiply); byte > 128 (a warp votes) takes
//          2^126 then 2^(byte-127); byte 255 is NaN.
//   NVFP4  m = 2^117 * s8 (always a normal bf16; the product v*s8*2^-9 has <= 6 significant
//          bits: exact) and the epilogue multiplies by 2^9 * P (col_scale). The weight's own
//          dequantize (Args::exact) instead rounds fp32(v * fp32(P * s8)) to bf16 per element,
//          bit for bit torchao's.
#pragma once
#include "block_args.cuh"
#include "block_formats.cuh"

namespace qf {

constexpr uint32_t kFp4SplitLo = 0xC0804000u;  // L[a] = a << 6
constexpr uint32_t kFp4SplitHi = 0x81800100u;  // T[b] = (b >> 1) << 7 | (b & 1)

// bf16x2 pairs (e0, e1) and (e2, e3) of one mma step from its 16 repacked bits, times 2^-126.
__device__ __forceinline__ void fp4_split_raw(uint32_t h, uint32_t& b0, uint32_t& b1) {
  b0 = __byte_perm(kFp4SplitLo, kFp4SplitHi, lop3_and_or(h, 0x3333u, 0x4040u));
  b1 = __byte_perm(kFp4SplitLo, kFp4SplitHi, lop3_and_or(h >> 2, 0x3333u, 0x4040u));
}

template <int G, bool kNv>
struct Fp4Split {
  static_assert((G == 16 && kNv) || (G == 32 && !kNv), "fp4 split: NVFP4 (16) or MX (32)");
  static constexpr int kElemsPerLane = 32;
  static constexpr int kChunkK = 128;
  static constexpr int kSteps = 8;
  static constexpr bool kColScale = kNv;
  static constexpr bool kFold = false;
  using FoldColOrVoid = NoFold;
  using Args = BlockScaleArgs;
  static constexpr float kNvShift = 512.0f;  // 2^9: NVFP4 B carries v * s8 / 2^9
  struct Lane {
    __nv_bfloat162 m[32 / G];  // MX: first multiplier; NVFP4: 2^117 * s8 per block
    __nv_bfloat162 m2;         // MX: second multiplier (1 unless `two`)
    float s[32 / G];           // NVFP4 exact mode: fp32(P * s8)
    bool two;                  // MX: some lane of the warp has byte > 128
    bool exact;                // NVFP4: the weight's dequantize
  };

  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int, int) {
    Lane l;
    const int c = k0 / G;
    l.exact = kNv && a.exact && a.per_tensor != nullptr;
    l.two = false;
    l.m2 = __float2bfloat162_rn(1.0f);
#pragma unroll
    for (int b = 0; b < 32 / G; ++b) {
      const uint32_t byte = a.scale[swizzled_scale_at(n, c + b, a.col_tiles)];
      if constexpr (kNv) {
        const float s8 = e4m3_to_float(byte);
        l.m[b] = __float2bfloat162_rn(s8 * 1.6615349947311448e35f /* 2^117 */);
        l.s[b] = a.per_tensor != nullptr ? a.per_tensor[0] * s8 : s8;
      } else {
        const bool big = byte > 128u && byte != 255u;
        // byte <= 128: 2^(byte-1) (byte 0: 2^-1); 255: NaN; else 2^126 then 2^(byte-127)
        const uint32_t m = byte == 255u ? 0x7FC00000u : (big ? (253u << 23) : ((byte + 126u) << 23));
        l.m[b] = __float2bfloat162_rn(__uint_as_float(m));
        if (big) l.m2 = __float2bfloat162_rn(__uint_as_float(byte << 23));
        l.two = __any_sync(__activemask(), big);
        l.s[b] = 0.0f;
      }
    }
    return l;
  }

  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l, uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t h = (step & 1) ? (w[step >> 1] >> 16) : w[step >> 1];
    fp4_split_raw(h, b0, b1);
    const int blk = (4 * step) / G;
    if constexpr (kNv) {
      if (l.exact) {  // the weight's dequantize: torchao's fp32 product, rounded once
        const __nv_bfloat162 k126 = __float2bfloat162_rn(8.507059173023462e37f);  // 2^126
        const float2 f0 = __bfloat1622float2(__hmul2(bits_bf162(b0), k126));
        const float2 f1 = __bfloat1622float2(__hmul2(bits_bf162(b1), k126));
        b0 = pack_bf16x2(f0.x * l.s[blk], f0.y * l.s[blk]);
        b1 = pack_bf16x2(f1.x * l.s[blk], f1.y * l.s[blk]);
        return;
      }
      b0 = bf162_bits(__hmul2(bits_bf162(b0), l.m[blk]));
      b1 = bf162_bits(__hmul2(bits_bf162(b1), l.m[blk]));
    } else {
      b0 = bf162_bits(__hmul2(bits_bf162(b0), l.m[blk]));
      b1 = bf162_bits(__hmul2(bits_bf162(b1), l.m[blk]));
      if (l.two) {
        b0 = bf162_bits(__hmul2(bits_bf162(b0), l.m2));
        b1 = bf162_bits(__hmul2(bits_bf162(b1), l.m2));
      }
    }
  }

  // NVFP4: 2^9 * P (2^9 alone without P); the exact dequantize (with P) applies nothing here.
  __device__ __forceinline__ static float col_scale(const Args& a, int) {
    if constexpr (!kNv) return 1.0f;
    if (a.per_tensor == nullptr) return kNvShift;
    return a.exact ? 1.0f : a.per_tensor[0] * kNvShift;
  }
};

// Repack: the bytes8 permutation of torchao's [N, K/2] qdata into the qf tile, then each
// 16-bit step (codes c0..c3 in nibbles 0..3) rewritten as a0 a2 b0 b2 a1 a3 b1 b3.
__device__ __forceinline__ uint32_t fp4_split_half(uint32_t h) {
  uint32_t out = 0;
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    const uint32_t c = (h >> (4 * i)) & 0xFu;
    const uint32_t a = c & 3u, b = c >> 2;
    // a_i at bit 8*(i&1) + 2*(i>>1), b_i at 4 + the same
    const int at = 8 * (i & 1) + 2 * (i >> 1);
    out |= a << at | b << (at + 4);
  }
  return out;
}

__global__ void fp4_split_kernel(uint32_t* __restrict__ words, size_t n) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  const uint32_t w = words[i];
  words[i] = fp4_split_half(w & 0xFFFFu) | fp4_split_half(w >> 16) << 16;
}

// src: torchao fp4 qdata uint8 [N, K/2]; dst: qf tile [N/8, K/128, 32, 16].
inline void repack_fp4_split(const TensorView& src, const TensorView& dst) {
  repack_bytes8(src, dst);
  const size_t words = static_cast<size_t>(dst.numel()) / 4;
  fp4_split_kernel<<<static_cast<unsigned>((words + 255) / 256), 256, 0, env_stream(src)>>>(
      static_cast<uint32_t*>(dst.data_ptr()), words);
  check_cuda(cudaGetLastError(), "fp4 split repack launch");
}

// The weight's own dequantize: bit-exact per element (NVFP4 with P: torchao's fp32 product).
inline BlockScaleArgs exact_args(BlockScaleArgs a) {
  a.exact = true;
  return a;
}

}  // namespace qf
