// Block-scaled weight-format policies (same contract as weight_formats.cuh): MX (fp4 e2m1 or
// float8 elements, e8m0 scale per 32 K) and NVFP4 (fp4 e2m1, e4m3 scale per 16 K, optional fp32
// per-tensor scale P). Weight-only linear = F.linear(x, dequantize(W)) in bf16 (torchao's
// EMULATED MX and NVFP4 weight-only), so B is the bf16 dequantized weight, bit for bit:
//   MX:          bf16(v) * bf16(2^(e-127)), rounded to bf16 (exact for a power of two)
//   NVFP4:       fp32(v * fp32(P * s8)) rounded to bf16, P = 1 when absent
//
// fp4 tile layout (repack kind bytes8 on qdata [N, K/2]: a pure byte permutation): lane slice =
// 16 bytes = 32 elements, torchao's even-low nibble order, so 16-bit half h of word j holds lane
// elements 8j + 4h .. 8j + 4h + 3 in nibbles 0..3 = exactly mma step 2j + h.
//
// Scales are read in torchao's swizzled layout (to_blocked, swizzle.ts) directly: element
// (n, c) of [N, K/G] at tile*512 + (n%32)*16 + ((n%128)/32)*4 + c%4, tile = (n/128)*colTiles + c/4.
// One read per lane per chunk; a lane's blocks (c, c+1 for NVFP4) are adjacent bytes.
#pragma once
#include "cuda_common.cuh"
#include "weight_formats.cuh"

namespace qf {

__device__ __forceinline__ size_t swizzled_scale_at(int n, int c, int col_tiles) {
  const size_t tile = static_cast<size_t>(n / 128) * col_tiles + c / 4;
  return tile * 512 + (n % 32) * 16 + ((n % 128) / 32) * 4 + (c % 4);
}

// e8m0 byte -> 2^(e-127) as fp32 bits (e = 0: the subnormal 2^-127; 255: NaN).
__device__ __forceinline__ uint32_t e8m0_f32_bits(uint32_t e) {
  return e == 255u ? 0x7FC00000u : (e == 0u ? 0x00400000u : e << 23);
}

__device__ __forceinline__ float e4m3_to_float(uint32_t byte) {
  const __half_raw h = __nv_cvt_fp8_to_halfraw(static_cast<__nv_fp8_storage_t>(byte), __NV_E4M3);
  return __half2float(__half(h));
}

// Four fp4 e2m1 codes (nibbles 0..3 of h) -> exact bf16 pairs (e0, e1), (e2, e3).
// Magnitude by byte table lookup (prmt), sign moved into bit 15 of each bf16.
__device__ __forceinline__ void fp4x4_to_bf16(uint32_t h, uint32_t& b0, uint32_t& b1) {
  // |e2m1| = 0, .5, 1, 1.5, 2, 3, 4, 6 -> bf16 high bytes / low bytes, by index 0..7
  constexpr uint32_t kHi0 = 0x3F3F3F00u, kHi1 = 0x40404040u;
  constexpr uint32_t kLo0 = 0xC0800000u, kLo1 = 0xC0804000u;
  const uint32_t sel = h & 0x7777u;
  const uint32_t hi = __byte_perm(kHi0, kHi1, sel);
  const uint32_t lo = __byte_perm(kLo0, kLo1, sel);
  b0 = __byte_perm(lo, hi, 0x5140) | ((h << 12) & 0x8000u) | ((h << 24) & 0x80000000u);
  b1 = __byte_perm(lo, hi, 0x7362) | ((h << 4) & 0x8000u) | ((h << 16) & 0x80000000u);
}

struct BlockScaleArgs {
  const uint8_t* scale;     // swizzled block scales (e8m0 or e4m3 bytes)
  int col_tiles;            // ceil((K / G) / 4)
  const float* per_tensor;  // NVFP4 per-tensor scale P, or null
  bool exact = false;       // the weight's dequantize export (block_fp4_split.cuh: exact_args)
};

// ---- fp4 e2m1 elements, block G (16: NVFP4, 32: MX), 32 elements per lane.
// kNv: e4m3 block scales (NVFP4), else e8m0 (MX).
template <int G, bool kNv>
struct Fp4Block {
  static_assert(G == 16 || G == 32, "fp4 block size must be 16 or 32");
  static constexpr int kElemsPerLane = 32;
  static constexpr int kChunkK = 128;
  static constexpr int kSteps = 8;
  static constexpr bool kColScale = false;
  static constexpr bool kFold = false;
  using FoldColOrVoid = NoFold;
  using Args = BlockScaleArgs;
  // MX: bf16x2 power-of-two scale (bf16 multiply is exact). NVFP4: fp32 scale fp32(P * s8).
  struct Lane { float s[32 / G]; };

  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int, int) {
    Lane l;
    const int c = k0 / G;
#pragma unroll
    for (int b = 0; b < 32 / G; ++b) {
      const uint32_t byte = a.scale[swizzled_scale_at(n, c + b, a.col_tiles)];
      if constexpr (kNv) {
        const float s8 = e4m3_to_float(byte);
        l.s[b] = a.per_tensor != nullptr ? a.per_tensor[0] * s8 : s8;
      } else {
        l.s[b] = __uint_as_float(e8m0_f32_bits(byte));
      }
    }
    return l;
  }

  __device__ __forceinline__ static uint32_t scale_pair(uint32_t p, float s) {
    if constexpr (!kNv) {
      return bf162_bits(__hmul2(bits_bf162(p), __float2bfloat162_rn(s)));
    } else {
      const float2 f = __bfloat1622float2(bits_bf162(p));
      return pack_bf16x2(f.x * s, f.y * s);
    }
  }

  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l,
                                                uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t h = (step & 1) ? (w[step >> 1] >> 16) : (w[step >> 1] & 0xFFFFu);
    fp4x4_to_bf16(h, b0, b1);
    const float s = l.s[(4 * step) / G];
    b0 = scale_pair(b0, s);
    b1 = scale_pair(b1, s);
  }

  __device__ __forceinline__ static float col_scale(const Args&, int) { return 1.0f; }
};

// ---- MX float8 elements (one byte each, bytes8 tile), e8m0 scale per 32 K: a lane's 16
// elements lie in one block.
template <class Decode>
struct Bytes8Mx : Bytes8Base<Decode> {
  static constexpr bool kColScale = false;
  using Args = BlockScaleArgs;
  struct Lane { __nv_bfloat162 s; };
  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int, int) {
    const uint32_t byte = a.scale[swizzled_scale_at(n, k0 / 32, a.col_tiles)];
    return Lane{__float2bfloat162_rn(__uint_as_float(e8m0_f32_bits(byte)))};
  }
  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l,
                                                uint32_t& b0, uint32_t& b1) {
    Bytes8Base<Decode>::raw_pairs(v, step, b0, b1);
    b0 = bf162_bits(__hmul2(bits_bf162(b0), l.s));
    b1 = bf162_bits(__hmul2(bits_bf162(b1), l.s));
  }
  __device__ __forceinline__ static float col_scale(const Args&, int) { return 1.0f; }
};

}  // namespace qf
