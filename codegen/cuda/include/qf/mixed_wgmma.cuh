// Mixed-input GEMM on Hopper tensor cores for M = 17..256 tokens (issue #7, "every batch size"):
// out[M, N] = x[M, K] . W^T (+ bias), W in the qf tile layout (weight_formats.cuh), streamed once
// from global memory straight into registers, dequantized there by the format policy and fed to
// wgmma as its register A operand; x is the B operand, in shared memory.
//
// Roles (wgmma M = 64 weight channels, N = T tokens, K = 16 per instruction):
//  * consumer warpgroup i of WG owns channels ch0 + 64 i .. + 63. Warp w of it holds rows 16w ..
//    16w + 15 = n-tiles 2w, 2w + 1 of its 64 channels, and its lanes' 16-byte qf tile loads plus
//    F::unpack produce exactly the mma.m16n8k16 A fragments (decode_stream.cuh), which is also the
//    wgmma register-A layout (wgmma_rs.cuh). A ring of U chunks of loads per warp stays in flight;
//    chunk c is unpacked into one of two A register sets while chunk c - 1's wgmmas run.
//  * one producer warp (the last) streams the CTA's token tile of x, one chunk of K per stage, into
//    an S-stage shared-memory ring with TMA (128-byte swizzle, rows past M zero-filled).
//
// The weight is dequantized with F::unpack, the formula the prefill's dequantize (dequant.cuh) uses,
// so the tensor cores see the same bf16 weights as the prefill path (int4: torchao's bf16 (u - 8) *
// s + z, no fold of the affine map); only the fp32 summation order differs. The epilogue is
// decode_stream's: fp32 sum * F::col_scale (* row_scale) + bias, one rounding to bf16.
//
// k order. A lane's qf slice is E = kElemsPerLane consecutive k of one row (k = E t + e in a chunk
// of 4E), and mma step s takes e = 4s .. 4s + 3 of every lane, so the A operand's logical k index
// 2t + r0 (+8 for r1 = 1) of step s is the chunk's k = E t + 4s + 2 r1 + r0. B must use the same k
// order, and no TMA box or smem descriptor can produce it (neighbouring logical pairs come from
// k 32 apart), so x is first rewritten into it by permute_x_kernel (within every chunk of 4E:
// stored position 16 s + 8 r1 + 2 t + r0 holds k = E t + 4 s + 2 r1 + r0), a pass over M x K bf16.
//
// Grid: (token tiles, channel blocks), tokens fastest, so the CTAs of one channel block run
// together and its weight comes from DRAM once, then from L2. Needs sm_90a (elsewhere the kernel
// traps; the host side refuses other devices first).
#pragma once
#include <cuda.h>

#include "cuda_common.cuh"
#include "decode_linear.cuh"
#include "gemm8_wgmma.cuh"
#include "mbarrier.cuh"
#include "weight_formats.cuh"
#include "wgmma_rs.cuh"

namespace qf {
namespace mixm {

// Formats whose lane slice splits into the 4-element mma steps described above.
template <class F>
constexpr bool kSupported =
    F::kChunkK == 4 * F::kElemsPerLane && F::kSteps * 4 == F::kElemsPerLane && F::kElemsPerLane % 8 == 0;

// x [M, K] -> xp [M, K] in the mixed k order. One thread per (row, chunk, c < E / 8): it reads the
// four 16-byte pieces k = E t + 8c .. +7 (t = 0..3) and writes stored units 4c .. 4c + 3 (16 bytes
// each); unit 4c + m gathers word m of every piece, a 4 x 4 transpose of 32-bit pairs in registers.
template <int E>
__global__ void __launch_bounds__(256)
    permute_x_kernel(const __nv_bfloat16* __restrict__ x, int M, int K, __nv_bfloat16* __restrict__ xp) {
  asm volatile("griddepcontrol.launch_dependents;");  // the GEMM may start streaming its weight
  constexpr int kTasksPerChunk = E / 8;
  const int per_row = K / 32;  // K / (4E) chunks x E / 8 tasks
  const size_t task = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (task >= static_cast<size_t>(M) * per_row) return;
  const int row = static_cast<int>(task / per_row), r = static_cast<int>(task % per_row);
  const int kc = r / kTasksPerChunk, c = r % kTasksPerChunk;
  const size_t base = static_cast<size_t>(row) * K + static_cast<size_t>(kc) * 4 * E;
  uint32_t w[4][4];
#pragma unroll
  for (int t = 0; t < 4; ++t) {
    const uint4 v = ld_cached_16(x + base + E * t + 8 * c);
    w[t][0] = v.x;
    w[t][1] = v.y;
    w[t][2] = v.z;
    w[t][3] = v.w;
  }
#pragma unroll
  for (int m = 0; m < 4; ++m) {
    *reinterpret_cast<uint4*>(xp + base + 32 * c + 8 * m) = make_uint4(w[0][m], w[1][m], w[2][m], w[3][m]);
  }
}

// Shared-memory bytes of one x stage: T token rows x one chunk of K, as kChunkK / 64 column blocks
// of 128-byte swizzled rows (T * 128 bytes each, 1024-byte aligned since T % 8 == 0).
template <class F, int T>
constexpr int kStageBytes = T * F::kChunkK * 2;

template <class F, int WG, int T, int S>
constexpr int kSmemBytes = S * kStageBytes<F, T> + (2 * S + 1) * 8 + 1024;  // + barriers + alignment slack

// One pipeline slot of a consumer warp: a chunk's two 16-byte lane loads (n-tiles 2w, 2w + 1) and
// the per-lane scale parameters of the format.
template <class F>
struct Slot {
  uint4 w[2];
  typename F::Lane lp[2];
};

// A consumer warp's state. Chunk c uses ring slot c % U and A register set c % 2. XM = 2: the x
// stages are shared with the peer CTA of the cluster (multicast), so a stage is released to both.
// kDrain: every chunk waits for its own wgmmas (wait_group 0) instead of keeping one group in
// flight (the overlap then comes only from other warpgroups / CTAs on the SM).
template <class F, int T, int U, int XM, bool kDrain>
struct Consumer {
  static constexpr int kSteps = F::kSteps, kU = U, kStage = kStageBytes<F, T>;
  float d[T / 2];
  uint32_t a[2][kSteps][4];
  Slot<F> ring[U];
  const uint8_t* wp[2];
  int n_lane[2];
  typename F::Args fa;
  int K, N, t;
  int c_base, n_chunks;  // this CTA's K chunks: c_base .. c_base + n_chunks - 1 (local index c)
  uint32_t peer;         // XM = 2: cluster rank of the CTA sharing the x stages

  // Local chunk c into ring slot u. Chunks past the end reload the last one (an L2 hit) instead
  // of branching: a branch between wgmmas makes ptxas serialize them (C7520).
  __device__ __forceinline__ void load(int u, int c) {
    c = c_base + min(c, n_chunks - 1);
#pragma unroll
    for (int j = 0; j < 2; ++j) {
      ring[u].w[j] = ld_stream_16(wp[j] + static_cast<size_t>(c) * 512);
      ring[u].lp[j] = F::load_lane(fa, n_lane[j], c * F::kChunkK + t * F::kElemsPerLane, K, N);
    }
  }

  // Keeps the front end from moving accumulator or A-register accesses across a wgmma wait (the
  // empty asm emits nothing; ptxas tracks the registers of in-flight wgmmas itself: it reuses A
  // registers between groups and inserts the waits it needs, and reports (C7513/C7520) when it
  // has to serialize, which this loop avoids).
  __device__ __forceinline__ void pin_all() {
#pragma unroll
    for (int i = 0; i < T / 2; ++i) rs::pin(d[i]);
#pragma unroll
    for (int b = 0; b < 2; ++b)
#pragma unroll
      for (int s = 0; s < kSteps; ++s)
#pragma unroll
        for (int r = 0; r < 4; ++r) rs::pin(a[b][s][r]);
  }

  // Chunk c (c % U == u): wait for its x stage; per mma step unpack the A fragment and issue its
  // wgmma (unpacking the next step overlaps this one; ptxas accepts A registers written between
  // the wgmmas of one group, not while an older group that read them may be pending); refill the
  // slot; retire chunk c - 1 and release its x stage (`done`: empty barrier of c - 1, or a sink).
  template <int u, int S>
  __device__ __forceinline__ void chunk(int c, const uint8_t* stage, uint64_t* full, uint64_t* done) {
    uint32_t(&ab)[kSteps][4] = a[u & 1];
    qf::mbar_wait(&full[c % S], (c / S) & 1);
#pragma unroll
    for (int s = 0; s < kSteps; ++s) {
      F::unpack(ring[u].w[0], s, ring[u].lp[0], ab[s][0], ab[s][2]);
      F::unpack(ring[u].w[1], s, ring[u].lp[1], ab[s][1], ab[s][3]);
      wg::wgmma_fence();
      rs::wgmma_rs<T>(d, ab[s], wg::desc_sw128(stage + (s / 4) * T * 128 + (s % 4) * 32), 1);
    }
    wg::wgmma_commit();
    load(u, c + U);
    pin_all();
    if constexpr (kDrain) {
      wg::wgmma_wait<0>();
    } else {
      wg::wgmma_wait<1>();
    }
    pin_all();
    wg::mbar_arrive(done);
    if constexpr (XM > 1) wg::mbar_arrive_cluster(done, peer);
  }
};

// The chunk sequence of one consumer warp over the S-stage x ring: unrolled U at a time so that
// ring slots and A register sets are compile-time indices.
template <int S>
struct Chunks {
  uint8_t* smem;
  uint64_t* full;
  uint64_t* empty;
  uint64_t* sink;
  int n_chunks;

  template <int u, class C>
  __device__ __forceinline__ void one(C& cs, int c, int stage_bytes) const {
    uint64_t* done = c > 0 ? &empty[(c - 1) % S] : sink;
    cs.template chunk<u, S>(c, smem + (c % S) * stage_bytes, full, done);
  }
  template <int u, class C>
  __device__ __forceinline__ void group(C& cs, int c0) const {
    if constexpr (u < C::kU) {
      one<u>(cs, c0 + u, C::kStage);
      group<u + 1>(cs, c0);
    }
  }
  template <int u, class C>
  __device__ __forceinline__ void tail(C& cs, int c0) const {
    if constexpr (u + 1 < C::kU) {
      if (c0 + u < n_chunks) one<u>(cs, c0 + u, C::kStage);
      tail<u + 1>(cs, c0);
    }
  }
};

// The fp32 partial sums of KS CTAs that split K (a cluster along grid z) meet in CTA rank 0:
// every CTA parks its accumulators in its own (now idle) x stages as [i / 4][thread][4] floats
// (consecutive threads, consecutive 16 bytes), rank 0 adds the others' in rank order through
// distributed shared memory (deterministic), and nobody leaves before rank 0 has read.
__device__ __forceinline__ float4 ld_cluster_f4(const void* p, uint32_t rank) {
  uint32_t remote;
  asm volatile("mapa.shared::cluster.u32 %0, %1, %2;" : "=r"(remote) : "r"(wg::smem_addr(p)), "r"(rank));
  float4 v;
  asm volatile("ld.shared::cluster.v4.f32 {%0, %1, %2, %3}, [%4];"
               : "=f"(v.x), "=f"(v.y), "=f"(v.z), "=f"(v.w)
               : "r"(remote)
               : "memory");
  return v;
}

template <int KS, int T>
__device__ __forceinline__ void reduce_split_k(float (&d)[T / 2], float4* park, int tid, int nthreads) {
  const uint32_t rank = wg::cluster_rank();
  if (rank != 0) {
#pragma unroll
    for (int i = 0; i < T / 8; ++i) park[i * nthreads + tid] = make_float4(d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]);
  }
  wg::cluster_sync();  // parked sums visible cluster-wide
  if (rank == 0) {
    for (uint32_t r = 1; r < KS; ++r) {
#pragma unroll
      for (int i = 0; i < T / 8; ++i) {
        const float4 v = ld_cluster_f4(park + i * nthreads + tid, r);
        d[4 * i] += v.x;
        d[4 * i + 1] += v.y;
        d[4 * i + 2] += v.z;
        d[4 * i + 3] += v.w;
      }
    }
  }
  wg::cluster_sync();  // rank 0 has read every peer
}

// WG consumer warpgroups (64 channels each) + 1 producer warp; T tokens per CTA; U weight chunks in
// flight per warp (even); S x stages; KS CTAs (a cluster along grid z) split K, KS = 1: no split;
// XM = 2: the two CTAs of a cluster along grid y (neighbouring channel blocks, same tokens) each
// load half of every x stage and multicast it to both (half the x traffic out of L2; a stage is
// refilled once the consumers of both released it); kDrain: see Consumer; kStageOut: y leaves
// through shared memory in 16-byte row pieces instead of 2-byte stores from the fragments.
// Launched with programmatic dependent launch after permute_x_kernel: the weight loads start at
// once, the producer waits for the permuted x (griddepcontrol.wait) before its first TMA.
template <class F, int WG, int T, int U, int S, int KS, int XM, bool kDrain, bool kStageOut>
__global__ void __launch_bounds__(WG * 128 + 32, 1)
    mixed_wgmma_kernel(const __grid_constant__ CUtensorMap tx, int M, int N, int K, const uint8_t* __restrict__ qdata,
                       typename F::Args fa, const float* __restrict__ row_scale, const __nv_bfloat16* __restrict__ bias,
                       __nv_bfloat16* __restrict__ out) {
  static_assert(U % 2 == 0, "U must be even: chunk c uses A register set c % 2");
  static_assert(KS == 1 || S * kStageBytes<F, T> >= WG * 64 * T * 4, "the x stages must hold the parked partial sums");
  static_assert(XM == 1 || (XM == 2 && KS == 1 && T % 16 == 0), "x multicast: pairs of CTAs, no K split, T / 2 rows of 8");
#if defined(__CUDA_ARCH__) && !defined(__CUDA_ARCH_FEAT_SM90_ALL)
  __trap();  // wgmma and TMA need sm_90a; launch_mixed_wgmma refuses other devices before this
#elif defined(__CUDA_ARCH__)
  constexpr int CK = F::kChunkK, kStage = kStageBytes<F, T>;
  extern __shared__ uint8_t smem_raw[];
  uint8_t* smem = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t{1023});
  uint64_t* full = reinterpret_cast<uint64_t*>(smem + S * kStage);
  uint64_t* empty = full + S;
  uint64_t* sink = empty + S;  // chunk 0 "releases" chunk -1 here; nobody waits on it
  const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
  const int m0 = blockIdx.x * T, ch0 = blockIdx.y * WG * 64;
  const int KC = K / CK;
  const int c_base = static_cast<int>(blockIdx.z) * KC / KS, n_chunks = (static_cast<int>(blockIdx.z) + 1) * KC / KS - c_base;
  if (threadIdx.x == 0) {
    for (int s = 0; s < S; ++s) {
      wg::mbar_init(&full[s], 1);
      wg::mbar_init(&empty[s], 128 * WG * XM);  // every consumer thread (of both CTAs) arrives
    }
    wg::mbar_init(sink, 128 * WG * XM);
    asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
  }
  const uint32_t rank = XM > 1 ? wg::cluster_rank() : 0;
  if constexpr (XM > 1) {
    wg::cluster_sync();  // the peer's barriers exist before anything is multicast or signalled there
  } else {
    __syncthreads();
  }

  if (warp == 4 * WG) {  // producer
    if (lane == 0) {
      asm volatile("griddepcontrol.wait;" ::: "memory");  // x is permuted
      for (int c = 0; c < n_chunks; ++c) {
        const int s = c % S;
        if (c >= S) qf::mbar_wait(&empty[s], ((c / S) & 1) ^ 1);
        wg::mbar_expect_tx(&full[s], kStage);
#pragma unroll
        for (int a = 0; a < CK / 64; ++a) {
          const int k = (c_base + c) * CK + 64 * a;
          if constexpr (XM > 1) {
            constexpr int kHalf = T / 2;
            wg::tma_load_multicast(smem + s * kStage + a * T * 128 + rank * kHalf * 128, &tx, &full[s], k,
                                   m0 + static_cast<int>(rank) * kHalf);
          } else {
            wg::tma_load(smem + s * kStage + a * T * 128, &tx, &full[s], k, m0);
          }
        }
      }
    }
    if constexpr (KS > 1) {  // the consumers' two cluster barriers
      wg::cluster_sync();
      wg::cluster_sync();
    }
    if constexpr (XM > 1) wg::cluster_sync();  // the consumers' last one
    return;
  }

  const int wgi = warp >> 2, wq = warp & 3;
  Consumer<F, T, U, XM, kDrain> cs;
  cs.peer = rank ^ 1;
  cs.fa = fa;
  cs.K = K;
  cs.N = N;
  cs.t = lane & 3;
  cs.c_base = c_base;
  cs.n_chunks = n_chunks;
#pragma unroll
  for (int j = 0; j < 2; ++j) {
    const int nt = min(ch0 / 8 + wgi * 8 + wq * 2 + j, N / 8 - 1);  // a clamped tile's columns are never stored
    cs.wp[j] = lane_base<F, false>(qdata, nt, lane, KC, K);
    cs.n_lane[j] = nt * 8 + (lane >> 2);
  }
#pragma unroll
  for (int u = 0; u < U; ++u) cs.load(u, u);
#pragma unroll
  for (int i = 0; i < T / 2; ++i) cs.d[i] = 0.f;

  Chunks<S> ch{smem, full, empty, sink, n_chunks};
  int c0 = 0;
  for (; c0 + U <= n_chunks; c0 += U) ch.template group<0>(cs, c0);
  ch.template tail<0>(cs, c0);  // the n_chunks % U last chunks
  wg::wgmma_wait<0>();
  cs.pin_all();
  if constexpr (XM > 1) wg::cluster_sync();  // no multicast or remote arrival is still on its way here
  if constexpr (KS > 1) {
    reduce_split_k<KS, T>(cs.d, reinterpret_cast<float4*>(smem), threadIdx.x, WG * 128);
    if (wg::cluster_rank() != 0) return;
  }

  const int g = lane >> 2, t = lane & 3;
  if constexpr (kStageOut) {
    // The CTA's y tile [T][64 WG] goes through shared memory (the x stages, idle once every
    // warpgroup is past its last wgmma), then out in 16-byte pieces of whole rows.
    constexpr int kPitch = WG * 128 + 16;  // bytes per token row; the pad spreads rows over banks
    static_assert(T * kPitch <= S * kStage, "the y tile must fit in the x stages");
    asm volatile("bar.sync 1, %0;" ::"r"(WG * 128) : "memory");
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int cl = wgi * 64 + wq * 16 + 8 * h + g, n = ch0 + cl;
      const float scale = n < N ? F::col_scale(fa, n) : 0.f;
      const float bv = bias != nullptr && n < N ? __bfloat162float(bias[n]) : 0.f;
#pragma unroll
      for (int j = 0; j < T / 8; ++j)
#pragma unroll
        for (int e = 0; e < 2; ++e) {
          const int ml = 8 * j + 2 * t + e;
          float v = cs.d[4 * j + 2 * h + e] * scale;
          if (row_scale != nullptr && m0 + ml < M) v *= row_scale[m0 + ml];
          v += bv;
          *reinterpret_cast<__nv_bfloat16*>(smem + ml * kPitch + cl * 2) = __float2bfloat16_rn(v);
        }
    }
    asm volatile("bar.sync 1, %0;" ::"r"(WG * 128) : "memory");
    const int rows = min(T, M - m0), pieces = min(WG * 64, N - ch0) / 8;
    for (int e = threadIdx.x; e < rows * WG * 8; e += WG * 128) {
      const int r = e / (WG * 8), p = e % (WG * 8);
      if (p < pieces) {
        *reinterpret_cast<uint4*>(out + static_cast<size_t>(m0 + r) * N + ch0 + 8 * p) =
            *reinterpret_cast<const uint4*>(smem + r * kPitch + 16 * p);
      }
    }
  } else {
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int n = ch0 + wgi * 64 + wq * 16 + 8 * h + g;
      if (n >= N) continue;
      const float scale = F::col_scale(fa, n);
      const float bv = bias != nullptr ? __bfloat162float(bias[n]) : 0.f;
#pragma unroll
      for (int j = 0; j < T / 8; ++j)
#pragma unroll
        for (int e = 0; e < 2; ++e) {
          const int m = m0 + 8 * j + 2 * t + e;
          if (m >= M) continue;
          float v = cs.d[4 * j + 2 * h + e] * scale;
          if (row_scale != nullptr) v *= row_scale[m];
          if (bias != nullptr) v += bv;
          out[static_cast<size_t>(m) * N + n] = __float2bfloat16_rn(v);
        }
    }
  }
#endif
}

// The driver's cuTensorMapEncodeTiled (null when the driver has none).
using TensorMapEncode = CUresult (*)(CUtensorMap*, CUtensorMapDataType, cuuint32_t, void*, const cuuint64_t*,
                                     const cuuint64_t*, const cuuint32_t*, const cuuint32_t*, CUtensorMapInterleave,
                                     CUtensorMapSwizzle, CUtensorMapL2promotion, CUtensorMapFloatOOBfill);
inline TensorMapEncode tensor_map_encoder() {
  static const TensorMapEncode encode = [] {
    void* fn = nullptr;
    cudaDriverEntryPointQueryResult q{};
    if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &fn, 12000, cudaEnableDefault, &q) != cudaSuccess ||
        q != cudaDriverEntryPointSuccess) {
      return static_cast<TensorMapEncode>(nullptr);
    }
    return reinterpret_cast<TensorMapEncode>(fn);
  }();
  return encode;
}

// Whether `device` runs the sm_90a kernels (compute capability 9.0).
inline bool device_supported(int device) {
  int major = 0, minor = 0;
  return cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device) == cudaSuccess &&
         cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device) == cudaSuccess && major == 9 &&
         minor == 0;
}

// Permutes x into xp (scratch, M x K bf16, 16-byte aligned), then launches the GEMM (programmatic
// dependent launch; KS > 1: clusters of KS CTAs along z; XM = 2: clusters of 2 along y). Returns a message on failure, else null.
template <class F, int WG, int T, int U, int S, int KS = 1, int XM = 1, bool kDrain = false, bool kStageOut = false>
const char* launch_mixed_wgmma(const __nv_bfloat16* x, __nv_bfloat16* xp, int M, int N, int K, const uint8_t* q,
                               typename F::Args fa, const float* row_scale, const __nv_bfloat16* bias,
                               __nv_bfloat16* out, cudaStream_t s) {
  static_assert(kSupported<F>, "mixed wgmma: format lane slices must split into 4-element mma steps");
  static_assert(KS >= 1 && KS <= 8, "mixed wgmma: K splits over a portable cluster (1..8 CTAs)");
  if (K / F::kChunkK < KS) return "mixed wgmma: fewer K chunks than K splits; use a configuration with a smaller split";
  const TensorMapEncode encode = tensor_map_encoder();
  if (encode == nullptr) return "the CUDA driver has no cuTensorMapEncodeTiled (needs CUDA 12 or later)";
  const size_t tasks = static_cast<size_t>(M) * (K / 32);
  permute_x_kernel<F::kElemsPerLane><<<static_cast<unsigned>((tasks + 255) / 256), 256, 0, s>>>(x, M, K, xp);
  if (cudaGetLastError() != cudaSuccess) return "mixed wgmma: activation permute launch failed";

  const cuuint64_t dims[2] = {static_cast<cuuint64_t>(K), static_cast<cuuint64_t>(M)};
  const cuuint64_t strides[1] = {static_cast<cuuint64_t>(K) * 2};
  const cuuint32_t box[2] = {64, static_cast<cuuint32_t>(T / XM)};
  const cuuint32_t estr[2] = {1, 1};
  CUtensorMap tx;
  if (encode(&tx, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2, xp, dims, strides, box, estr, CU_TENSOR_MAP_INTERLEAVE_NONE,
             CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
             CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) != CUDA_SUCCESS) {
    return "mixed wgmma: cuTensorMapEncodeTiled rejected the permuted activation";
  }
  auto* kernel = mixed_wgmma_kernel<F, WG, T, U, S, KS, XM, kDrain, kStageOut>;
  constexpr int smem = kSmemBytes<F, WG, T, S>;
  static const bool attr = cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, smem) == cudaSuccess;
  if (!attr) return "mixed wgmma: cannot give the kernel its shared memory";
  cudaLaunchConfig_t cfg{};
  const int blocks = (N + 64 * WG - 1) / (64 * WG);
  cfg.gridDim = dim3((M + T - 1) / T, (blocks + XM - 1) / XM * XM, KS);  // whole clusters; a CTA past N stores nothing
  cfg.blockDim = dim3(WG * 128 + 32);
  cfg.dynamicSmemBytes = smem;
  cfg.stream = s;
  cudaLaunchAttribute at[2];
  at[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
  at[0].val.programmaticStreamSerializationAllowed = 1;
  at[1].id = cudaLaunchAttributeClusterDimension;
  at[1].val.clusterDim.x = 1;
  at[1].val.clusterDim.y = XM;
  at[1].val.clusterDim.z = KS;
  cfg.attrs = at;
  cfg.numAttrs = KS > 1 || XM > 1 ? 2 : 1;
  const cudaError_t e = cudaLaunchKernelEx(&cfg, kernel, tx, M, N, K, q, fa, row_scale, bias, out);
  return e == cudaSuccess && cudaGetLastError() == cudaSuccess ? nullptr : "mixed wgmma: GEMM launch failed";
}

}  // namespace mixm
}  // namespace qf
