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

__device__ __forceinline__ void cp_async_16(void* dst, const void* src) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(smem_addr(dst)), "l"(src) : "memory");
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

// Stage layout (bytes; every part 16-byte aligned, sizes depend on M at run time):
//   [weights: NT runs of CPS * 512][x: xrows rows of kXStride][(scale, zero) of each chunk: kPBytes]
// x rows are padded by 16 bytes (fewer bank conflicts between token rows); only the M rows that
// exist are copied. (scale, zero) of chunk q: NT * 8 channels, either interleaved (s, z) pairs
// (tinygemm) or all scales then all zeros (plain), as in global memory.
template <class F, int NT, int MT, int W, int CPS, int S>
struct BulkGeometry {
  static constexpr int kWBytes = NT * CPS * 512;
  static constexpr int kXStride = CPS * F::kChunkK * 2 + 16;
  static constexpr int kPChunk = F::kFold ? NT * 8 * 2 * 2 : 0;
  static constexpr int kPBytes = CPS * kPChunk;
  static constexpr int kRedBytes = W * MT * 8 * NT * 8 * 4;
  __host__ __device__ static constexpr int stage_bytes(int xrows) {
    return (kWBytes + xrows * kXStride + kPBytes + 15) / 16 * 16;
  }
  __host__ __device__ static constexpr int smem_bytes(int xrows) {
    return W * S * stage_bytes(xrows) + kRedBytes + W * S * 8;
  }
};

// Where a tile's (scale, zero) live (kFold): first channel's pointers, channel stride and
// group stride in elements, taken from the policy's own fold_col cursors.
struct FoldRows {
  const __nv_bfloat16* s;
  const __nv_bfloat16* z;
  int ch_stride, group_stride;
  bool interleaved;
};

template <class F>
__device__ __forceinline__ FoldRows fold_rows(const typename F::Args& fa, int n0, int N) {
  if constexpr (F::kFold) {
    const auto a = F::fold_col(fa, n0, N), b = F::fold_col(fa, n0 + 1, N);
    const int cs = static_cast<int>(b.s - a.s);
    return FoldRows{a.s, a.z, cs, a.group_stride, cs == 2 && a.z == a.s + 1};
  } else {
    return FoldRows{nullptr, nullptr, 0, 0, false};
  }
}

// One chunk from a landed stage: acc[i][a] += tokens of tile i x the 16 channels of A tile a.
template <class F, int NT, int MT, int CPS>
__device__ __forceinline__ void bulk_chunk(float (&acc)[MT][NT / 2][4], const uint8_t* stage, int q, int xrows,
                                           bool interleaved, const ThreadCtx<F, NT, MT>& tc, int c) {
  using Geo = BulkGeometry<F, NT, MT, 1, CPS, 1>;
  constexpr int JT = NT / 2;
  const int lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
  uint4 wv[NT];
#pragma unroll
  for (int j = 0; j < NT; ++j)
    wv[j] = *reinterpret_cast<const uint4*>(stage + j * CPS * 512 + q * 512 + lane * 16);
  const uint8_t* xs = stage + Geo::kWBytes + (q * F::kChunkK + t * F::kElemsPerLane) * 2;
  uint4 xall[F::kSteps / 2][MT];
#pragma unroll
  for (int i = 0; i < MT; ++i) {
    const int r = i * 8 + g;
    const uint8_t* xr = xs + min(r, xrows - 1) * Geo::kXStride;
#pragma unroll
    for (int p = 0; p < F::kSteps / 2; ++p) {
      xall[p][i] = *reinterpret_cast<const uint4*>(xr + 16 * p);
      if (r >= xrows) xall[p][i] = make_uint4(0, 0, 0, 0);
    }
  }
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
  const int k0 = c * F::kChunkK;
  typename F::Lane lp[NT];
  if constexpr (!F::kFold) {
#pragma unroll
    for (int j = 0; j < NT; ++j) lp[j] = F::load_lane(tc.fa, tc.n_lane[j], k0 + t * F::kElemsPerLane, tc.K, tc.N);
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
    const auto* pz = reinterpret_cast<const __nv_bfloat16*>(stage + Geo::kWBytes + xrows * Geo::kXStride +
                                                           q * Geo::kPChunk);
#pragma unroll
    for (int a = 0; a < JT; ++a) {
      float s2[2], z2[2];
#pragma unroll
      for (int e = 0; e < 2; ++e) {
        const int n = (2 * a + e) * 8 + g;  // channel within the tile
        s2[e] = __bfloat162float(interleaved ? pz[2 * n] : pz[n]);
        z2[e] = __bfloat162float(interleaved ? pz[2 * n + 1] : pz[NT * 8 + n]) - 136.0f * s2[e];
      }
#pragma unroll
      for (int i = 0; i < MT; ++i) {
        acc[i][a][0] += s2[0] * part[i][a][0] + z2[0] * xsum[i][0];
        acc[i][a][1] += s2[0] * part[i][a][1] + z2[0] * xsum[i][1];
        acc[i][a][2] += s2[1] * part[i][a][2] + z2[1] * xsum[i][2];
        acc[i][a][3] += s2[1] * part[i][a][3] + z2[1] * xsum[i][3];
      }
    }
  }
}

// kLdgsts (v9): the same stages filled by per-lane 16-byte cp.async (LDGSTS) instead of the
// copy engine (v7/v7b moved ~9 GB/s per SM whatever the configuration: NOTES.md), completion by
// cp.async.wait_group; a lane's weight slices are read back by that lane only.
template <class F, int NT, int MT, int W, int CPS, int S, int kMinBlocks, bool kEvictFirst, bool kLdgsts = false>
__global__ void __launch_bounds__(W * 32, kMinBlocks)
    decode_bulk_kernel(const __nv_bfloat16* __restrict__ x, int M, int K, int N, const uint8_t* __restrict__ qdata,
                       typename F::Args fa, const float* __restrict__ row_scale,
                       const __nv_bfloat16* __restrict__ bias, __nv_bfloat16* __restrict__ out) {
  using Geo = BulkGeometry<F, NT, MT, W, CPS, S>;
  static_assert(kLdgsts || NT + MT * 8 + 2 * CPS <= 32, "one bulk copy per lane: NT weight runs, x rows, 2 per chunk");
  static_assert((W * 32) % (NT * 8) == 0, "each epilogue thread keeps one output column");
  static_assert(Geo::smem_bytes(MT * 8) <= 227 * 1024, "stages exceed the 227 KB of shared memory a block may use");
  constexpr int JT = NT / 2;
  extern __shared__ __align__(128) uint8_t smem[];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int g = lane >> 2, t = lane & 3;
  const int xrows = min(M, MT * 8);
  const int stage_bytes = Geo::stage_bytes(xrows);
  uint8_t* ring = smem + warp * S * stage_bytes;
  float(*red)[MT * 8][NT * 8] = reinterpret_cast<float(*)[MT * 8][NT * 8]>(smem + W * S * stage_bytes);
  uint64_t* bars = reinterpret_cast<uint64_t*>(smem + W * S * stage_bytes + Geo::kRedBytes) + warp * S;

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
  // Lane 0 announces the stage's bytes, then lane j issues copy j: weight runs (j < NT), x rows
  // (NT <= j < NT + xrows), (scale, zero) rows of chunk (j - NT - xrows) / 2.
  auto issue_ldgsts = [&](int i) {
    const int nch = stage_nch(i);
    if (i >= stages || nch == 0) return;
    uint8_t* dst = ring + (i % S) * stage_bytes;
    const int nt0 = stage_tile(i) * NT, c0 = stage_c0(i);
#pragma unroll
    for (int j = 0; j < NT; ++j) {
      const int nt = min(nt0 + j, n_tiles - 1);
#pragma unroll
      for (int q = 0; q < CPS; ++q)
        if (q < nch)
          cp_async_16(dst + j * CPS * 512 + q * 512 + lane * 16,
                      qdata + ((static_cast<size_t>(nt) * KC + c0 + q) * 32 + lane) * 16);
    }
    const int xvec = nch * F::kChunkK / 8;  // 16-byte pieces per x row
    for (int e = lane; e < xrows * xvec; e += 32) {
      const int r = e / xvec, v = e % xvec;
      cp_async_16(dst + Geo::kWBytes + r * Geo::kXStride + v * 16, x + static_cast<size_t>(r) * K + c0 * F::kChunkK + v * 8);
    }
    if constexpr (F::kFold) {
      const FoldRows fr = fold_rows<F>(fa, nt0 * 8, N);
      const int nvalid = min(NT * 8, N - nt0 * 8);
      const int pvec = nvalid * fr.ch_stride * 2 / 16, parts = fr.interleaved ? 1 : 2;
      for (int e = lane; e < nch * parts * pvec; e += 32) {
        const int q = e / (parts * pvec), which = (e / pvec) % parts, v = e % pvec;
        const int grp = (c0 + q) / (F::kGroup / 128);
        const __nv_bfloat16* src = (which ? fr.z : fr.s) + static_cast<size_t>(grp) * fr.group_stride + v * 8;
        cp_async_16(dst + Geo::kWBytes + xrows * Geo::kXStride + q * Geo::kPChunk + which * NT * 8 * 2 + v * 16, src);
      }
    }
  };
  auto issue = [&](int i) {
    if constexpr (kLdgsts) {
      issue_ldgsts(i);
      asm volatile("cp.async.commit_group;\n" ::: "memory");
      return;
    }
    const int nch = stage_nch(i);
    if (i >= stages || nch == 0) return;
    uint8_t* dst = ring + (i % S) * stage_bytes;
    const int nt0 = stage_tile(i) * NT, c0 = stage_c0(i);
    const uint32_t run = static_cast<uint32_t>(nch) * 512, xrun = static_cast<uint32_t>(nch) * F::kChunkK * 2;
    const int nvalid = min(NT * 8, N - nt0 * 8);  // channels of the tile that exist
    FoldRows fr{};
    uint32_t prow = 0;
    if constexpr (F::kFold) {
      fr = fold_rows<F>(fa, nt0 * 8, N);
      prow = static_cast<uint32_t>(nvalid * fr.ch_stride * 2);
    }
    if (lane == 0) {
      uint32_t bytes = run * NT + xrun * xrows;
      if constexpr (F::kFold) bytes += prow * nch * (fr.interleaved ? 1 : 2);
      mbar_expect_tx(&bars[i % S], bytes);
    }
    __syncwarp();
    if (lane < NT) {
      const int nt = min(nt0 + lane, n_tiles - 1);  // a clamped n-tile computes columns never written
      bulk_copy<kEvictFirst>(dst + lane * CPS * 512, qdata + (static_cast<size_t>(nt) * KC + c0) * 512, run,
                             &bars[i % S], pol);
    } else if (lane < NT + xrows) {
      const int r = lane - NT;
      bulk_copy<false>(dst + Geo::kWBytes + r * Geo::kXStride, x + static_cast<size_t>(r) * K + c0 * F::kChunkK,
                       xrun, &bars[i % S], 0);
    } else if constexpr (F::kFold) {
      const int e = lane - NT - xrows, q = e / 2, which = e % 2;
      if (q < nch && !(fr.interleaved && which == 1)) {
        const int grp = (c0 + q) / (F::kGroup / 128);
        const __nv_bfloat16* src = (which ? fr.z : fr.s) + static_cast<size_t>(grp) * fr.group_stride;
        uint8_t* pd = dst + Geo::kWBytes + xrows * Geo::kXStride + q * Geo::kPChunk + which * NT * 8 * 2;
        bulk_copy<false>(pd, src, prow, &bars[i % S], 0);
      }
    }
  };
  for (int i = 0; i < S; ++i) issue(i);

  ThreadCtx<F, NT, MT> tc;
  tc.fa = fa;
  tc.K = K;
  tc.N = N;
  tc.M = M;
  tc.t = t;
  const bool interleaved = F::kFold ? fold_rows<F>(fa, 0, N).interleaved : false;

  float acc[MT][JT][4];
  zero_frags<MT, JT>(acc);
  // Epilogue column of this thread (the same in every row: W * 32 is a multiple of NT * 8); its
  // output scale and bias are read when a tile starts, so their latency hides behind the stages.
  const int my_col = threadIdx.x % (NT * 8);
  float col_scale = 1.f, col_bias = 0.f;
  for (int i = 0; i < stages; ++i) {
    const int nch = stage_nch(i), c0 = stage_c0(i), sub = i % per_tile;
    if (sub == 0) {
#pragma unroll
      for (int j = 0; j < NT; ++j) tc.n_lane[j] = min(stage_tile(i) * NT + j, n_tiles - 1) * 8 + g;
      const int n = stage_tile(i) * NT * 8 + my_col;
      if (n < N) {
        col_scale = F::col_scale(fa, n);
        col_bias = bias != nullptr ? __bfloat162float(bias[n]) : 0.f;
      }
    }
    if constexpr (kLdgsts) {
      asm volatile("cp.async.wait_group %0;\n" ::"n"(S - 1) : "memory");
      __syncwarp();  // x and (scale, zero) pieces were copied by other lanes
    }
    if (nch > 0) {
      if constexpr (!kLdgsts) mbar_wait(&bars[i % S], (i / S) & 1);
      const uint8_t* st = ring + (i % S) * stage_bytes;
#pragma unroll
      for (int q = 0; q < CPS; ++q) {
        if (q < nch) bulk_chunk<F, NT, MT, CPS>(acc, st, q, xrows, interleaved, tc, c0 + q);
      }
      // All lanes' reads of the stage are done (their values fed the mma) before the refill is
      // issued. No proxy fence: `fence.proxy.async` compiles to MEMBAR.ALL.CTA + FENCE.VIEW.ASYNC,
      // suspected (v7b, round 2) of waiting for the warp's in-flight bulk copies every stage.
      __syncwarp();
      if constexpr (!kLdgsts) issue(i + S);
    }
    if constexpr (kLdgsts) issue(i + S);  // commits a group every stage, empty or not
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
      const int nbase = stage_tile(i) * NT * 8;
      for (int e = threadIdx.x; e < xrows * NT * 8; e += W * 32) {
        const int r = e / (NT * 8), col = e % (NT * 8), n = nbase + col;
        if (n >= N) continue;
        float s = 0.f;
#pragma unroll
        for (int w = 0; w < W; ++w) s += red[w][r][col];
        s *= col_scale;
        if (row_scale != nullptr) s *= row_scale[r];
        out[static_cast<size_t>(r) * N + n] = __float2bfloat16_rn(s + col_bias);
      }
      __syncthreads();
    }
  }
}

// blocks_per_sm = 0: one block per output tile; otherwise a persistent grid of at most
// blocks_per_sm blocks per SM. Returns the CUDA launch status.
template <class F, int NT, int MT, int W, int CPS, int S, int kMinBlocks, bool kEvictFirst = false,
          bool kLdgsts = false>
cudaError_t launch_decode_bulk(const __nv_bfloat16* x, int M, int K, int N, const uint8_t* q, typename F::Args fa,
                               const float* row_scale, const __nv_bfloat16* bias, __nv_bfloat16* out,
                               int blocks_per_sm, int sms, cudaStream_t stream) {
  using Geo = BulkGeometry<F, NT, MT, W, CPS, S>;
  auto* kernel = decode_bulk_kernel<F, NT, MT, W, CPS, S, kMinBlocks, kEvictFirst, kLdgsts>;
  static const cudaError_t attr =
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, Geo::smem_bytes(MT * 8));
  if (attr != cudaSuccess) return attr;
  const int tiles = (N / 8 + NT - 1) / NT;
  int grid = tiles;
  if (blocks_per_sm > 0 && tiles > sms * blocks_per_sm) {
    const int per_block = (tiles + sms * blocks_per_sm - 1) / (sms * blocks_per_sm);
    grid = (tiles + per_block - 1) / per_block;  // equal tile counts, fewest blocks
  }
  const int rows = M < MT * 8 ? M : MT * 8;
  kernel<<<grid, W * 32, Geo::smem_bytes(rows), stream>>>(x, M, K, N, q, fa, row_scale, bias, out);
  return cudaGetLastError();
}

}  // namespace qf
