// Weight-streaming decode linear, v5 (M <= 16): out[M, N] = x[M, K] . W^T (+ bias), W in the
// qf tile layout (weight_formats.cuh). Same mma arithmetic as decode_linear.cuh (weight = mma
// A operand, 8 tokens = B), restructured for bytes in flight (NOTES.md, v1-v4: latency-bound):
//
//  * one wave: a block is one 16-channel A tile (two n-tiles) and W warps that split its K;
//    W is chosen at run time (stream_warps) so that N/16 * W is about 16 warps per SM, so every
//    warp streams many chunks instead of a few blocks per SM re-paying the start-up latency;
//  * a ring of U pipeline slots per warp: slot u holds chunk c+u's two 16-byte weight loads and
//    (folded int4) the raw bf16 scale/zero of its group. A slot is refilled with chunk c+u+U as
//    soon as it has been computed, so U chunks (U KB) stay in flight per warp and nothing is
//    copied between registers. Raw bf16 scale/zero stay unconverted until their chunk is
//    computed, so no instruction waits on a load that was just issued;
//  * registers capped by __launch_bounds__(256, kMinBlocks) for >= 24 resident warps per SM.
//
// Partial sums of the W warps are added in shared memory in a fixed order (deterministic).
#pragma once
#include "cuda_common.cuh"
#include "decode_linear.cuh"
#include "weight_formats.cuh"

namespace qf {

constexpr int kStreamMaxWarps = 8;

// Raw folded-int4 parameters of one chunk for the two n-tiles (unused by other formats).
struct FoldRaw {
  __nv_bfloat16 s[2], z[2];
};

template <class F>
struct StreamSlot {
  uint4 w[2];
  FoldRaw f;
};

// L2 policy for weight loads that must not push other lines out of L2 (kEvictFirst variants):
// in a decode step the L2 holds dirty activations/caches whose eviction costs DRAM writes.
__device__ __forceinline__ uint64_t l2_evict_first_policy() {
  uint64_t pol;
  asm volatile("createpolicy.fractional.L2::evict_first.b64 %0, 1.0;\n" : "=l"(pol));
  return pol;
}

__device__ __forceinline__ uint4 ld_stream_16_hint(const void* p, uint64_t pol) {
  uint4 v;
  asm volatile("ld.global.nc.L1::no_allocate.L2::cache_hint.v4.u32 {%0,%1,%2,%3}, [%4], %5;\n"
               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
               : "l"(p), "l"(pol));
  return v;
}

template <class F, bool kEvictFirst>
__device__ __forceinline__ void stream_load(StreamSlot<F>& sl, const uint8_t* const (&wp)[2], int stride,
                                            const typename F::FoldColOrVoid (&fold)[2], int c, int c_end,
                                            uint64_t pol) {
  const bool live = c < c_end;  // warp-uniform
#pragma unroll
  for (int j = 0; j < 2; ++j) {
    const uint8_t* at = wp[j] + static_cast<size_t>(c) * stride;
    if constexpr (kEvictFirst) {
      sl.w[j] = live ? ld_stream_16_hint(at, pol) : make_uint4(0, 0, 0, 0);
    } else {
      sl.w[j] = live ? ld_stream_16(at) : make_uint4(0, 0, 0, 0);
    }
    if constexpr (F::kFold) {
      if (live) {
        const int at = (c / (F::kGroup / 128)) * fold[j].group_stride;
        sl.f.s[j] = fold[j].s[at];
        sl.f.z[j] = fold[j].z[at];
      }
    }
  }
}

// Token row i * 8 + g of this lane exists (tc.xp of a missing row points at row M - 1).
template <int MT, class Ctx>
__device__ __forceinline__ bool live_row(const Ctx& tc, int i) {
  return i * 8 + (threadIdx.x & 31) / 4 < tc.M;
}

// acc[i]: tokens of tile i x the 16 channels of the block's A tile.
template <class F, int MT, bool kXSmem = false>
__device__ __forceinline__ void stream_compute(float (&acc)[MT][4], const StreamSlot<F>& sl,
                                               const ThreadCtx<F, 2, MT>& tc, int c) {
  float part[MT][4], xsum[MT][4];
#pragma unroll
  for (int i = 0; i < MT; ++i)
#pragma unroll
    for (int r = 0; r < 4; ++r) part[i][r] = xsum[i][r] = 0.f;
  const int k0 = c * F::kChunkK;
  typename F::Lane lp[2];
  if constexpr (!F::kFold) {
#pragma unroll
    for (int j = 0; j < 2; ++j) lp[j] = F::load_lane(tc.fa, tc.n_lane[j], k0 + tc.t * F::kElemsPerLane, tc.K, tc.N);
  }
  // All activation loads of the chunk go out before the first mma, unconditionally (rows past
  // M read row M - 1 and are zeroed by a select): loads under per-lane branches were issued one
  // step at a time, each waiting out its own latency (SASS of the first v5 build, NOTES.md).
  uint4 xall[F::kSteps / 2][MT];
#pragma unroll
  for (int p = 0; p < F::kSteps / 2; ++p)
#pragma unroll
    for (int i = 0; i < MT; ++i)
      xall[p][i] = kXSmem ? *reinterpret_cast<const uint4*>(tc.xp[i] + k0 + 8 * p) : ld_cached_16(tc.xp[i] + k0 + 8 * p);
#pragma unroll
  for (int p = 0; p < F::kSteps / 2; ++p)
#pragma unroll
    for (int i = 0; i < MT; ++i)
      if (!live_row<MT>(tc, i)) xall[p][i] = make_uint4(0, 0, 0, 0);
#pragma unroll
  for (int p = 0; p < F::kSteps / 2; ++p) {
    const uint4 (&xb)[MT] = xall[p];
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int step = 2 * p + h;
      uint32_t a[4];
      if constexpr (F::kFold) {
        F::unpack_biased(sl.w[0], step, a[0], a[2]);
        F::unpack_biased(sl.w[1], step, a[1], a[3]);
      } else {
        F::unpack(sl.w[0], step, lp[0], a[0], a[2]);
        F::unpack(sl.w[1], step, lp[1], a[1], a[3]);
      }
#pragma unroll
      for (int i = 0; i < MT; ++i) {
        const uint32_t b0 = h ? xb[i].z : xb[i].x, b1 = h ? xb[i].w : xb[i].y;
        mma_bf16_16816(F::kFold ? part[i] : acc[i], a, b0, b1);
        if constexpr (F::kFold) {
          constexpr uint32_t kOnes[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};
          mma_bf16_16816(xsum[i], kOnes, b0, b1);
        }
      }
    }
  }
  if constexpr (F::kFold) {
    const float s0 = __bfloat162float(sl.f.s[0]), s1 = __bfloat162float(sl.f.s[1]);
    const float z0 = __bfloat162float(sl.f.z[0]) - 136.0f * s0, z1 = __bfloat162float(sl.f.z[1]) - 136.0f * s1;
#pragma unroll
    for (int i = 0; i < MT; ++i) {
      acc[i][0] += s0 * part[i][0] + z0 * xsum[i][0];
      acc[i][1] += s0 * part[i][1] + z0 * xsum[i][1];
      acc[i][2] += s1 * part[i][2] + z1 * xsum[i][2];
      acc[i][3] += s1 * part[i][3] + z1 * xsum[i][3];
    }
  }
}

// kXSmem (v8): the block first copies x[0, min(M, 8 MT)) into shared memory (rows padded by
// 8 elements) and every chunk reads its activations there: global x loads (L1 misses, ~1 µs
// each under a saturated memory system) were the serial step of every chunk (NOTES.md, v7).
// kPrefetch (v10) >= 1: after its first U loads, every warp asks L2 for the rest of its K slice
// (prefetch.global.L2, one per 128-byte line, no registers held), so the ring's later loads
// hit L2 instead of each waiting out a DRAM round trip behind the previous chunk. 2: also
// prefetch.global.L1 of the warp's x rows over its K slice (x lives in L2; each chunk's x
// loads then hit L1).
template <class F, int MT, int U, int kMinBlocks, bool kEvictFirst, bool kXSmem = false, int kPrefetch = 0>
__global__ void __launch_bounds__(kStreamMaxWarps * 32, kMinBlocks)
    decode_stream_kernel(const __nv_bfloat16* __restrict__ x, int M, int K, int N,
                         const uint8_t* __restrict__ qdata, typename F::Args fa,
                         const float* __restrict__ row_scale, const __nv_bfloat16* __restrict__ bias,
                         __nv_bfloat16* __restrict__ out) {
  __shared__ float red[kStreamMaxWarps][MT * 8][16];
  const int W = blockDim.x >> 5;
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int g = lane >> 2, t = lane & 3;
  const int n_tiles = N / 8, nt0 = 2 * blockIdx.x;
  const int KC = K / F::kChunkK;
  const int per_warp = (KC + W - 1) / W;
  const int c_begin = min(KC, warp * per_warp), c_end = min(KC, c_begin + per_warp);

  ThreadCtx<F, 2, MT> tc;
  tc.fa = fa;
  tc.K = K;
  tc.N = N;
  tc.M = M;
  tc.t = t;
#pragma unroll
  for (int i = 0; i < MT; ++i) {
    const int r = i * 8 + g;
    tc.xp[i] = x + static_cast<size_t>(min(r, M - 1)) * K + t * F::kElemsPerLane;
  }
  const uint8_t* wp[2];
  typename F::FoldColOrVoid fold[2];
#pragma unroll
  for (int j = 0; j < 2; ++j) {
    const int nt = min(nt0 + j, n_tiles - 1);  // a clamped tile computes columns never written
    wp[j] = lane_base<F, false>(qdata, nt, lane, KC, K);
    tc.n_lane[j] = nt * 8 + g;
    if constexpr (F::kFold) fold[j] = F::fold_col(fa, nt * 8 + g, N);
  }

  // Ring of U slots: the first U chunks go out before any arithmetic.
  StreamSlot<F> ring[U];
  const uint64_t pol = kEvictFirst ? l2_evict_first_policy() : 0;
#pragma unroll
  for (int u = 0; u < U; ++u) stream_load<F, kEvictFirst>(ring[u], wp, 512, fold, c_begin + u, c_end, pol);
  if constexpr (kPrefetch >= 1) {
    if ((lane & 7) == 0) {  // lanes 0, 8, 16, 24: the four 128-byte lines of a 512-byte chunk
      for (int c = c_begin + U; c < c_end; ++c)
#pragma unroll
        for (int j = 0; j < 2; ++j)
          asm volatile("prefetch.global.L2 [%0];\n" ::"l"(wp[j] + static_cast<size_t>(c) * 512));
    }
  }
  if constexpr (kPrefetch >= 2 && !kXSmem) {  // lines of x rows [0, rows) x K slice, one per lane
    const int rows = min(M, MT * 8), k0 = c_begin * F::kChunkK, lines = (c_end - c_begin) * F::kChunkK / 64;
    for (int e = lane; e < rows * lines; e += 32)
      asm volatile("prefetch.global.L1 [%0];\n" ::"l"(x + static_cast<size_t>(e / lines) * K + k0 + (e % lines) * 64));
  }
  if constexpr (kXSmem) {  // after the first weight loads are out: their latency covers this copy
    extern __shared__ __align__(16) __nv_bfloat16 xs[];
    const int rows = min(M, MT * 8), row_stride = K + 8, vecs = K / 8;
    for (int e = threadIdx.x; e < rows * vecs; e += blockDim.x) {
      const int r = e / vecs, v = e % vecs;
      *reinterpret_cast<uint4*>(xs + r * row_stride + v * 8) = ld_cached_16(x + static_cast<size_t>(r) * K + v * 8);
    }
    __syncthreads();
#pragma unroll
    for (int i = 0; i < MT; ++i) tc.xp[i] = xs + min(i * 8 + g, rows - 1) * row_stride + t * F::kElemsPerLane;
  }
  float acc[MT][4];
#pragma unroll
  for (int i = 0; i < MT; ++i)
#pragma unroll
    for (int r = 0; r < 4; ++r) acc[i][r] = 0.f;
  for (int c = c_begin; c < c_end; c += U) {
#pragma unroll
    for (int u = 0; u < U; ++u) {
      if (c + u < c_end) {
        stream_compute<F, MT, kXSmem>(acc, ring[u], tc, c + u);
        stream_load<F, kEvictFirst>(ring[u], wp, 512, fold, c + u + U, c_end, pol);
      }
    }
  }

#pragma unroll
  for (int i = 0; i < MT; ++i) {
    red[warp][i * 8 + 2 * t][g] = acc[i][0];
    red[warp][i * 8 + 2 * t + 1][g] = acc[i][1];
    red[warp][i * 8 + 2 * t][8 + g] = acc[i][2];
    red[warp][i * 8 + 2 * t + 1][8 + g] = acc[i][3];
  }
  __syncthreads();
  const int rows = min(M, MT * 8);
  for (int e = threadIdx.x; e < rows * 16; e += blockDim.x) {
    const int r = e / 16, col = e % 16, n = nt0 * 8 + col;
    if (n >= N) continue;
    float s = 0.f;
    for (int w = 0; w < W; ++w) s += red[w][r][col];
    s *= F::col_scale(fa, n);
    if (row_scale != nullptr) s *= row_scale[r];
    if (bias != nullptr) s += __bfloat162float(bias[n]);
    out[static_cast<size_t>(r) * N + n] = __float2bfloat16_rn(s);
  }
}

// Warps per block (= K split): about 16 resident warps per SM over N/16 blocks, a power of two
// <= 8, and at least two chunks per warp.
inline int stream_warps(int N, int KC, int sms) {
  const int blocks = (N / 8 + 1) / 2;
  int w = 1;
  while (w < kStreamMaxWarps && blocks * (2 * w) <= 16 * sms && KC >= 4 * w) w *= 2;
  return w;
}

// Most shared memory the kXSmem variant takes for x; larger x (many rows of a long K) runs the
// global-x kernel instead.
constexpr int kStreamXSmemMax = 160 * 1024;

// warps = 0: stream_warps. Returns the CUDA launch status.
template <class F, int MT, int U, int kMinBlocks = 3, bool kEvictFirst = false, bool kXSmem = false,
          int kPrefetch = 0>
cudaError_t launch_decode_stream(const __nv_bfloat16* x, int M, int K, int N, const uint8_t* q,
                                 typename F::Args fa, const float* row_scale, const __nv_bfloat16* bias,
                                 __nv_bfloat16* out, int warps, int sms, cudaStream_t stream) {
  const int w = warps > 0 ? warps : stream_warps(N, K / F::kChunkK, sms);
  const int blocks = (N / 8 + 1) / 2;
  const size_t xbytes = static_cast<size_t>(M < MT * 8 ? M : MT * 8) * (K + 8) * 2;
  if constexpr (kXSmem) {
    if (xbytes <= kStreamXSmemMax) {
      auto* kernel = decode_stream_kernel<F, MT, U, kMinBlocks, kEvictFirst, true, kPrefetch>;
      static const cudaError_t attr =
          cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kStreamXSmemMax);
      if (attr != cudaSuccess) return attr;
      kernel<<<blocks, w * 32, xbytes, stream>>>(x, M, K, N, q, fa, row_scale, bias, out);
      return cudaGetLastError();
    }
  }
  decode_stream_kernel<F, MT, U, kMinBlocks, kEvictFirst, false, kPrefetch>
      <<<blocks, w * 32, 0, stream>>>(x, M, K, N, q, fa, row_scale, bias, out);
  return cudaGetLastError();
}

}  // namespace qf
