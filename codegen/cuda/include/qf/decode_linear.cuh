// Weight-streaming linear for small M (decode): out[M, N] = x[M, K] . W^T (+ bias), W in a
// qf tile layout (weight_formats.cuh). The weight is read once, 512 contiguous bytes per warp
// load, software-pipelined: the next U chunks of a warp are in flight while the current U are
// computed. It is dequantized in registers straight into mma.m16n8k16 B fragments. x (bf16, a few KB to a few hundred KB)
// is re-read from L1/L2 by every warp.
//
// Operands are swapped (y^T = W . x^T): the dequantized weight is the mma A operand (16
// output channels = two 8-row n-tiles), the activations are B (8 tokens). Dequantized values
// are computed straight into A's registers and x's 16-byte loads are already B's register
// pairs, so the inner loop has no register shuffling; a decode step wastes 8 - M token
// columns instead of 16 - M rows.
//
// Work split: a block owns NT n-tiles (8 channels each, NT even) and all of K; its W warps
// take contiguous ranges of K chunks and their partial sums are added in shared memory (fixed
// order: results are deterministic). MT token tiles of 8 cover tokens 0..8*MT-1.
#pragma once
#include "cuda_common.cuh"
#include "weight_formats.cuh"

namespace qf {

// Per-thread base pointer of its lane slices for n-tile nt, and the byte step between
// consecutive chunks: the qf tile layout (512-byte warp chunks), or (8-bit formats only,
// kRowMajor) torchao's own row-major [N, K] bytes, where the same slice is
// W[8 nt + g][kc * 64 + 16 t ...] and a warp reads 8 runs of 64 bytes.
template <class F, bool kRowMajor>
__device__ __forceinline__ const uint8_t* lane_base(const uint8_t* q, int nt, int lane, int KC, int K) {
  if constexpr (kRowMajor) {
    static_assert(F::kElemsPerLane == 16, "row-major addressing is for one-byte elements");
    return q + static_cast<size_t>(nt * 8 + lane / 4) * K + (lane % 4) * 16;
  } else {
    return q + (static_cast<size_t>(nt) * KC * 32 + lane) * 16;
  }
}
template <class F, bool kRowMajor>
constexpr int kChunkStride = kRowMajor ? F::kChunkK : 512;

template <int MT, int NT>
__device__ __forceinline__ void zero_frags(float (&f)[MT][NT][4]) {
#pragma unroll
  for (int i = 0; i < MT; ++i)
#pragma unroll
    for (int j = 0; j < NT; ++j)
#pragma unroll
      for (int r = 0; r < 4; ++r) f[i][j][r] = 0.f;
}

template <int U, int NT>
__device__ __forceinline__ void load_chunks(uint4 (&wv)[U][NT], const uint8_t* const (&wp)[NT], int stride,
                                            int c, int c_end) {
#pragma unroll
  for (int u = 0; u < U; ++u)
#pragma unroll
    for (int j = 0; j < NT; ++j)
      wv[u][j] = c + u < c_end ? ld_stream_16(wp[j] + static_cast<size_t>(c + u) * stride) : make_uint4(0, 0, 0, 0);
}

// Activation B fragments for two mma steps (8 k values of token i*8+g per tile): pointers are
// null for tokens >= M, and tiles with no valid token are skipped warp-uniformly.
template <int MT>
__device__ __forceinline__ void load_x(uint4 (&xb)[MT], const __nv_bfloat16* const (&xp)[MT], int M, int k) {
#pragma unroll
  for (int i = 0; i < MT; ++i) {
    xb[i] = make_uint4(0, 0, 0, 0);
    if (i * 8 < M && xp[i] != nullptr) xb[i] = ld_cached_16(xp[i] + k);
  }
}

template <class F, int NT, int MT>
struct ThreadCtx {
  const __nv_bfloat16* xp[MT];  // token i*8+g at this lane's k offset, or null
  typename F::Args fa;
  int n_lane[NT];  // weight row of this lane in n-tile j (clamped to N - 1)
  int K, N, M, t;
};

// acc[i][j]: tokens of tile i x channels of A tile j (n-tiles 2j, 2j+1).
template <class F, int NT, int MT>
__device__ __forceinline__ void compute_chunk(float (&acc)[MT][NT / 2][4], const uint4 (&wv)[NT],
                                              const ThreadCtx<F, NT, MT>& tc, int c,
                                              const typename F::FoldColOrVoid (&fold)[NT]) {
  constexpr int JT = NT / 2;
  float part[MT][JT][4], xsum[MT][4];
  if constexpr (F::kFold) {
    zero_frags<MT, JT>(part);
#pragma unroll
    for (int i = 0; i < MT; ++i)
#pragma unroll
      for (int r = 0; r < 4; ++r) xsum[i][r] = 0.f;
  }
  const int k0 = c * F::kChunkK;
  typename F::Lane lp[NT];
  if constexpr (!F::kFold) {
#pragma unroll
    for (int j = 0; j < NT; ++j) lp[j] = F::load_lane(tc.fa, tc.n_lane[j], k0 + tc.t * F::kElemsPerLane, tc.K, tc.N);
  }
#pragma unroll
  for (int p = 0; p < F::kSteps / 2; ++p) {
    uint4 xb[MT];
    load_x<MT>(xb, tc.xp, tc.M, k0 + 8 * p);
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int step = 2 * p + h;
#pragma unroll
      for (int j = 0; j < JT; ++j) {
        uint32_t a[4];
        if constexpr (F::kFold) {
          F::unpack_biased(wv[2 * j], step, a[0], a[2]);
          F::unpack_biased(wv[2 * j + 1], step, a[1], a[3]);
        } else {
          F::unpack(wv[2 * j], step, lp[2 * j], a[0], a[2]);
          F::unpack(wv[2 * j + 1], step, lp[2 * j + 1], a[1], a[3]);
        }
#pragma unroll
        for (int i = 0; i < MT; ++i) {
          const uint32_t b0 = h ? xb[i].z : xb[i].x, b1 = h ? xb[i].w : xb[i].y;
          mma_bf16_16816(F::kFold ? part[i][j] : acc[i][j], a, b0, b1);
        }
      }
      if constexpr (F::kFold) {
        constexpr uint32_t kOnes[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};
#pragma unroll
        for (int i = 0; i < MT; ++i) {
          mma_bf16_16816(xsum[i], kOnes, h ? xb[i].z : xb[i].x, h ? xb[i].w : xb[i].y);
        }
      }
    }
  }
  if constexpr (F::kFold) {
#pragma unroll
    for (int j = 0; j < JT; ++j) {
      const float2 q0 = F::fold_params(fold[2 * j], c), q1 = F::fold_params(fold[2 * j + 1], c);
#pragma unroll
      for (int i = 0; i < MT; ++i) {
        acc[i][j][0] += q0.x * part[i][j][0] + q0.y * xsum[i][0];
        acc[i][j][1] += q0.x * part[i][j][1] + q0.y * xsum[i][1];
        acc[i][j][2] += q1.x * part[i][j][2] + q1.y * xsum[i][2];
        acc[i][j][3] += q1.x * part[i][j][3] + q1.y * xsum[i][3];
      }
    }
  }
}

// row_scale (nullable): fp32 [M] factor of each output row (dynamic activation scales).
// kMinBlocks > 1 caps registers so that many blocks share an SM: a decode launch is latency
// bound, and Nsight Compute showed 25% occupancy (120 registers) as the limiter.
template <class F, int NT, int MT, int W, int U, bool kRowMajor, int kMinBlocks = 1>
__global__ void __launch_bounds__(W * 32, kMinBlocks)
    decode_linear_kernel(const __nv_bfloat16* __restrict__ x, int M, int K, int N,
                         const uint8_t* __restrict__ qdata, typename F::Args fa,
                         const float* __restrict__ row_scale, const __nv_bfloat16* __restrict__ bias,
                         __nv_bfloat16* __restrict__ out) {
  static_assert(NT % 2 == 0, "NT n-tiles pair into 16-channel A tiles");
  static_assert(W * MT * 8 * NT * 8 * 4 <= 48 * 1024, "reduction buffer exceeds 48 KB");
  constexpr int JT = NT / 2;
  __shared__ float red[W][MT * 8][NT * 8];

  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int g = lane >> 2, t = lane & 3;
  const int n_tiles = N / 8;
  const int nt0 = blockIdx.x * NT;
  const int KC = K / F::kChunkK;
  const int per_warp = (KC + W - 1) / W;
  const int c_begin = min(KC, warp * per_warp);
  const int c_end = min(KC, c_begin + per_warp);

  // Everything address-like is computed once here; the chunk loop only adds offsets.
  ThreadCtx<F, NT, MT> tc;
  tc.fa = fa;
  tc.K = K;
  tc.N = N;
  tc.M = M;
  tc.t = t;
#pragma unroll
  for (int i = 0; i < MT; ++i) {
    const int r = i * 8 + g;
    tc.xp[i] = r < M ? x + static_cast<size_t>(r) * K + t * F::kElemsPerLane : nullptr;
  }
  const uint8_t* wp[NT];
  typename F::FoldColOrVoid fold[NT];
#pragma unroll
  for (int j = 0; j < NT; ++j) {
    const int nt = min(nt0 + j, n_tiles - 1);  // a clamped tile computes columns never written
    wp[j] = lane_base<F, kRowMajor>(qdata, nt, lane, KC, K) + static_cast<size_t>(c_begin) * kChunkStride<F, kRowMajor>;
    tc.n_lane[j] = nt * 8 + g;
    if constexpr (F::kFold) fold[j] = F::fold_col(fa, nt * 8 + g, N);
  }

  float acc[MT][JT][4];
  zero_frags<MT, JT>(acc);

  // Software pipeline: the next U chunks are in flight while the current ones are computed.
  constexpr int kStride = kChunkStride<F, kRowMajor>;
  uint4 cur[U][NT], nxt[U][NT];
  load_chunks<U, NT>(cur, wp, kStride, 0, c_end - c_begin);
  for (int c = c_begin; c < c_end; c += U) {
    load_chunks<U, NT>(nxt, wp, kStride, c + U - c_begin, c_end - c_begin);
#pragma unroll
    for (int u = 0; u < U; ++u) {
      if (c + u < c_end) compute_chunk<F, NT, MT>(acc, cur[u], tc, c + u, fold);
    }
#pragma unroll
    for (int u = 0; u < U; ++u)
#pragma unroll
      for (int j = 0; j < NT; ++j) cur[u][j] = nxt[u][j];
  }

#pragma unroll
  for (int i = 0; i < MT; ++i)
#pragma unroll
    for (int j = 0; j < JT; ++j) {
      red[warp][i * 8 + 2 * t][j * 16 + g] = acc[i][j][0];
      red[warp][i * 8 + 2 * t + 1][j * 16 + g] = acc[i][j][1];
      red[warp][i * 8 + 2 * t][j * 16 + 8 + g] = acc[i][j][2];
      red[warp][i * 8 + 2 * t + 1][j * 16 + 8 + g] = acc[i][j][3];
    }
  __syncthreads();

  const int rows = min(M, MT * 8);
  for (int e = threadIdx.x; e < rows * NT * 8; e += W * 32) {
    const int r = e / (NT * 8), col = e % (NT * 8);
    const int n = nt0 * 8 + col;
    if (n >= N) continue;
    float s = 0.f;
#pragma unroll
    for (int w = 0; w < W; ++w) s += red[w][r][col];
    s *= F::col_scale(fa, n);
    if (row_scale != nullptr) s *= row_scale[r];
    if (bias != nullptr) s += __bfloat162float(bias[n]);
    out[static_cast<size_t>(r) * N + n] = __float2bfloat16_rn(s);
  }
}

// Host-side launch of one configuration. Returns the CUDA launch status.
template <class F, int NT, int MT, int W, int U, bool kRowMajor = false, int kMinBlocks = 1>
cudaError_t launch_decode_linear(const __nv_bfloat16* x, int M, int K, int N, const uint8_t* q,
                                 typename F::Args fa, const float* row_scale,
                                 const __nv_bfloat16* bias, __nv_bfloat16* out, cudaStream_t stream) {
  const int blocks = (N / 8 + NT - 1) / NT;
  decode_linear_kernel<F, NT, MT, W, U, kRowMajor, kMinBlocks>
      <<<blocks, W * 32, 0, stream>>>(x, M, K, N, q, fa, row_scale, bias, out);
  return cudaGetLastError();
}

}  // namespace qf
