// Weight-streaming decode linear, v7 (M <= 16): out[M, N] = x[M, K] . W^T (+ bias), W in the
// qf tile layout (weight_formats.cuh), same mma arithmetic as decode_stream.cuh (weight = mma A
// operand, 8 tokens = B). v1-v6 kept the weight bytes in flight in registers, so in-flight bytes
// were capped by the register budget and every warp's loads waited on its own arithmetic
// (NOTES.md: latency-bound at 25-45 % of copy). Here the copy engine moves the weight:
//
//  * per warp a ring of S shared-memory stages; lane 0 fills a stage with one 1-D bulk copy
//    (cp.async.bulk, completion counted in bytes on the stage's mbarrier) per n-tile: NT
//    contiguous runs of CPS * 512 bytes (the qf tile keeps an n-tile's chunks contiguous). A
//    stage is refilled as soon as the warp has read it, so S * NT * CPS * 512 bytes per warp
//    stay in flight whatever the arithmetic does;
//  * a block = W warps that split K; it walks output tiles of NT n-tiles (persistent grid,
//    tiles b, b + grid, ...), and the W partial sums of a tile are added in shared memory in a
//    fixed order (deterministic);
//  * folded int4 (F::kFold) reads its (scale, zero) one stage ahead into registers.
//
// Needs sm_90 (cp.async.bulk, mbarrier expect_tx). A stage wait that never completes traps
// (a launch error) instead of hanging the device.
#pragma once
#include "cuda_common.cuh"
#include "decode_linear.cuh"
#include "decode_stream.cuh"
#include "weight_formats.cuh"

namespace qf {

__device__ __forceinline__ uint32_t smem_addr(const void* p) {
  return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}

__device__ __forceinline__ void mbar_init(uint64_t* bar, int count) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(smem_addr(bar)), "r"(count));
}

__device__ __forceinline__ void mbar_expect_tx(uint64_t* bar, uint32_t bytes) {
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(smem_addr(bar)), "r"(bytes)
               : "memory");
}

// Waits for phase `parity` of the barrier; traps after 2^22 polls (far beyond any real wait)
// instead of hanging.
__device__ __forceinline__ void mbar_wait(uint64_t* bar, uint32_t parity) {
  const uint32_t a = smem_addr(bar);
  for (uint32_t tries = 0;; ++tries) {
    uint32_t done;
    asm volatile(
        "{\n .reg .pred p;\n mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n selp.u32 %0, 1, 0, p;\n}\n"
        : "=r"(done)
        : "r"(a), "r"(parity)
        : "memory");
    if (done) return;
    if (tries > (1u << 22)) __trap();
  }
}

// Global -> shared bulk copy of `bytes` (multiple of 16, both addresses 16-byte aligned),
// completing `bytes` transactions on `bar`.
template <bool kEvictFirst>
__device__ __forceinline__ void bulk_copy(void* dst, const void* src, uint32_t bytes, uint64_t* bar,
                                          uint64_t pol) {
  if constexpr (kEvictFirst) {
    asm volatile(
        "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.L2::cache_hint [%0], [%1], %2, [%3], %4;\n" ::"r"(
            smem_addr(dst)),
        "l"(src), "r"(bytes), "r"(smem_addr(bar)), "l"(pol)
        : "memory");
  } else {
    asm volatile(
        "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], %2, [%3];\n" ::"r"(
            smem_addr(dst)),
        "l"(src), "r"(bytes), "r"(smem_addr(bar))
        : "memory");
  }
}

template <int NT, int MT, int W, int CPS, int S>
struct BulkGeometry {
  static constexpr int kStageBytes = NT * CPS * 512;
  static constexpr int kRingBytes = W * S * kStageBytes;
  static constexpr int kRedBytes = W * MT * 8 * NT * 8 * 4;
  static constexpr int kBarOffset = kRingBytes + kRedBytes;
  static constexpr int kSmemBytes = kBarOffset + W * S * 8;
};

// Folded int4: raw bf16 (scale, zero) of every chunk of one stage, per n-tile.
template <class F, int NT, int CPS>
struct BulkFold {
  __nv_bfloat16 s[CPS][NT], z[CPS][NT];
};

template <class F, int NT, int CPS>
__device__ __forceinline__ void bulk_load_fold(BulkFold<F, NT, CPS>& p, const typename F::FoldColOrVoid (&fold)[NT],
                                               int c0, int nch) {
  if constexpr (F::kFold) {
#pragma unroll
    for (int q = 0; q < CPS; ++q) {
      if (q < nch) {
        const int at = ((c0 + q) / (F::kGroup / 128)) * fold[0].group_stride;
#pragma unroll
        for (int j = 0; j < NT; ++j) {
          p.s[q][j] = fold[j].s[at];
          p.z[q][j] = fold[j].z[at];
        }
      }
    }
  }
}

// One chunk: acc[i][a] += tokens of tile i x the 16 channels of A tile a (n-tiles 2a, 2a+1).
template <class F, int NT, int MT>
__device__ __forceinline__ void bulk_chunk(float (&acc)[MT][NT / 2][4], const uint8_t* stage_chunk, int run_bytes,
                                           const ThreadCtx<F, NT, MT>& tc, int c, const __nv_bfloat16* fs,
                                           const __nv_bfloat16* fz) {
  constexpr int JT = NT / 2;
  const int lane = threadIdx.x & 31;
  uint4 wv[NT];
#pragma unroll
  for (int j = 0; j < NT; ++j) wv[j] = *reinterpret_cast<const uint4*>(stage_chunk + j * run_bytes + lane * 16);
  const int k0 = c * F::kChunkK;
  uint4 xall[F::kSteps / 2][MT];
#pragma unroll
  for (int p = 0; p < F::kSteps / 2; ++p)
#pragma unroll
    for (int i = 0; i < MT; ++i) xall[p][i] = ld_cached_16(tc.xp[i] + k0 + 8 * p);
#pragma unroll
  for (int p = 0; p < F::kSteps / 2; ++p)
#pragma unroll
    for (int i = 0; i < MT; ++i)
      if (i * 8 + lane / 4 >= tc.M) xall[p][i] = make_uint4(0, 0, 0, 0);
  float part[MT][JT][4], xsum[MT][4];
#pragma unroll
  for (int i = 0; i < MT; ++i) {
#pragma unroll
    for (int r = 0; r < 4; ++r) xsum[i][r] = 0.f;
#pragma unroll
    for (int a = 0; a < JT; ++a)
#pragma unroll
      for (int r = 0; r < 4; ++r) part[i][a][r] = 0.f;
  }
  typename F::Lane lp[NT];
  if constexpr (!F::kFold) {
#pragma unroll
    for (int j = 0; j < NT; ++j) lp[j] = F::load_lane(tc.fa, tc.n_lane[j], k0 + tc.t * F::kElemsPerLane, tc.K, tc.N);
  }
#pragma unroll
  for (int p = 0; p < F::kSteps / 2; ++p) {
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int step = 2 * p + h;
#pragma unroll
      for (int a = 0; a < JT; ++a) {
        uint32_t fr[4];
        if constexpr (F::kFold) {
          F::unpack_biased(wv[2 * a], step, fr[0], fr[2]);
          F::unpack_biased(wv[2 * a + 1], step, fr[1], fr[3]);
        } else {
          F::unpack(wv[2 * a], step, lp[2 * a], fr[0], fr[2]);
          F::unpack(wv[2 * a + 1], step, lp[2 * a + 1], fr[1], fr[3]);
        }
#pragma unroll
        for (int i = 0; i < MT; ++i) {
          const uint32_t b0 = h ? xall[p][i].z : xall[p][i].x, b1 = h ? xall[p][i].w : xall[p][i].y;
          mma_bf16_16816(F::kFold ? part[i][a] : acc[i][a], fr, b0, b1);
        }
      }
      if constexpr (F::kFold) {
        constexpr uint32_t kOnes[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};
#pragma unroll
        for (int i = 0; i < MT; ++i)
          mma_bf16_16816(xsum[i], kOnes, h ? xall[p][i].z : xall[p][i].x, h ? xall[p][i].w : xall[p][i].y);
      }
    }
  }
  if constexpr (F::kFold) {
#pragma unroll
    for (int a = 0; a < JT; ++a) {
      const float s0 = __bfloat162float(fs[2 * a]), s1 = __bfloat162float(fs[2 * a + 1]);
      const float z0 = __bfloat162float(fz[2 * a]) - 136.0f * s0, z1 = __bfloat162float(fz[2 * a + 1]) - 136.0f * s1;
#pragma unroll
      for (int i = 0; i < MT; ++i) {
        acc[i][a][0] += s0 * part[i][a][0] + z0 * xsum[i][0];
        acc[i][a][1] += s0 * part[i][a][1] + z0 * xsum[i][1];
        acc[i][a][2] += s1 * part[i][a][2] + z1 * xsum[i][2];
        acc[i][a][3] += s1 * part[i][a][3] + z1 * xsum[i][3];
      }
    }
  }
}

template <class F, int NT, int MT, int W, int CPS, int S, int kMinBlocks, bool kEvictFirst>
__global__ void __launch_bounds__(W * 32, kMinBlocks)
    decode_bulk_kernel(const __nv_bfloat16* __restrict__ x, int M, int K, int N, const uint8_t* __restrict__ qdata,
                       typename F::Args fa, const float* __restrict__ row_scale,
                       const __nv_bfloat16* __restrict__ bias, __nv_bfloat16* __restrict__ out) {
  using Geo = BulkGeometry<NT, MT, W, CPS, S>;
  constexpr int JT = NT / 2;
  extern __shared__ __align__(128) uint8_t smem[];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int g = lane >> 2, t = lane & 3;
  uint8_t* ring = smem + warp * S * Geo::kStageBytes;
  float(*red)[MT * 8][NT * 8] = reinterpret_cast<float(*)[MT * 8][NT * 8]>(smem + Geo::kRingBytes);
  uint64_t* bars = reinterpret_cast<uint64_t*>(smem + Geo::kBarOffset) + warp * S;

  const int n_tiles = N / 8, tiles = (n_tiles + NT - 1) / NT;
  const int KC = K / F::kChunkK;
  const int slice = (KC + W - 1) / W;  // chunks of K per warp
  const int k_begin = min(KC, warp * slice), k_end = min(KC, k_begin + slice);
  // Stages per tile: every chunk of the slice once; a warp whose slice is empty (K / chunk < W)
  // walks one empty stage per tile so that it still joins every tile's reduction.
  const int per_tile = max(1, (k_end - k_begin + CPS - 1) / CPS);
  const int my_tiles = blockIdx.x < tiles ? (tiles - 1 - blockIdx.x) / gridDim.x + 1 : 0;
  const int stages = my_tiles * per_tile;

  if (lane == 0) {
    for (int s = 0; s < S; ++s) mbar_init(&bars[s], 1);
    asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
  }
  __syncwarp();
  const uint64_t pol = kEvictFirst ? l2_evict_first_policy() : 0;

  // Stage i of this warp: tile blockIdx.x + (i / per_tile) * gridDim.x, chunks
  // [k_begin + (i % per_tile) * CPS, +nch) of K (nch = 0 only for an empty slice: such a warp
  // never issues nor waits, so every other warp's barriers complete once per stage, in order).
  auto stage_tile = [&](int i) { return blockIdx.x + (i / per_tile) * gridDim.x; };
  auto stage_c0 = [&](int i) { return k_begin + (i % per_tile) * CPS; };
  auto stage_nch = [&](int i) { return max(0, min(CPS, k_end - stage_c0(i))); };
  auto issue = [&](int i) {
    const int nch = stage_nch(i);
    if (lane != 0 || i >= stages || nch == 0) return;
    uint8_t* dst = ring + (i % S) * Geo::kStageBytes;
    const int nt0 = stage_tile(i) * NT, c0 = stage_c0(i);
    const uint32_t run = static_cast<uint32_t>(nch) * 512;
    mbar_expect_tx(&bars[i % S], run * NT);
#pragma unroll
    for (int j = 0; j < NT; ++j) {
      const int nt = min(nt0 + j, n_tiles - 1);  // a clamped n-tile computes columns never written
      bulk_copy<kEvictFirst>(dst + j * CPS * 512, qdata + (static_cast<size_t>(nt) * KC + c0) * 512, run,
                             &bars[i % S], pol);
    }
  };
  for (int i = 0; i < S; ++i) issue(i);

  ThreadCtx<F, NT, MT> tc;
  tc.fa = fa;
  tc.K = K;
  tc.N = N;
  tc.M = M;
  tc.t = t;
#pragma unroll
  for (int i = 0; i < MT; ++i) tc.xp[i] = x + static_cast<size_t>(min(i * 8 + g, M - 1)) * K + t * F::kElemsPerLane;

  float acc[MT][JT][4];
  zero_frags<MT, JT>(acc);
  // fold: (scale, zero) cursors of the tile whose parameters were loaded last (one stage ahead).
  typename F::FoldColOrVoid fold[NT];
  BulkFold<F, NT, CPS> cur, nxt;
  auto fold_tile = [&](int tile) {
    if constexpr (F::kFold) {
#pragma unroll
      for (int j = 0; j < NT; ++j) fold[j] = F::fold_col(fa, min(tile * NT + j, n_tiles - 1) * 8 + g, N);
    }
  };
  if (stages > 0) {
    fold_tile(stage_tile(0));
    bulk_load_fold<F, NT, CPS>(cur, fold, stage_c0(0), stage_nch(0));
  }

  for (int i = 0; i < stages; ++i) {
    const int nch = stage_nch(i), c0 = stage_c0(i), sub = i % per_tile;
    if (sub == 0) {
#pragma unroll
      for (int j = 0; j < NT; ++j) tc.n_lane[j] = min(stage_tile(i) * NT + j, n_tiles - 1) * 8 + g;
    }
    // (scale, zero) of the next stage go out before this stage's wait.
    if (i + 1 < stages) {
      if (sub + 1 == per_tile) fold_tile(stage_tile(i + 1));
      bulk_load_fold<F, NT, CPS>(nxt, fold, stage_c0(i + 1), stage_nch(i + 1));
    }
    if (nch > 0) {
      mbar_wait(&bars[i % S], (i / S) & 1);
      const uint8_t* st = ring + (i % S) * Geo::kStageBytes;
#pragma unroll
      for (int q = 0; q < CPS; ++q) {
        if (q < nch) bulk_chunk<F, NT, MT>(acc, st + q * 512, CPS * 512, tc, c0 + q, cur.s[q], cur.z[q]);
      }
      __syncwarp();
      if (lane == 0) asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
      issue(i + S);
    }
    cur = nxt;
    if (sub + 1 == per_tile) {  // tile done: add the W partial sums in a fixed order
#pragma unroll
      for (int r = 0; r < MT; ++r)
#pragma unroll
        for (int a = 0; a < JT; ++a) {
          red[warp][r * 8 + 2 * t][a * 16 + g] = acc[r][a][0];
          red[warp][r * 8 + 2 * t + 1][a * 16 + g] = acc[r][a][1];
          red[warp][r * 8 + 2 * t][a * 16 + 8 + g] = acc[r][a][2];
          red[warp][r * 8 + 2 * t + 1][a * 16 + 8 + g] = acc[r][a][3];
        }
      zero_frags<MT, JT>(acc);
      __syncthreads();
      const int rows = min(M, MT * 8), nbase = stage_tile(i) * NT * 8;
      for (int e = threadIdx.x; e < rows * NT * 8; e += W * 32) {
        const int r = e / (NT * 8), col = e % (NT * 8), n = nbase + col;
        if (n >= N) continue;
        float s = 0.f;
#pragma unroll
        for (int w = 0; w < W; ++w) s += red[w][r][col];
        s *= F::col_scale(fa, n);
        if (row_scale != nullptr) s *= row_scale[r];
        if (bias != nullptr) s += __bfloat162float(bias[n]);
        out[static_cast<size_t>(r) * N + n] = __float2bfloat16_rn(s);
      }
      __syncthreads();
    }
  }
}

// blocks_per_sm = 0: one block per output tile; otherwise a persistent grid of at most
// blocks_per_sm blocks per SM. Returns the CUDA launch status.
template <class F, int NT, int MT, int W, int CPS, int S, int kMinBlocks, bool kEvictFirst = false>
cudaError_t launch_decode_bulk(const __nv_bfloat16* x, int M, int K, int N, const uint8_t* q, typename F::Args fa,
                               const float* row_scale, const __nv_bfloat16* bias, __nv_bfloat16* out,
                               int blocks_per_sm, int sms, cudaStream_t stream) {
  using Geo = BulkGeometry<NT, MT, W, CPS, S>;
  auto* kernel = decode_bulk_kernel<F, NT, MT, W, CPS, S, kMinBlocks, kEvictFirst>;
  static const cudaError_t attr =
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, Geo::kSmemBytes);
  if (attr != cudaSuccess) return attr;
  const int tiles = (N / 8 + NT - 1) / NT;
  int grid = tiles;
  if (blocks_per_sm > 0 && tiles > sms * blocks_per_sm) {
    const int per_block = (tiles + sms * blocks_per_sm - 1) / (sms * blocks_per_sm);
    grid = (tiles + per_block - 1) / per_block;  // equal tile counts, fewest blocks
  }
  kernel<<<grid, W * 32, Geo::kSmemBytes, stream>>>(x, M, K, N, q, fa, row_scale, bias, out);
  return cudaGetLastError();
}

}  // namespace qf
