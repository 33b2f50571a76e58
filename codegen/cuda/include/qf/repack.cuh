// Build-time repack kernels: torchao storage layouts -> qf tile layouts (weight_formats.cuh).
// One thread writes one lane slice (16 bytes) of one (nt, kc) chunk. They run once per weight
// when a bundle is built for CUDA; the torchao-layout tensors stay exportable because the
// mapping is a pure permutation (and, for int4 plain, the offset-binary flip u = s ^ 8).
#pragma once
#include "cuda_common.cuh"

namespace qf {

// int4 plain (Int4Tensor): int8 [N, K/2], even element in the low nibble, signed nibbles
// s = u - 8. Out: qf int4 tile, words with nibble order {0,2,4,6,1,3,5,7}.
__global__ void repack_int4_plain_kernel(const uint8_t* __restrict__ src, int N, int K,
                                         uint8_t* __restrict__ dst) {
  const int KC = K / 128;
  const size_t slice = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (slice >= static_cast<size_t>(N / 8) * KC * 32) return;
  const int lane = slice % 32, kc = (slice / 32) % KC, nt = slice / 32 / KC;
  const int n = nt * 8 + lane / 4, k0 = kc * 128 + (lane % 4) * 32;
  const uint8_t* row = src + static_cast<size_t>(n) * (K / 2) + k0 / 2;
  uint32_t out[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    uint32_t word = 0;
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const uint32_t b = row[4 * j + i];
      word |= ((b & 0xFu) ^ 8u) << (4 * i);             // element 2i   -> nibble i
      word |= (((b >> 4) & 0xFu) ^ 8u) << (4 * (4 + i));  // element 2i+1 -> nibble 4+i
    }
    out[j] = word;
  }
  reinterpret_cast<uint4*>(dst)[slice] = make_uint4(out[0], out[1], out[2], out[3]);
}

// Value u in [0, 15] of element (n, k) of a tinygemm int4 tensor
// (aten._convert_weight_to_int4pack, innerKTiles = 8): int32 [N/8, KT, 32, 4].
__device__ __forceinline__ uint32_t tinygemm_u(const uint32_t* q, int KT, int n, int k) {
  const int kt = k / 128, kk = k % 128, tile = kk / 16, kl = kk % 16;
  const int lane = (n % 8) * 4 + (kl % 8) / 2;
  const int base = (tile % 2) * 2 + kl / 8;
  const int pos = (kl % 2) ? 4 + base : base;
  const uint32_t word = q[((static_cast<size_t>(n / 8) * KT + kt) * 32 + lane) * 4 + tile / 2];
  return (word >> (4 * pos)) & 0xFu;
}

__global__ void repack_int4_tinygemm_kernel(const uint32_t* __restrict__ src, int N, int K,
                                            int KT_src, uint8_t* __restrict__ dst) {
  const int KC = K / 128;
  const size_t slice = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (slice >= static_cast<size_t>(N / 8) * KC * 32) return;
  const int lane = slice % 32, kc = (slice / 32) % KC, nt = slice / 32 / KC;
  const int n = nt * 8 + lane / 4, k0 = kc * 128 + (lane % 4) * 32;
  uint32_t out[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    uint32_t word = 0;
#pragma unroll
    for (int l = 0; l < 8; ++l) {
      const int pos = (l % 2) ? 4 + l / 2 : l / 2;
      word |= tinygemm_u(src, KT_src, n, k0 + 8 * j + l) << (4 * pos);
    }
    out[j] = word;
  }
  reinterpret_cast<uint4*>(dst)[slice] = make_uint4(out[0], out[1], out[2], out[3]);
}

// 8-bit elements [N, K] (int8 or float8 bytes) -> qf 8-bit tile: a pure permutation.
__global__ void repack_bytes8_kernel(const uint8_t* __restrict__ src, int N, int K,
                                     uint8_t* __restrict__ dst) {
  const int KC = K / 64;
  const size_t slice = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (slice >= static_cast<size_t>(N / 8) * KC * 32) return;
  const int lane = slice % 32, kc = (slice / 32) % KC, nt = slice / 32 / KC;
  const int n = nt * 8 + lane / 4, k0 = kc * 64 + (lane % 4) * 16;
  reinterpret_cast<uint4*>(dst)[slice] =
      *reinterpret_cast<const uint4*>(src + static_cast<size_t>(n) * K + k0);
}

}  // namespace qf
