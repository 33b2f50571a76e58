// Weight-streaming decode linear, v11 (M <= 16): out[M, N] = x[M, K] . W^T (+ bias), W in the qf
// tile layout (weight_formats.cuh), same mma arithmetic and policy calls as decode_stream.cuh
// (v5), restructured so that the steady-state loop issues few instructions per weight byte
// (NOTES.md, v11: v5 spent ~230 SASS instructions per KB, the kernel was issue-bound):
//
//  * a warp owns NT n-tiles (NT * 8 channels) of one K slice: each chunk's activation fragments
//    (and, folded int4, the sum of x: one mma against ones per token tile) are loaded/computed
//    once and reused by the NT / 2 A tiles;
//  * a block is WN such warps side by side over WN * NT n-tiles and one K slice; the block's x
//    rows of that slice are staged in shared memory once (row M = zeros: lanes of missing tokens
//    read it, so no per-chunk selects) and read with LDS.128;
//  * a ring of U slots per warp: slot u holds chunk c+u's NT 16-byte weight loads and their raw
//    (scale, zero) bits (folded int4) or the policy's Lane (other formats), refilled with chunk
//    c+u+U right after chunk c+u is computed: U * NT * 512 bytes in flight per warp;
//  * the K slices of one channel group are the S blocks of a thread-block cluster (S <= 8, chosen
//    from N, K and the SM count for about one wave); their partial sums meet in distributed
//    shared memory, added in a fixed order (deterministic, no atomics, no extra launch).
// The last warp of a short N is shifted left to stay inside the weight (it recomputes tiles of
// its neighbour and writes only its own columns), so no load is clamped or guarded per tile.
#pragma once
#include <cooperative_groups.h>

#include <map>
#include <mutex>
#include <tuple>
#include <type_traits>

#include "cuda_common.cuh"
#include "decode_tile_grid.h"
#include "weight_formats.cuh"

namespace qf {

// d = A . B with a zero accumulator (no register zeroing per chunk).
__device__ __forceinline__ void tile_mma0(float (&d)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%10,%10,%10,%10};\n"
      : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1), "f"(0.0f));
}

// c += A . B (not volatile: the scheduler may interleave it with the unpack of the next tile).
__device__ __forceinline__ void tile_mma(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

__device__ __forceinline__ void tile_mma_f16(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// d = A . B + c (fp16 operands), c a separate register quad.
__device__ __forceinline__ void tile_mma_f16c(float (&d)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1,
                                              const float4& c) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%10,%11,%12,%13};\n"
      : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1), "f"(c.x), "f"(c.y), "f"(c.z), "f"(c.w));
}

// fp16 operands (kH): formats whose codes become exact fp16 values in one or two instructions per
// pair run their mma in fp16 against x converted exactly to fp16 (scaled per token and block by a
// power of two into fp16's range, undone on the fp32 partial sums). kBias: B holds the value plus
// this constant; the kernel subtracts kBias * sum(x) (one mma against ones per chunk) at the end.
template <class F>
struct TileHalf {
  static constexpr bool kOn = false;
};
// int8: (q ^ 0x80) = q + 128 in the low byte of the fp16 1024 (0x6400): 1152 + q, exact.
template <bool kPerTensor>
struct TileHalf<Bytes8RowScaled<DecodeInt8, kPerTensor>> {
  static constexpr bool kOn = true;
  static constexpr float kBias = 1152.0f;
  __device__ __forceinline__ static void unpack(const uint4& v, int step, uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t u = w[step] ^ 0x80808080u;
    b0 = __byte_perm(u, 0x64646464u, 0x4140);
    b1 = __byte_perm(u, 0x64646464u, 0x4342);
  }
};
// int4 g % 128 == 0 (folded): nibble 2h of the step's word in the low bits of the fp16 1024 gives
// 1024 + u, nibble 2h + 1 in bits 4-7 gives 1024 + 16 u (fp16 has 10 mantissa bits), so a word
// costs 4 LOP3 + 1 SHF (bf16: 4 + 3). The x elements the odd nibbles meet (k % 4 in {2, 3}) are
// staged divided by 16; per chunk the kernel adds s * (P - 1024 O) + (z - 8 s) X with O, X the
// sums of the staged and of the true x (tile_stage_half), so kBias is not used.
template <int G>
struct TileHalf<Int4Grouped<G>> {
  static constexpr bool kOn = G % 128 == 0;
  static constexpr float kBias = 0.0f;
  __device__ __forceinline__ static void unpack(const uint4& v, int step, uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const uint32_t word = (step & 1) ? w[step >> 1] >> 8 : w[step >> 1];
    b0 = lop3_and_or(word, 0x000F000Fu, 0x64006400u);
    b1 = lop3_and_or(word, 0x00F000F0u, 0x64006400u);
  }
};
// float8 e4m3 / e5m2: one cvt per pair, exact.
template <__nv_fp8_interpretation_t I, bool kPerTensor>
struct TileHalf<Bytes8RowScaled<DecodeFp8<I>, kPerTensor>> {
  static constexpr bool kOn = true;
  static constexpr float kBias = 0.0f;
  __device__ __forceinline__ static void unpack(const uint4& v, int step, uint32_t& b0, uint32_t& b1) {
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    const __half2_raw lo = __nv_cvt_fp8x2_to_halfraw2(static_cast<__nv_fp8x2_storage_t>(w[step] & 0xFFFFu), I);
    const __half2_raw hi = __nv_cvt_fp8x2_to_halfraw2(static_cast<__nv_fp8x2_storage_t>(w[step] >> 16), I);
    b0 = static_cast<uint32_t>(lo.x) | static_cast<uint32_t>(lo.y) << 16;
    b1 = static_cast<uint32_t>(hi.x) | static_cast<uint32_t>(hi.y) << 16;
  }
};

// Raw per-chunk parameters of one slot. Folded int4 (kQS = 1: torchao plain, separate scale and
// zero tensors; kQS = 2: tinygemm, interleaved (scale, zero)): the bf16 bits, converted when the
// chunk is computed. Other formats: the policy's Lane of each n-tile.
template <class F, int NT, int kQS>
struct TileParams {
  uint32_t q[kQS == 2 ? NT : 2 * NT];
};
template <class F, int NT>
struct TileParams<F, NT, 0> {
  typename F::Lane lane[NT];
};

template <class F, int NT, int kQS>
struct TileSlot {
  uint4 w[NT];
  TileParams<F, NT, kQS> p;
};

// kAblate bit 0: the slot's weight words folded into one accumulator bit pattern (keeps the loads).
template <class Slot>
__device__ __forceinline__ void tile_fold_words(float& a, const Slot& sl) {
  uint32_t f = 0;
#pragma unroll
  for (int j = 0; j < static_cast<int>(sizeof(sl.w) / sizeof(sl.w[0])); ++j) f ^= sl.w[j].x ^ sl.w[j].y ^ sl.w[j].z ^ sl.w[j].w;
  a += __uint_as_float(f & 0x00800000u);
}

// Per-thread constants of the chunk loop (all addresses computed once).
template <class F, int MT, int NT>
struct TileCtx {
  const uint8_t* wp[NT];               // lane slice of the warp's first chunk, per n-tile
  const __nv_bfloat16* qs;             // folded int4: (scale) of channel 8 nt_w + g, group of chunk 0
  const __nv_bfloat16* qz;             // folded int4 plain: zero_point, same element
  int q_group_stride;                  // elements between groups of one channel
  int c0;                              // first chunk (global index) of the block's K slice
  int n_lane[NT];                      // weight row of this lane per n-tile (non-folded Lane)
  uint32_t xs[MT];                     // shared-memory byte address of this lane's x slice, chunk 0
  uint32_t sums;                       // fp16 int4: byte address of chunk 0's (-1024 O, X) of token pair t
  typename F::Args fa;
  int K, N, t;
};

template <class F, int MT, int NT, int kQS>
__device__ __forceinline__ void tile_load(TileSlot<F, NT, kQS>& sl, const TileCtx<F, MT, NT>& tc, int cl) {
#pragma unroll
  for (int j = 0; j < NT; ++j) sl.w[j] = __ldg(reinterpret_cast<const uint4*>(tc.wp[j] + cl * 512));
  if constexpr (kQS != 0) {
    constexpr int kChunksPerGroup = F::kGroup / 128;
    const int at = ((tc.c0 + cl) / kChunksPerGroup - tc.c0 / kChunksPerGroup) * tc.q_group_stride;
#pragma unroll
    for (int j = 0; j < NT; ++j) {
      if constexpr (kQS == 2) {  // (scale, zero) of channel 8 (nt_w + j) + g: one 32-bit word
        sl.p.q[j] = __ldg(reinterpret_cast<const uint32_t*>(tc.qs + at + 16 * j));
      } else {
        sl.p.q[2 * j] = __ldg(reinterpret_cast<const unsigned short*>(tc.qs + at + 8 * j));
        sl.p.q[2 * j + 1] = __ldg(reinterpret_cast<const unsigned short*>(tc.qz + at + 8 * j));
      }
    }
  } else {
    const int k = (tc.c0 + cl) * F::kChunkK + tc.t * F::kElemsPerLane;
#pragma unroll
    for (int j = 0; j < NT; ++j) sl.p.lane[j] = F::load_lane(tc.fa, tc.n_lane[j], k, tc.K, tc.N);
  }
}

// acc[i][j]: tokens of tile i x channels of A tile j (n-tiles 2j, 2j+1) of the warp.
template <class F, int MT, int NT, int kQS, bool kH>
__device__ __forceinline__ void tile_compute(float (&acc)[MT][NT / 2][4], float (&xacc)[MT][4],
                                             const TileSlot<F, NT, kQS>& sl, const TileCtx<F, MT, NT>& tc, int cl) {
  constexpr int JT = NT / 2;
  constexpr int kXV = F::kElemsPerLane / 8;  // 16-byte x vectors per lane and token tile
  uint4 xv[MT][kXV];
#pragma unroll
  for (int i = 0; i < MT; ++i)
#pragma unroll
    for (int v = 0; v < kXV; ++v) {
      const uint32_t at = tc.xs[i] + cl * (F::kChunkK * 2) + 16 * v;
      asm volatile("ld.shared.v4.u32 {%0,%1,%2,%3}, [%4];\n"
                   : "=r"(xv[i][v].x), "=r"(xv[i][v].y), "=r"(xv[i][v].z), "=r"(xv[i][v].w)
                   : "r"(at));
    }
  float part[MT][JT][4], xsum[MT][4];
  float4 osum[MT];  // fp16 int4: -1024 O of tokens (2t, 2t + 1, 2t, 2t + 1), one LDS.128 a tile
  if constexpr (kH && kQS != 0) {
#pragma unroll
    for (int i = 0; i < MT; ++i) {
      const uint32_t at = tc.sums + (cl * MT + i) * 128;
      asm volatile("ld.shared.v4.f32 {%0,%1,%2,%3}, [%4];\n"
                   : "=f"(osum[i].x), "=f"(osum[i].y), "=f"(osum[i].z), "=f"(osum[i].w)
                   : "r"(at));
      asm volatile("ld.shared.v2.f32 {%0,%1}, [%2];\n" : "=f"(xsum[i][0]), "=f"(xsum[i][1]) : "r"(at + 16));
    }
  }
#pragma unroll
  for (int s = 0; s < F::kSteps; ++s) {
    const int p = s >> 1, h = s & 1;
#pragma unroll
    for (int j = 0; j < JT; ++j) {
      uint32_t a[4];
      if constexpr (kH) {
        TileHalf<F>::unpack(sl.w[2 * j], s, a[0], a[2]);
        TileHalf<F>::unpack(sl.w[2 * j + 1], s, a[1], a[3]);
      } else if constexpr (kQS != 0) {
        F::unpack_biased(sl.w[2 * j], s, a[0], a[2]);
        F::unpack_biased(sl.w[2 * j + 1], s, a[1], a[3]);
      } else {
        F::unpack(sl.w[2 * j], s, sl.p.lane[2 * j], a[0], a[2]);
        F::unpack(sl.w[2 * j + 1], s, sl.p.lane[2 * j + 1], a[1], a[3]);
      }
#pragma unroll
      for (int i = 0; i < MT; ++i) {
        const uint32_t b0 = h ? xv[i][p].z : xv[i][p].x, b1 = h ? xv[i][p].w : xv[i][p].y;
        if constexpr (kH && kQS != 0) {  // part = P - 1024 O: the first step starts from -1024 O
          if (s == 0) tile_mma_f16c(part[i][j], a, b0, b1, osum[i]); else tile_mma_f16(part[i][j], a, b0, b1);
        } else if constexpr (kH) {
          tile_mma_f16(acc[i][j], a, b0, b1);
        } else if constexpr (kQS != 0) {
          if (s == 0) tile_mma0(part[i][j], a, b0, b1); else tile_mma(part[i][j], a, b0, b1);
        } else {
          tile_mma(acc[i][j], a, b0, b1);
        }
      }
    }
    if constexpr (kH && kQS == 0) {  // sum of x for the bias, accumulated over the whole slice
      if constexpr (TileHalf<F>::kBias != 0.0f) {
        const uint32_t ones[4] = {0x3C003C00u, 0x3C003C00u, 0x3C003C00u, 0x3C003C00u};
#pragma unroll
        for (int i = 0; i < MT; ++i) {
          const uint32_t b0 = h ? xv[i][p].z : xv[i][p].x, b1 = h ? xv[i][p].w : xv[i][p].y;
          tile_mma_f16(xacc[i], ones, b0, b1);
        }
      }
    }
    if constexpr (kQS != 0 && !kH) {  // sum of x per token: once per chunk, shared by the JT A tiles
      const uint32_t ones[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};
#pragma unroll
      for (int i = 0; i < MT; ++i) {
        const uint32_t b0 = h ? xv[i][p].z : xv[i][p].x, b1 = h ? xv[i][p].w : xv[i][p].y;
        if (s == 0) tile_mma0(xsum[i], ones, b0, b1); else tile_mma(xsum[i], ones, b0, b1);
      }
    }
  }
  // sum(x * w) = s * part + (z - c s) * X: bf16 part = sum(x * (128 + u)), c = 136, X from the
  // ones mma; fp16 part = P - 1024 O = sum(x * u), c = 8, X staged.
  if constexpr (kQS != 0) {
#pragma unroll
    for (int j = 0; j < JT; ++j) {
      float sc[2], zc[2];
#pragma unroll
      for (int e = 0; e < 2; ++e) {
        const int n = 2 * j + e;
        if constexpr (kQS == 2) {
          sc[e] = __uint_as_float(sl.p.q[n] << 16);
          zc[e] = __uint_as_float(sl.p.q[n] & 0xFFFF0000u);
        } else {
          sc[e] = __uint_as_float(sl.p.q[2 * n] << 16);
          zc[e] = __uint_as_float(sl.p.q[2 * n + 1] << 16);
        }
        zc[e] = fmaf(kH ? -8.0f : -136.0f, sc[e], zc[e]);
      }
#pragma unroll
      for (int i = 0; i < MT; ++i) {
        acc[i][j][0] = fmaf(sc[0], part[i][j][0], fmaf(zc[0], xsum[i][0], acc[i][j][0]));
        acc[i][j][1] = fmaf(sc[0], part[i][j][1], fmaf(zc[0], xsum[i][1], acc[i][j][1]));
        acc[i][j][2] = fmaf(sc[1], part[i][j][2], fmaf(zc[1], xsum[i][0], acc[i][j][2]));
        acc[i][j][3] = fmaf(sc[1], part[i][j][3], fmaf(zc[1], xsum[i][1], acc[i][j][3]));
      }
    }
  }
}

// The |x| max bits of one 16-byte vector of bf16 (NaN above Inf above every number).
__device__ __forceinline__ uint32_t tile_amax_bits(const uint4& q) {
  const uint32_t m = __vmaxu2(__vmaxu2(q.x & 0x7FFF7FFFu, q.y & 0x7FFF7FFFu),
                              __vmaxu2(q.z & 0x7FFF7FFFu, q.w & 0x7FFF7FFFu));
  return max(m & 0xFFFFu, m >> 16);
}

// kH: zero the |x| max bits and (int4) the sums before the staging loop atomicMax'es into amax.
template <int MT, int WN>
__device__ __forceinline__ void tile_stage_half_init(int slice_chunks, bool int4, uint32_t* amax, float* sums) {
  if (threadIdx.x < MT * 8) amax[threadIdx.x] = 0;
  if (int4) {
    for (int e = threadIdx.x; e < slice_chunks * MT * 4 * 8; e += WN * 32) sums[e] = 0.f;
  }
  __syncthreads();
}

// kH staging: x[0, rows) of the slice is in shared memory as bf16 (vecs 16-byte vectors a row)
// and amax[r] holds each token's |x| max bits;
// rewrite it in place as fp16 times 2^e per token, e chosen from the token's |x| max in the slice
// so that the scaled max is below 2^15 (bf16 values then convert exactly unless they sit more
// than 2^-38 below the max). unscale[r] = 2^-e (1 for tokens >= rows, Inf / NaN or all-zero x).
// kInt4 (the fp16 int4 fold, 16 vectors a chunk): the elements with k % 4 in {2, 3} are staged
// divided by 16, and sums[chunk][tile][pair] gets -1024 O and X (O: sum of the staged values, X:
// of x * 2^e), added over the chunk's 16 lanes in a fixed order. Every thread of the block calls it.
template <int MT, int WN, bool kInt4>
__device__ __forceinline__ void tile_stage_half(__nv_bfloat16* xs, int xstride, int rows, int vecs,
                                                const uint32_t* amax, float* unscale, float* sums) {
  __syncthreads();  // the bf16 rows are written, amax is final
  if (threadIdx.x < MT * 8) {
    const uint32_t E = (amax[threadIdx.x] >> 7) & 0xFFu;  // bf16 exponent of the max
    int e = (E == 0u || E == 0xFFu || static_cast<int>(threadIdx.x) >= rows) ? 0 : 141 - static_cast<int>(E);
    e = e > 120 ? 120 : e;  // scaled max < 2^(E - 126 + e) <= 2^15
    unscale[threadIdx.x] = __uint_as_float(static_cast<uint32_t>(127 - e) << 23);
  }
  __syncthreads();
  const int total = rows * vecs, lane = threadIdx.x & 31;
  for (int base = threadIdx.x & ~31; base < total; base += WN * 32) {  // whole warps: the sums shuffle
    const int e = base + lane;
    float o = 0.f, xx = 0.f;
    if (e < total) {
      const int r = e / vecs, v = e % vecs;
      const float sc = 1.0f / unscale[r];  // 2^e, exact
      uint4* at = reinterpret_cast<uint4*>(xs + r * xstride + v * 8);
      uint4 q = *at;
      uint32_t* w = &q.x;
#pragma unroll
      for (int k = 0; k < 4; ++k) {
        const float lo = __uint_as_float(w[k] << 16) * sc, hi = __uint_as_float(w[k] & 0xFFFF0000u) * sc;
        const float d = (kInt4 && (k & 1)) ? 0.0625f : 1.0f;  // k % 4 in {2, 3}: meets 1024 + 16 u
        const __half2 h = __floats2half2_rn(lo * d, hi * d);
        w[k] = *reinterpret_cast<const uint32_t*>(&h);
        xx += lo + hi;
        o += (lo + hi) * d;
      }
      *at = q;
    }
    if constexpr (kInt4) {  // lanes 16 h .. 16 h + 15 hold the 16 vectors of one chunk of one row
#pragma unroll
      for (int m = 8; m >= 1; m >>= 1) {
        o += __shfl_xor_sync(0xFFFFFFFFu, o, m);
        xx += __shfl_xor_sync(0xFFFFFFFFu, xx, m);
      }
      if (e < total && (lane & 15) == 0) {
        const int r = e / vecs, cl = (e % vecs) / 16, b = r & 1;
        float* at = sums + ((cl * MT + r / 8) * 4 + (r % 8) / 2) * 8;
        at[b] = -1024.0f * o;
        at[2 + b] = -1024.0f * o;
        at[4 + b] = xx;
      }
    }
  }
}

// Grid: x = channel groups of WN * NT n-tiles, y = S K slices of `slice_chunks` chunks (a cluster
// of S blocks along y). kQS: folded int4 qparam layout (1 plain, 2 tinygemm), 0 = other formats.
// kAblate (timing diagnostics only, bench/gpu/tile_balance.py --ablate; wrong outputs): bit 0
// leaves the chunk computation out (the weight words are XOR-folded instead, so their loads stay;
// the unused scale loads go), bit 1 the cluster reduction (no cluster barrier, no DSMEM reads).
template <class F, int MT, int NT, int WN, int U, int kMinBlocks, int kQS, bool kH, int kAblate = 0>
__global__ void __launch_bounds__(WN * 32, kMinBlocks)
    decode_tile_kernel(const __nv_bfloat16* __restrict__ x, int M, int K, int N,
                       const uint8_t* __restrict__ qdata, typename F::Args fa,
                       const float* __restrict__ row_scale, const __nv_bfloat16* __restrict__ bias,
                       __nv_bfloat16* __restrict__ out, int slice_chunks) {
  static_assert(NT % 2 == 0, "NT n-tiles pair into 16-channel A tiles");
  static_assert(kQS == 0 || F::kFold, "the folded path needs a kFold policy");
  static_assert(!kH || TileHalf<F>::kOn, "fp16 operands only for formats with a TileHalf decode");
  extern __shared__ __align__(16) unsigned char tile_smem_buf[];
  namespace cg = cooperative_groups;
  constexpr int JT = NT / 2, kCols = WN * NT * 8;
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int g = lane >> 2, t = lane & 3;
  const int n_tiles = N / 8, KC = K / F::kChunkK;
  const int c0 = min(KC, static_cast<int>(blockIdx.y) * slice_chunks);
  const int chunks = min(KC, c0 + slice_chunks) - c0;  // block-uniform
  const int rows = min(M, MT * 8);
  const TileSmem sm = tile_smem(TileGeometry{MT, NT, WN, kMinBlocks}, rows, slice_chunks, F::kChunkK);
  auto* xs = reinterpret_cast<__nv_bfloat16*>(tile_smem_buf);
  auto* red = reinterpret_cast<float*>(tile_smem_buf + sm.x_bytes);
  auto* sums = reinterpret_cast<float*>(tile_smem_buf + sm.x_bytes + sm.red_bytes);
  // kH: per token of the block, |x| max bits (bf16), then 2^-e that undoes its fp16 scaling 2^e.
  __shared__ uint32_t x_amax[MT * 8];
  __shared__ float x_unscale[MT * 8];

  // The warp's n-tiles: nt_own.. are its columns; nt_w = nt_own shifted left to stay inside N.
  const int nt_own = (blockIdx.x * WN + warp) * NT;
  const int nt_w = min(nt_own, n_tiles - NT);
  TileCtx<F, MT, NT> tc;
  tc.fa = fa;
  tc.K = K;
  tc.N = N;
  tc.t = t;
  tc.c0 = c0;
#pragma unroll
  for (int j = 0; j < NT; ++j) {
    tc.wp[j] = qdata + ((static_cast<size_t>(nt_w + j) * KC + c0) * 32 + lane) * 16;
    tc.n_lane[j] = (nt_w + j) * 8 + g;
  }
  if constexpr (kQS != 0) {  // Int4Grouped::Args {scale, zero, stride}
    const size_t at = (static_cast<size_t>(c0 / (F::kGroup / 128)) * N + nt_w * 8 + g) * kQS;
    tc.qs = fa.scale + at;
    tc.qz = fa.zero + at;
    tc.q_group_stride = N * kQS;
  }

  // The first U chunks go out before anything else.
  TileSlot<F, NT, kQS> ring[U];
#pragma unroll
  for (int u = 0; u < U; ++u)
    if (u < chunks) tile_load<F, MT, NT, kQS>(ring[u], tc, u);

  // Stage x[0, rows) of the K slice, and a zero row, while those loads fly.
  {
    const int vecs = chunks * F::kChunkK / 8, zvecs = slice_chunks * F::kChunkK / 8;
    if constexpr (kH) tile_stage_half_init<MT, WN>(slice_chunks, kQS != 0, x_amax, sums);
    for (int e = threadIdx.x; e < rows * vecs; e += WN * 32) {
      const int r = e / vecs, v = e % vecs;
      const uint4 q = __ldg(reinterpret_cast<const uint4*>(x + static_cast<size_t>(r) * K + c0 * F::kChunkK + v * 8));
      *reinterpret_cast<uint4*>(xs + r * sm.xstride + v * 8) = q;
      if constexpr (kH) atomicMax(&x_amax[r], tile_amax_bits(q));
    }
    for (int v = threadIdx.x; v < zvecs; v += WN * 32)
      *reinterpret_cast<uint4*>(xs + rows * sm.xstride + v * 8) = make_uint4(0, 0, 0, 0);
    if constexpr (kH) tile_stage_half<MT, WN, kQS != 0>(xs, sm.xstride, rows, vecs, x_amax, x_unscale, sums);
  }
  const uint32_t xs_base = static_cast<uint32_t>(__cvta_generic_to_shared(xs));
#pragma unroll
  for (int i = 0; i < MT; ++i) {
    const int r = i * 8 + g < rows ? i * 8 + g : rows;
    tc.xs[i] = xs_base + (r * sm.xstride + t * F::kElemsPerLane) * 2;
  }
  tc.sums = static_cast<uint32_t>(__cvta_generic_to_shared(sums)) + t * 32;
  __syncthreads();

  float acc[MT][JT][4], xacc[MT][4];
#pragma unroll
  for (int i = 0; i < MT; ++i) {
#pragma unroll
    for (int j = 0; j < JT; ++j)
#pragma unroll
      for (int r = 0; r < 4; ++r) acc[i][j][r] = 0.f;
#pragma unroll
    for (int r = 0; r < 4; ++r) xacc[i][r] = 0.f;
  }
  if (nt_own < n_tiles) {  // warp-uniform: warps past N only take part in the barriers
    int c = 0;
    for (; c + U <= chunks; c += U) {  // full rounds: no per-slot checks
#pragma unroll
      for (int u = 0; u < U; ++u) {
        if constexpr (kAblate & 1) {
          tile_fold_words(acc[0][0][0], ring[u]);
        } else {
          tile_compute<F, MT, NT, kQS, kH>(acc, xacc, ring[u], tc, c + u);
        }
        if (c + u + U < chunks) tile_load<F, MT, NT, kQS>(ring[u], tc, c + u + U);
      }
    }
#pragma unroll
    for (int u = 0; u < U; ++u) {
      if (c + u < chunks) {
        if constexpr (kAblate & 1) {
          tile_fold_words(acc[0][0][0], ring[u]);
        } else {
          tile_compute<F, MT, NT, kQS, kH>(acc, xacc, ring[u], tc, c + u);
        }
      }
    }
  }

  if constexpr (kH) {  // remove the decode's bias, then the fp16 scaling of each token's x
#pragma unroll
    for (int i = 0; i < MT; ++i) {
      const float u0 = x_unscale[i * 8 + 2 * t], u1 = x_unscale[i * 8 + 2 * t + 1];
#pragma unroll
      for (int j = 0; j < JT; ++j) {
        if constexpr (TileHalf<F>::kBias != 0.0f) {
          acc[i][j][0] = fmaf(-TileHalf<F>::kBias, xacc[i][0], acc[i][j][0]);
          acc[i][j][1] = fmaf(-TileHalf<F>::kBias, xacc[i][1], acc[i][j][1]);
          acc[i][j][2] = fmaf(-TileHalf<F>::kBias, xacc[i][0], acc[i][j][2]);
          acc[i][j][3] = fmaf(-TileHalf<F>::kBias, xacc[i][1], acc[i][j][3]);
        }
        acc[i][j][0] *= u0;
        acc[i][j][1] *= u1;
        acc[i][j][2] *= u0;
        acc[i][j][3] *= u1;
      }
    }
  }
  if constexpr ((kAblate & 2) != 0) {  // each lane writes the sum of all its sums (all stay live), no reduction
    float all = 0.f;
#pragma unroll
    for (int i = 0; i < MT; ++i) {
#pragma unroll
      for (int j = 0; j < JT; ++j) all += acc[i][j][0] + acc[i][j][1] + acc[i][j][2] + acc[i][j][3];
      all += xacc[i][0] + xacc[i][1] + xacc[i][2] + xacc[i][3];
    }
    if (nt_own < n_tiles && rows > 0) out[(nt_own * 8 + g) % N] = __float2bfloat16_rn(all);
    return;
  }
  // Partials of this block -> shared memory; the cluster's S blocks add them in rank order.
#pragma unroll
  for (int i = 0; i < MT; ++i)
#pragma unroll
    for (int j = 0; j < JT; ++j) {
      const int col = warp * NT * 8 + j * 16 + g;
      red[(i * 8 + 2 * t) * kCols + col] = acc[i][j][0];
      red[(i * 8 + 2 * t + 1) * kCols + col] = acc[i][j][1];
      red[(i * 8 + 2 * t) * kCols + col + 8] = acc[i][j][2];
      red[(i * 8 + 2 * t + 1) * kCols + col + 8] = acc[i][j][3];
    }
  cg::cluster_group cluster = cg::this_cluster();
  cluster.sync();
  const int S = static_cast<int>(cluster.num_blocks()), rank = static_cast<int>(cluster.block_rank());
  const int total = rows * kCols, share = (total + S - 1) / S;
  for (int e = rank * share + threadIdx.x; e < min(total, (rank + 1) * share); e += WN * 32) {
    const int r = e / kCols, col = e % kCols, w = col / (NT * 8);
    const int own = (blockIdx.x * WN + w) * NT, shifted = min(own, n_tiles - NT);
    const int tile = shifted + (col % (NT * 8)) / 8;
    const int n = tile * 8 + col % 8;
    if (own >= n_tiles || tile < own || n >= N) continue;
    float s = 0.f;
    for (int b = 0; b < S; ++b) s += cluster.map_shared_rank(red, b)[e];
    s *= F::col_scale(fa, n);
    if (row_scale != nullptr) s *= row_scale[r];
    if (bias != nullptr) s += __bfloat162float(bias[n]);
    out[static_cast<size_t>(r) * N + n] = __float2bfloat16_rn(s);
  }
  cluster.sync();  // no block leaves while another reads its partials
}

// The grid of one v11 call for policy F (decode_tile_grid.h).
template <class F, int MT, int NT, int WN, int kMinBlocks>
inline bool tile_grid(int M, int K, int N, int sms, TileGrid* gr) {
  return tile_grid(TileGeometry{MT, NT, WN, kMinBlocks}, F::kChunkK, M, K, N, sms, gr);
}

// cudaOccupancyMaxActiveClusters for cfg (grid, block, cluster shape, shared memory), memoized
// per device, kernel, cluster size and shared memory: the driver call costs about as much host
// time as a decode launch. -1 when the query fails (the caller keeps its grid).
inline int tile_active_clusters(const void* kernel, cudaLaunchConfig_t cfg, int S) {
  static std::mutex mu;
  static std::map<std::tuple<int, const void*, int, size_t>, int> memo;
  int dev = 0;
  if (cudaGetDevice(&dev) != cudaSuccess) return -1;
  const auto key = std::make_tuple(dev, kernel, S, cfg.dynamicSmemBytes);
  {
    std::lock_guard<std::mutex> lock(mu);
    const auto it = memo.find(key);
    if (it != memo.end()) return it->second;
  }
  int clusters = 0;
  if (cudaOccupancyMaxActiveClusters(&clusters, kernel, &cfg) != cudaSuccess) {
    (void)cudaGetLastError();  // not sticky: clear it so the launch check does not see it
    clusters = -1;
  }
  std::lock_guard<std::mutex> lock(mu);
  memo[key] = clusters;
  return clusters;
}

template <class F, int MT, int NT, int WN, int U, int kMinBlocks, int kQS, bool kH, int kAblate = 0>
cudaError_t launch_tile_kernel(const __nv_bfloat16* x, int M, int K, int N, const uint8_t* q, typename F::Args fa,
                               const float* row_scale, const __nv_bfloat16* bias, __nv_bfloat16* out,
                               const TileGrid& gr, cudaStream_t stream) {
  auto* kernel = decode_tile_kernel<F, MT, NT, WN, U, kMinBlocks, kQS, kH, kAblate>;
  static const cudaError_t attr =
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kTileSmemMax);
  if (attr != cudaSuccess) return attr;
  cudaLaunchConfig_t cfg = {};
  cfg.blockDim = dim3(WN * 32, 1, 1);
  cfg.stream = stream;
  cudaLaunchAttribute at[1];
  at[0].id = cudaLaunchAttributeClusterDimension;
  at[0].val.clusterDim.x = 1;
  at[0].val.clusterDim.z = 1;
  cfg.attrs = at;
  cfg.numAttrs = 1;
  // tile_grid sizes the grid to one wave by SM count, but clusters only start where all S blocks
  // fit in one GPC: when the bx clusters do not all fit at once, the last ones run as a second
  // wave (H200, int4 g128 K=4096 M=1 cfg 300: N=16896, 132 clusters of 4 on 528 slots, 20.8 us
  // for 36.8 MB where N=14336's 112 clusters take 15.8 for 31.2; bench/gpu/tile_balance.py). Then
  // smaller clusters (more K per block, same per-block work in total) while the x slice still fits.
  TileGrid g = gr;
  for (int S = gr.S; S >= 1; --S) {
    TileGrid t = gr;
    if (!tile_slices(TileGeometry{MT, NT, WN, kMinBlocks}, F::kChunkK, M, K, S, &t)) break;
    cfg.gridDim = dim3(t.bx, t.S, 1);
    cfg.dynamicSmemBytes = t.smem;
    at[0].val.clusterDim.y = t.S;
    const int clusters = tile_active_clusters(reinterpret_cast<const void*>(kernel), cfg, t.S);
    if (clusters < 0) break;  // no answer: keep what is chosen so far
    g = t;
    if (clusters >= t.bx) break;
  }
  cfg.gridDim = dim3(g.bx, g.S, 1);
  cfg.dynamicSmemBytes = g.smem;
  at[0].val.clusterDim.y = g.S;
  return cudaLaunchKernelEx(&cfg, kernel, x, M, K, N, q, fa, row_scale, bias, out, g.slice_chunks);
}

// One v11 launch for up to MT * 8 tokens on a grid from tile_grid. kHalf: fp16 operands where
// the format has a TileHalf decode (folded int4, int8, float8), else the same bf16 kernel.
template <class F, int MT, int NT, int WN, int U, int kMinBlocks, bool kHalf = false, int kAblate = 0>
cudaError_t launch_decode_tile(const __nv_bfloat16* x, int M, int K, int N, const uint8_t* q, typename F::Args fa,
                               const float* row_scale, const __nv_bfloat16* bias, __nv_bfloat16* out,
                               const TileGrid& gr, cudaStream_t stream) {
  constexpr bool kH = kHalf && TileHalf<F>::kOn;
  if constexpr (F::kFold) {  // Int4Grouped: qparam stride 2 = tinygemm's interleaved (scale, zero)
    constexpr auto* plain = launch_tile_kernel<F, MT, NT, WN, U, kMinBlocks, 1, kH, kAblate>;
    constexpr auto* tinygemm = launch_tile_kernel<F, MT, NT, WN, U, kMinBlocks, 2, kH, kAblate>;
    return (fa.stride == 2 ? tinygemm : plain)(x, M, K, N, q, fa, row_scale, bias, out, gr, stream);
  } else {
    return launch_tile_kernel<F, MT, NT, WN, U, kMinBlocks, 0, kH, kAblate>(x, M, K, N, q, fa, row_scale, bias, out, gr,
                                                                             stream);
  }
}

}  // namespace qf
