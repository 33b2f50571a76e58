// MX fp6 (e2m3 / e3m2) weight decode with few instructions: a weight-format policy
// (weight_formats.cuh contract) on the bytes8 tile geometry (16 codes per lane, 4 per mma step)
// over a bit-rearranged repack (fp6_split), e8m0 scale per 32 K.
//
// Value trick (as block_fp4_split.cuh): a code c = s | mag (mag = exponent e and mantissa m, 5
// bits) written as the bf16 bits  s<<15 | mag << (7 - mbits)  is its value times 2^(bias - 127)
// exactly (e = 0 lands on bf16 subnormals). Its two bytes:
//   low  byte = (c & low mask) << (8 - low bits)       e2m3: (e0 m2 m1 m0) << 4; e3m2: (e0 m1 m0) << 5
//   high byte = s << 7 | (exponent bits above e0)       a PRMT table indexed by c >> (mbits + 1)
// The repack stores each 4-code step word (c0..c3) as
//   bits 0..15   high-byte indices i0..i3 (one nibble each, <= 7)
//   byte 2       low part of c0 (low nibble), of c2 (high nibble)
//   byte 3       low part of c1 (low nibble), of c3 (high nibble)
// (low part = the low-byte bits shifted down to the nibble's top), so one step is
//   H = PRMT(T, idx & 0x7777), La = (w << 4) & 0xF0F00000, Lb = w & 0xF0F00000,
//   b0 = PRMT(La, H, 0x5342) = (c0, c1), b1 = PRMT(Lb, H, 0x7362) = (c2, c3)
// then one HMUL2 by 2^(127 - bias) * 2^(byte - 127) = 2^(byte - bias) when that is a bf16
// (two multiplies when a warp holds a larger scale byte, NaN for 255): 7 integer ops + 2 HMUL2
// per step instead of ~19.
#pragma once
#include "block_args.cuh"
#include "block_formats.cuh"

namespace qf {

template <bool kE3M2>
struct Fp6Split : Bytes8Base<DecodeInt8> {  // Bytes8Base: the bytes8 geometry (raw_pairs unused)
  static constexpr int kBias = kE3M2 ? 3 : 1;
  static constexpr bool kColScale = false;
  using Args = BlockScaleArgs;
  // high-byte tables: e2m3 index (s, e1) -> s<<7 | e1; e3m2 index (s, e2, e1) -> s<<7 | e2 e1
  static constexpr uint32_t kT0 = kE3M2 ? 0x03020100u : 0x81800100u;
  static constexpr uint32_t kT1 = kE3M2 ? 0x83828180u : 0u;
  struct Lane {
    __nv_bfloat162 m, m2;
    bool two;
  };

  __device__ __forceinline__ static Lane load_lane(const Args& a, int n, int k0, int, int) {
    const uint32_t byte = a.scale[swizzled_scale_at(n, k0 / 32, a.col_tiles)];
    // byte - bias + 127 is the fp32 exponent field of the one multiplier; above 254 (+inf) two
    const bool big = byte != 255u && byte + 127u - kBias > 254u;
    const uint32_t m = byte == 255u ? 0x7FC00000u : (big ? (254u - kBias) << 23 : (byte + 127u - kBias) << 23);
    Lane l;
    l.m = __float2bfloat162_rn(__uint_as_float(m));
    l.m2 = __float2bfloat162_rn(big ? __uint_as_float(byte << 23) : 1.0f);
    l.two = __any_sync(__activemask(), big);
    return l;
  }

  __device__ __forceinline__ static void unpack(const uint4& v, int step, const Lane& l, uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t x = w[step];
    const uint32_t h = __byte_perm(kT0, kT1, x & 0x7777u);
    b0 = __byte_perm((x << 4) & 0xF0F00000u, h, 0x5342);
    b1 = __byte_perm(x & 0xF0F00000u, h, 0x7362);
    b0 = bf162_bits(__hmul2(bits_bf162(b0), l.m));
    b1 = bf162_bits(__hmul2(bits_bf162(b1), l.m));
    if (l.two) {
      b0 = bf162_bits(__hmul2(bits_bf162(b0), l.m2));
      b1 = bf162_bits(__hmul2(bits_bf162(b1), l.m2));
    }
  }

  __device__ __forceinline__ static float col_scale(const Args&, int) { return 1.0f; }
};

// The repacked step word of codes c0..c3 (bytes of w, one code per byte).
template <bool kE3M2>
__host__ __device__ __forceinline__ uint32_t fp6_split_word(uint32_t w) {
  constexpr int kLowBits = kE3M2 ? 3 : 4;  // code bits that go to the bf16 low byte
  uint32_t out = 0;
  uint32_t low[4];
  for (int i = 0; i < 4; ++i) {
    const uint32_t c = (w >> (8 * i)) & 0x3Fu;
    out |= (c >> kLowBits) << (4 * i);                                // high-byte table index
    low[i] = ((c & ((1u << kLowBits) - 1u)) << (4 - kLowBits)) & 0xFu;  // at the nibble's top
  }
  return out | low[0] << 16 | low[2] << 20 | low[1] << 24 | low[3] << 28;
}

template <bool kE3M2>
__global__ void fp6_split_kernel(uint32_t* __restrict__ words, size_t n) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < n) words[i] = fp6_split_word<kE3M2>(words[i]);
}

// src: torchao fp6 codes uint8 [N, K] (one per byte); dst: qf tile [N/8, K/64, 32, 16].
template <bool kE3M2>
inline void repack_fp6_split(const TensorView& src, const TensorView& dst) {
  repack_bytes8(src, dst);
  const size_t words = static_cast<size_t>(dst.numel()) / 4;
  fp6_split_kernel<kE3M2><<<static_cast<unsigned>((words + 255) / 256), 256, 0, env_stream(src)>>>(
      static_cast<uint32_t*>(dst.data_ptr()), words);
  check_cuda(cudaGetLastError(), "fp6 split repack launch");
}

}  // namespace qf
