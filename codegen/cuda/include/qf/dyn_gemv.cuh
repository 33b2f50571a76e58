// Small-M (M <= 16) linear of a dynamic-activation format: the already quantized activation
// (int8 or e4m3, [M, K], a few KB) against torchao's own row-major 8-bit weight [N, K], which
// is streamed from DRAM exactly once with 8-bit tensor-core mma (m16n8k32: s8 x s8 -> s32
// exact, or e4m3 x e4m3 -> f32), no decode to bf16 on the way. The epilogue (Epi) applies the
// format's scales in torchao's order of float operations.
//
// Operands are swapped as in decode_linear.cuh: W is the mma A operand (16 channels), x is B
// (8 tokens per tile, MT tiles). A chunk is 64 k; lane (g, t) loads the 16 bytes
// W[n0 + g][k0 + 16t ..] and W[n0 + 8 + g][k0 + 16t ..] and the 16 bytes of token g at the same
// k. Mma step s (two per chunk) feeds bytes 8s..8s+7 of those loads: A slots 4t..4t+3 and
// 16+4t..16+4t+3 hold k0 + 16t + 8s + 0..3 and + 4..7, and B rows use the same map, so the
// products pair up (a dot product does not care in which order k is visited).
//
// A block owns JT 16-channel tiles and all of K; its W warps split K into contiguous ranges and
// add their partial sums in shared memory in a fixed order (deterministic). With kPdl the
// kernel is launched with programmatic stream serialization: it issues its first weight loads,
// then waits for the grid that quantizes x (griddepcontrol.wait) before touching x.
#pragma once
#include "cuda_common.cuh"

namespace qf {

struct MmaS8 {  // int8 x int8 -> int32, exact
  using Acc = int;
  static constexpr bool kRowSum = true;
  __device__ __forceinline__ static void mma(int (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
    asm volatile(
        "mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
  }
};

struct MmaE4M3 {  // e4m3 x e4m3 -> fp32 (sm_89+)
  using Acc = float;
  static constexpr bool kRowSum = false;
  __device__ __forceinline__ static void mma(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
    asm volatile(
        "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
  }
};

// §3.2 epilogue of Int8DynamicActivationInt8WeightConfig, in torchao's float order (T = bf16):
//   y1 = T(fp32(acc) * sx);  asym: y1 = T(y1 - T((zx * sx) * rowsum_w));
//   y  = T(fp32(y1) * sw + bias)   (multiply then add: no fused multiply-add).
struct Int8DynEpilogue {
  static constexpr bool kBlock128 = false;
  const float* xs;       // [M] activation scales
  const int8_t* xz;      // [M] activation zero points (asym), else null
  const float* ws;       // weight scales, ws[n * ws_step]
  int ws_step;           // 1 per-row, 0 per-tensor
  const float* rowsum;   // [N] (prefill path, asym) or null: the GEMV passes its own
  const __nv_bfloat16* bias;
  __device__ __forceinline__ float bf16r_(float v) const { return __bfloat162float(__float2bfloat16_rn(v)); }
  __device__ __forceinline__ __nv_bfloat16 operator()(int acc, int m, int n, float rsum) const {
    float y1 = bf16r_(__fmul_rn(static_cast<float>(acc), xs[m]));
    if (xz != nullptr) {
      const float c = bf16r_(__fmul_rn(__fmul_rn(static_cast<float>(xz[m]), xs[m]), rsum));
      y1 = bf16r_(__fsub_rn(y1, c));
    }
    float v = __fmul_rn(y1, ws[n * ws_step]);
    if (bias != nullptr) v = __fadd_rn(v, __bfloat162float(bias[n]));
    return __float2bfloat16_rn(v);
  }
};

// Epilogues declare kBlock128: true when the kernel applies per-128-k-block scales itself
// (blockwise float8, BlockFp8Epilogue); false when the scales come after the K sum.
// _scaled_mm epilogue: y = T(acc * sa * sb + bias), one rounding.
struct Fp8DynEpilogue {
  static constexpr bool kBlock128 = false;
  const float* xs;  // [M]
  const float* ws;  // ws[n * ws_step]
  int ws_step;
  const __nv_bfloat16* bias;
  __device__ __forceinline__ __nv_bfloat16 operator()(float acc, int m, int n, float) const {
    float v = __fmul_rn(__fmul_rn(acc, xs[m]), ws[n * ws_step]);
    if (bias != nullptr) v = __fadd_rn(v, __bfloat162float(bias[n]));
    return __float2bfloat16_rn(v);
  }
};

// Blockwise float8 (1x128 activation, 128x128 weight): the kernel adds
// (dot_kb * sa[m][kb]) * sw[n/128][kb] per 128-k block; the epilogue rounds to T, then adds the
// bias in T (torchao's triton GEMM writes bf16, the bias is added after).
struct BlockFp8Epilogue {
  static constexpr bool kBlock128 = true;
  const float* xs;  // [M][K/128]
  const float* ws;  // [N/128][K/128]
  int kb_count;     // K / 128
  const __nv_bfloat16* bias;
  __device__ __forceinline__ float block_scale(int m, int n, int kb) const {
    return xs[static_cast<size_t>(m) * kb_count + kb];
  }
  __device__ __forceinline__ float weight_scale(int n, int kb) const {
    return ws[static_cast<size_t>(n / 128) * kb_count + kb];
  }
  __device__ __forceinline__ __nv_bfloat16 operator()(float acc, int, int n, float) const {
    const __nv_bfloat16 y = __float2bfloat16_rn(acc);
    return bias == nullptr ? y : __float2bfloat16_rn(__fadd_rn(__bfloat162float(y), __bfloat162float(bias[n])));
  }
};

template <class P, int MT, int JT, int W, int U, bool kRowSum, bool kPdl, class Epi>
__global__ void __launch_bounds__(W * 32)
    dyn_gemv_kernel(const uint8_t* __restrict__ xq, int M, int K, int N, const uint8_t* __restrict__ w,
                    Epi epi, __nv_bfloat16* __restrict__ out) {
  using Acc = typename P::Acc;
  static_assert(!kRowSum || P::kRowSum, "row sums need the exact integer mma");
  constexpr int kCols = MT * 8 + (kRowSum ? 8 : 0);  // tokens (+ one tile of row sums)
  __shared__ Acc red[W][JT * 16][kCols];

  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int g = lane >> 2, t = lane & 3;
  constexpr bool kBlk = Epi::kBlock128;
  static_assert(!kBlk || U % 2 == 0, "blockwise scaling folds chunk pairs (128 k)");
  const int KC = K / 64;
  const int per_warp = kBlk ? ((KC + W - 1) / W + 1) / 2 * 2 : (KC + W - 1) / W;
  const int c_begin = min(KC, warp * per_warp);
  const int c_end = min(KC, c_begin + per_warp);
  const int tile0 = blockIdx.x * JT;
  const int n_tiles = N / 16;

  const uint8_t* wp[JT][2];
#pragma unroll
  for (int j = 0; j < JT; ++j) {
    const int tile = min(tile0 + j, n_tiles - 1);  // a clamped tile computes columns never written
#pragma unroll
    for (int h = 0; h < 2; ++h) wp[j][h] = w + static_cast<size_t>(tile * 16 + h * 8 + g) * K + 16 * t;
  }
  // Tokens >= M read row M - 1 (valid memory) and are never written.
  const uint8_t* xp[MT];
#pragma unroll
  for (int i = 0; i < MT; ++i) xp[i] = xq + static_cast<size_t>(min(i * 8 + g, M - 1)) * K + 16 * t;

  Acc acc[MT][JT][4];
  Acc rs[JT][4];
#pragma unroll
  for (int j = 0; j < JT; ++j)
#pragma unroll
    for (int r = 0; r < 4; ++r) {
      rs[j][r] = 0;
#pragma unroll
      for (int i = 0; i < MT; ++i) acc[i][j][r] = 0;
    }

  uint4 cur[U][JT][2];
  auto load = [&](uint4 (&dst)[U][JT][2], int c0) {
#pragma unroll
    for (int u = 0; u < U; ++u)
#pragma unroll
      for (int j = 0; j < JT; ++j)
#pragma unroll
        for (int h = 0; h < 2; ++h)
          dst[u][j][h] = c0 + u < c_end ? ld_stream_16(wp[j][h] + static_cast<size_t>(c0 + u) * 64) : make_uint4(0, 0, 0, 0);
  };
  load(cur, c_begin);
  if constexpr (kPdl) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
  }
  for (int c = c_begin; c < c_end; c += U) {
    uint4 nxt[U][JT][2];
    load(nxt, c + U);
    uint4 xv[U][MT];
#pragma unroll
    for (int u = 0; u < U; ++u)
#pragma unroll
      for (int i = 0; i < MT; ++i)
        xv[u][i] = c + u < c_end ? ld_cached_16(xp[i] + static_cast<size_t>(c + u) * 64) : make_uint4(0, 0, 0, 0);
    Acc part[MT][JT][4];  // blockwise: the current 128-k block's sums
#pragma unroll
    for (int u = 0; u < U; ++u) {
      if constexpr (kBlk) {
        if (u % 2 == 0) {
#pragma unroll
          for (int i = 0; i < MT; ++i)
#pragma unroll
            for (int j = 0; j < JT; ++j)
#pragma unroll
              for (int r = 0; r < 4; ++r) part[i][j][r] = 0;
        }
      }
#pragma unroll
      for (int s = 0; s < 2; ++s) {
#pragma unroll
        for (int j = 0; j < JT; ++j) {
          const uint4& lo = cur[u][j][0];
          const uint4& hi = cur[u][j][1];
          const uint32_t a[4] = {s ? lo.z : lo.x, s ? hi.z : hi.x, s ? lo.w : lo.y, s ? hi.w : hi.y};
#pragma unroll
          for (int i = 0; i < MT; ++i) {
            const uint4& xb = xv[u][i];
            P::mma(kBlk ? part[i][j] : acc[i][j], a, s ? xb.z : xb.x, s ? xb.w : xb.y);
          }
          if constexpr (kRowSum) P::mma(rs[j], a, 0x01010101u, 0x01010101u);
        }
      }
      if constexpr (kBlk) {
        if (u % 2 == 1 && c + u < c_end) {  // fold block kb: acc += (part * sa[m][kb]) * sw[n/128][kb]
          const int kb = (c + u) / 2;
#pragma unroll
          for (int j = 0; j < JT; ++j) {
            const float sw = epi.weight_scale(min(tile0 + j, n_tiles - 1) * 16, kb);
#pragma unroll
            for (int i = 0; i < MT; ++i) {
              const float sa0 = epi.block_scale(min(i * 8 + 2 * t, M - 1), 0, kb);
              const float sa1 = epi.block_scale(min(i * 8 + 2 * t + 1, M - 1), 0, kb);
              acc[i][j][0] = __fadd_rn(acc[i][j][0], __fmul_rn(__fmul_rn(part[i][j][0], sa0), sw));
              acc[i][j][1] = __fadd_rn(acc[i][j][1], __fmul_rn(__fmul_rn(part[i][j][1], sa1), sw));
              acc[i][j][2] = __fadd_rn(acc[i][j][2], __fmul_rn(__fmul_rn(part[i][j][2], sa0), sw));
              acc[i][j][3] = __fadd_rn(acc[i][j][3], __fmul_rn(__fmul_rn(part[i][j][3], sa1), sw));
            }
          }
        }
      }
    }
#pragma unroll
    for (int u = 0; u < U; ++u)
#pragma unroll
      for (int j = 0; j < JT; ++j)
#pragma unroll
        for (int h = 0; h < 2; ++h) cur[u][j][h] = nxt[u][j][h];
  }

  // C fragment: c0, c1 = (channel g, tokens 2t, 2t+1), c2, c3 = (channel g + 8, same tokens).
#pragma unroll
  for (int j = 0; j < JT; ++j) {
#pragma unroll
    for (int i = 0; i < MT; ++i) {
      red[warp][j * 16 + g][i * 8 + 2 * t] = acc[i][j][0];
      red[warp][j * 16 + g][i * 8 + 2 * t + 1] = acc[i][j][1];
      red[warp][j * 16 + 8 + g][i * 8 + 2 * t] = acc[i][j][2];
      red[warp][j * 16 + 8 + g][i * 8 + 2 * t + 1] = acc[i][j][3];
    }
    if constexpr (kRowSum) {
      if (t == 0) {
        red[warp][j * 16 + g][MT * 8] = rs[j][0];
        red[warp][j * 16 + 8 + g][MT * 8] = rs[j][2];
      }
    }
  }
  __syncthreads();
  const int rows = min(M, MT * 8);
  for (int e = threadIdx.x; e < rows * JT * 16; e += W * 32) {
    const int m = e / (JT * 16), col = e % (JT * 16);
    const int n = tile0 * 16 + col;
    if (n >= N) continue;
    Acc s = 0, rsum = 0;
#pragma unroll
    for (int ww = 0; ww < W; ++ww) {
      s += red[ww][col][m];
      if constexpr (kRowSum) rsum += red[ww][col][MT * 8];
    }
    out[static_cast<size_t>(m) * N + n] = epi(s, m, n, static_cast<float>(rsum));
  }
}

// Launches one configuration; with kPdl the launch may overlap the preceding kernel on the
// stream (which must be the activation quantization, calling griddepcontrol.launch_dependents).
template <class P, int MT, int JT, int W, int U, bool kRowSum, bool kPdl, class Epi>
cudaError_t launch_dyn_gemv(const uint8_t* xq, int M, int K, int N, const uint8_t* w, const Epi& epi,
                            __nv_bfloat16* out, cudaStream_t s) {
  cudaLaunchConfig_t cfg{};
  cfg.gridDim = dim3(static_cast<unsigned>((N / 16 + JT - 1) / JT));
  cfg.blockDim = dim3(W * 32);
  cfg.stream = s;
  cudaLaunchAttribute attr[1];
  attr[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
  attr[0].val.programmaticStreamSerializationAllowed = 1;
  cfg.attrs = attr;
  cfg.numAttrs = kPdl ? 1 : 0;
  return cudaLaunchKernelEx(&cfg, dyn_gemv_kernel<P, MT, JT, W, U, kRowSum, kPdl, Epi>, xq, M, K, N, w, epi, out);
}

}  // namespace qf

namespace qf {

// The measured GEMV variants: 0 = one 16-channel tile per block, 8 warps split K; 1 = two tiles
// per block (half the activation re-reads, M up to 16); 2 = four tiles, 4 warps. MT (token
// tiles of 8) follows M. Returns the launch status.
template <class P, bool kRowSum, class Epi>
cudaError_t launch_dyn_gemv_variant(int variant, const uint8_t* xq, int M, int K, int N, const uint8_t* w, const Epi& epi,
                                    __nv_bfloat16* out, cudaStream_t s) {
  const bool one = M <= 8;
  switch (variant) {
    case 1:
      return one ? launch_dyn_gemv<P, 1, 2, 8, 4, kRowSum, true>(xq, M, K, N, w, epi, out, s)
                 : launch_dyn_gemv<P, 2, 2, 8, 4, kRowSum, true>(xq, M, K, N, w, epi, out, s);
    case 2:
      return one ? launch_dyn_gemv<P, 1, 4, 4, 4, kRowSum, true>(xq, M, K, N, w, epi, out, s)
                 : launch_dyn_gemv<P, 2, 4, 4, 4, kRowSum, true>(xq, M, K, N, w, epi, out, s);
    default:
      return one ? launch_dyn_gemv<P, 1, 1, 8, 4, kRowSum, true>(xq, M, K, N, w, epi, out, s)
                 : launch_dyn_gemv<P, 2, 1, 8, 4, kRowSum, true>(xq, M, K, N, w, epi, out, s);
  }
}

}  // namespace qf
