// Persistent, warp-specialized int8 GEMM on Hopper with Int8DynamicActivationInt8WeightConfig's
// epilogue (spec §3.2) on the accumulators: y = epi(X[M, K] . W[N, K]^T), no int32 round trip.
// (gemm8_wgmma.cuh launches one CTA per tile; this kernel keeps one CTA per SM for the whole
// GEMM so that the producer loads the next tile's first k tiles while the consumers run the
// epilogue of the last one, and barrier set-up and pipeline fill are paid once per SM.)
//
// CTA: 3 warpgroups. Warpgroup 0 is the producer: one thread walks the CTA's tiles and their
// k tiles, waits on the stage's `empty` mbarrier and issues the TMA loads of X and W into a
// 4-stage ring (128-byte swizzle), completing on the stage's `full` mbarrier (transaction
// bytes); it gives its registers to the consumers (setmaxnreg 40). Warpgroups 1 and 2 are the
// consumers (setmaxnreg 232): each multiplies half of the CTA tile's tokens by all its channels
// with wgmma s32.s8.s8, keeps one wgmma group in flight (wait_group 1) and releases a stage once
// the group that read it is done (one arrival per consumer warpgroup), then applies the §3.2
// epilogue (torchao's float order, no FMA contraction) and stores bf16 pairs to y.
// Tiles (kBM tokens x kBN channels, kBM * kBN = 128 x 256):
//   kBM 128: each consumer 64 tokens x 256 channels, wgmma.m64n256k32 (128 accumulators);
//   kBM 256: each consumer 128 tokens x 128 channels, 2 x wgmma.m64n128k32 (2 x 64).
// Schedule: tile t (of MT token tiles x NT channel tiles) = CTA b, b + grid, b + 2 grid, ...,
// tokens fastest (t % MT): the CTAs of a wave share a few weight tiles, which L2 keeps while X
// (M x K bytes) stays there too. kMc: 2-CTA clusters; each CTA loads half of the tile the two
// share and multicasts it to both. Tile 128 x 256: the pair is two token tiles sharing the weight
// tile (32 KB); 256 x 128: two channel tiles sharing the activation tile (32 KB). Either way a
// CTA reads 32 KB per k tile out of L2 instead of 48 (L2 -> SM bandwidth is the limit of the
// one-CTA-per-tile kernel: 48 KB x 32 k tiles per 128 x 256 tile at ~5.4 TB/s is its 265 us).
// Programmatic dependent launch: the producer issues the first stages' weight loads, then
// waits (griddepcontrol.wait) for the activation quantization before loading X; consumers wait
// before touching scales. Without PDL the wait returns at once.
// Needs sm_90a, K % 128 == 0, N % 16 == 0 (TMA zero-fills the M and N tails, stores are masked).
#pragma once
#include "gemm8_wgmma.cuh"

namespace qf {
namespace wgp {

using wg::cluster_rank;
using wg::cluster_sync;
using wg::mbar_arrive;
using wg::mbar_arrive_cluster;
using wg::mbar_expect_tx;
using wg::mbar_init;
using wg::mbar_wait;
using wg::tma_load;
using wg::tma_load_multicast;
using wg::wgmma_commit;
using wg::wgmma_fence;
using wg::wgmma_wait;

constexpr int kThreads = 384;

// The ring for k tiles of kBK bytes: 128 (4 stages of 48 KB, 128-byte swizzle) or 64 (9 stages
// of 24 KB, 64-byte swizzle: the same smem, but 7 stages instead of 2 in flight beyond the two
// the consumers hold, for L2 latency). A stage holds one X tile and one W tile, kBM + kBN = 384.
template <int kBK_>
struct Ring {
  static_assert(kBK_ == 128 || kBK_ == 64, "k tiles of 128 or 64 bytes");
  static constexpr int kBK = kBK_;
  static constexpr int kStages = kBK == 128 ? 4 : 9;
  static constexpr int kStageBytes = 384 * kBK;
  static constexpr int kBarBytes = (2 * kStages * 8 + 15) / 16 * 16;  // full + empty mbarriers
  static constexpr int kChanOffset = kStages * kStageBytes + kBarBytes;  // EpiChannels of the 2 consumers
  static constexpr int kChanBytes = 2 * 3 * 256 * 4;  // sized for kBN = 256 (kBN 128 uses half)
  static constexpr int kSmemBytes = kChanOffset + kChanBytes + 1024;  // + alignment slack
  static_assert(kSmemBytes <= 227 * 1024, "the ring, barriers and epilogue channels fit in shared memory");
  // kTmaStore: a 64 x 64 bf16 output piece per consumer (128-byte swizzle, 1024-byte aligned).
  static constexpr int kOutOffset = (kChanOffset + kChanBytes + 1023) / 1024 * 1024;
  static constexpr int kOutBytes = 64 * 64 * 2;
  static constexpr int kSmemBytesTma = kOutOffset + 2 * kOutBytes + 1024;
  // wgmma shared-memory descriptor of K-major rows of kBK bytes in TMA's swizzle: 8-row groups
  // kBK * 8 bytes apart, layout type 1 (128-byte swizzle) or 2 (64-byte).
  __device__ __forceinline__ static uint64_t desc(const void* p) {
    const uint64_t start = (wg::smem_addr(p) & 0x3FFFF) >> 4;
    return start | (uint64_t{1} << 16) | (uint64_t{kBK * 8 >> 4} << 32) | (uint64_t{kBK == 128 ? 1u : 2u} << 62);
  }
};

// d (64 int32 per thread) += A (64 x 32 bytes) . B (128 x 32 bytes)^T, scale_d == 0 overwrites d.
__device__ __forceinline__ void wgmma_m64n128k32_s8(int (&d)[64], uint64_t da, uint64_t db, int scale_d) {
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n128k32.s32.s8.s8 {"
      "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15,"
      "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31,"
      "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47,"
      "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63"
      "}, %64, %65, p;\n}\n"
      : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3]), "+r"(d[4]), "+r"(d[5]), "+r"(d[6]), "+r"(d[7]),
        "+r"(d[8]), "+r"(d[9]), "+r"(d[10]), "+r"(d[11]), "+r"(d[12]), "+r"(d[13]), "+r"(d[14]), "+r"(d[15]),
        "+r"(d[16]), "+r"(d[17]), "+r"(d[18]), "+r"(d[19]), "+r"(d[20]), "+r"(d[21]), "+r"(d[22]), "+r"(d[23]),
        "+r"(d[24]), "+r"(d[25]), "+r"(d[26]), "+r"(d[27]), "+r"(d[28]), "+r"(d[29]), "+r"(d[30]), "+r"(d[31]),
        "+r"(d[32]), "+r"(d[33]), "+r"(d[34]), "+r"(d[35]), "+r"(d[36]), "+r"(d[37]), "+r"(d[38]), "+r"(d[39]),
        "+r"(d[40]), "+r"(d[41]), "+r"(d[42]), "+r"(d[43]), "+r"(d[44]), "+r"(d[45]), "+r"(d[46]), "+r"(d[47]),
        "+r"(d[48]), "+r"(d[49]), "+r"(d[50]), "+r"(d[51]), "+r"(d[52]), "+r"(d[53]), "+r"(d[54]), "+r"(d[55]),
        "+r"(d[56]), "+r"(d[57]), "+r"(d[58]), "+r"(d[59]), "+r"(d[60]), "+r"(d[61]), "+r"(d[62]), "+r"(d[63])
      : "l"(da), "l"(db), "r"(scale_d));
}

template <int kN>
__device__ __forceinline__ void wgmma_s8(int (&d)[kN / 2], uint64_t da, uint64_t db, int scale_d) {
  if constexpr (kN == 256) {
    wg::wgmma_m64n256k32_s8(d, da, db, scale_d);
  } else {
    static_assert(kN == 128, "the persistent int8 GEMM has n256 and n128 wgmma shapes");
    wgmma_m64n128k32_s8(d, da, db, scale_d);
  }
}

template <int kRegs>
__device__ __forceinline__ void setmaxnreg_dec() {
  asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(kRegs));
}
template <int kRegs>
__device__ __forceinline__ void setmaxnreg_inc() {
  asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(kRegs));
}
__device__ __forceinline__ void grid_dependency_wait() { asm volatile("griddepcontrol.wait;" ::: "memory"); }

// §3.2 on one exact int32 sum, the arithmetic of Int8DynEpilogue::operator() (dyn_gemv.cuh) op
// for op, with the per-token values (xs_m, and zxs_m = fp32(xz[m]) * xs[m]) and the per-channel
// values (ws_n, bias_n) loaded once per fragment instead of once per element.
__device__ __forceinline__ float int8_epi_bf16r(float v) { return __bfloat162float(__float2bfloat16_rn(v)); }
// (No bias means no add: -0 + 0 would turn a -0 output into +0.)
__device__ __forceinline__ __nv_bfloat16 int8_epi_value(int acc, float xs_m, float zxs_m, float rsum, float ws_n, float bias_n,
                                                        bool zero, bool bias) {
  float y1 = int8_epi_bf16r(__fmul_rn(static_cast<float>(acc), xs_m));
  if (zero) {
    const float c = int8_epi_bf16r(__fmul_rn(zxs_m, rsum));
    y1 = int8_epi_bf16r(__fsub_rn(y1, c));
  }
  float v = __fmul_rn(y1, ws_n);
  if (bias) v = __fadd_rn(v, bias_n);
  return __float2bfloat16_rn(v);
}

// The per-channel epilogue values of one tile (weight scale, weight row sum for activation zero
// points, bias), staged in shared memory by the consumer warpgroup that reads them. Each thread
// loads its channels into registers when the tile starts (the loads' latency hides behind the
// main loop) and writes them here after it. Read from global memory inside the epilogue (one
// dependent load per 8-column group, behind the previous group's stores: ws may alias y for the
// compiler) and stored 4 bytes at a time, the epilogue cost 84 of cfg 8's 234 us at 14336x4096
// M=2048 on an H200 (cfg 208, no stores: 150); staged here and stored 16 bytes at a time, cfg 8
// is 192 us, cfg 10 189 (docs/gpu-runs/2026-11-28-s3/gemm8.r5.log, r6.log).
template <int kBN>
struct EpiChannels {
  float ws[kBN];
  float rowsum[kBN];
  float bias[kBN];
};

// Named barrier of one consumer warpgroup (ids 1, 2; 0 is __syncthreads).
__device__ __forceinline__ void consumer_bar(int c) { asm volatile("bar.sync %0, 128;" ::"r"(c + 1) : "memory"); }

// Transposes bf16 pairs within a quad of lanes: lane q holds in[t] = columns 8 t + 2 q, +1 of a
// 32-column group; afterwards out[k] = columns 8 q + 2 k, +1, i.e. lane q owns the 16 contiguous
// bytes 8 q .. 8 q + 7, one 16-byte store instead of four 4-byte ones (full 32-byte sectors).
// Two butterfly stages; stage b swaps bit b of the lane with bit b of the element index. Every
// register index is a compile-time constant (selects on the lane's bits; a run-time index would
// put the array in local memory).
__device__ __forceinline__ void quad_transpose(const uint32_t (&in)[4], uint32_t (&out)[4], int q) {
  uint32_t v[4] = {in[0], in[1], in[2], in[3]};
#pragma unroll
  for (int bit = 1; bit <= 2; bit <<= 1) {
    const bool hi = (q & bit) != 0;
#pragma unroll
    for (int t = 0; t < 4; ++t) {
      if (t & bit) continue;  // pairs (t, t + bit)
      const uint32_t got = __shfl_xor_sync(0xffffffffu, hi ? v[t] : v[t + bit], bit);
      const uint32_t lo_v = hi ? got : v[t], hi_v = hi ? v[t + bit] : got;
      v[t] = lo_v;
      v[t + bit] = hi_v;
    }
  }
#pragma unroll
  for (int k = 0; k < 4; ++k) out[k] = v[k];
}

__device__ __forceinline__ uint32_t bf16_pair_bits(__nv_bfloat16 lo, __nv_bfloat16 hi) {
  const __nv_bfloat162 p = __halves2bfloat162(lo, hi);
  return *reinterpret_cast<const uint32_t*>(&p);
}

// The epilogue of one 32-column group g of a 64-token sub-tile (accumulators j = 4 g .. 4 g + 3,
// rows lane / 4 and + 8 of the warp's 16), per-channel values from `ch`, per-token ones (xs,
// zxs = fp32(xz) * xs) from registers; out[h] = this lane's 16 bytes of row h after the quad
// transpose (columns 32 g + 8 q .. + 7). Shared by the direct-store and the TMA-store epilogues.
template <int kN>
__device__ __forceinline__ void int8_epilogue_group(const int (&d)[kN / 2], const EpiChannels<kN>& ch, const float (&xs)[2],
                                                    const float (&zxs)[2], bool zero, bool bias, int g, int q,
                                                    uint32_t (&out)[2][4]) {
  uint32_t pairs[2][4];
#pragma unroll
  for (int t = 0; t < 4; ++t) {
    const int j = 4 * g + t, c = 8 * j + 2 * q;
    const float2 w = *reinterpret_cast<const float2*>(&ch.ws[c]);
    const float2 rs = zero ? *reinterpret_cast<const float2*>(&ch.rowsum[c]) : make_float2(0.f, 0.f);
    const float2 b = bias ? *reinterpret_cast<const float2*>(&ch.bias[c]) : make_float2(0.f, 0.f);
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      pairs[h][t] = bf16_pair_bits(int8_epi_value(d[4 * j + 2 * h], xs[h], zxs[h], rs.x, w.x, b.x, zero, bias),
                                   int8_epi_value(d[4 * j + 2 * h + 1], xs[h], zxs[h], rs.y, w.y, b.y, zero, bias));
    }
  }
#pragma unroll
  for (int h = 0; h < 2; ++h) quad_transpose(pairs[h], out[h], q);
}

// Stores one consumer's accumulators of one 64-token sub-tile (rows m_base + 16 warp + lane/4
// and + 8) through the epilogue, 32 columns at a time (int8_epilogue_group). Zero points (asym)
// and bias are uniform run-time branches: one kernel serves every variant of the format. y rows
// are 16-byte aligned when y is (N % 16 == 0): vec16 then stores 16 bytes.
template <int kN>
__device__ __forceinline__ void int8_epilogue_store(const int (&d)[kN / 2], const EpiChannels<kN>& ch, const float (&xs)[2],
                                                    const float (&zxs)[2], bool zero, bool bias, bool vec16, int m_base,
                                                    int n_base, int M, int N, __nv_bfloat16* __restrict__ y) {
  const int lane = threadIdx.x % 32, warp = (threadIdx.x / 32) % 4, q = lane % 4;
  const int r0 = m_base + 16 * warp + lane / 4;
#pragma unroll
  for (int g = 0; g < kN / 32; ++g) {
    uint32_t rows[2][4];
    int8_epilogue_group<kN>(d, ch, xs, zxs, zero, bias, g, q, rows);
    const int n = n_base + 32 * g + 8 * q;  // this lane's 8 columns after the transpose
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const uint32_t(&o)[4] = rows[h];
      const int m = r0 + 8 * h;
      if (m >= M || n >= N) continue;  // N % 16 == 0: a lane's 8 columns are all in or all out
      uint32_t* dst = reinterpret_cast<uint32_t*>(y + static_cast<size_t>(m) * N + n);
      if (vec16) {
        *reinterpret_cast<uint4*>(dst) = make_uint4(o[0], o[1], o[2], o[3]);
      } else {
#pragma unroll
        for (int k = 0; k < 4; ++k) dst[k] = o[k];
      }
    }
  }
}

__device__ __forceinline__ void tma_store_2d(const CUtensorMap* map, const void* src, int c0, int c1) {
  asm volatile("cp.async.bulk.tensor.2d.global.shared::cta.bulk_group [%0, {%1, %2}], [%3];" ::"l"(
                   reinterpret_cast<uint64_t>(map)),
               "r"(c0), "r"(c1), "r"(wg::smem_addr(src))
               : "memory");
  asm volatile("cp.async.bulk.commit_group;" ::: "memory");
}
// The bulk stores this thread committed have read their shared memory (the buffer is free).
__device__ __forceinline__ void tma_store_wait_read() { asm volatile("cp.async.bulk.wait_group.read 0;" ::: "memory"); }
__device__ __forceinline__ void tma_store_wait_all() { asm volatile("cp.async.bulk.wait_group 0;" ::: "memory"); }

// The same epilogue, y written by TMA (kTmaStore): per 64 x 64 piece of the consumer's sub-tile,
// the bf16 pairs go (quad-transposed, 16 bytes a lane) into the consumer's 8 KB buffer in TMA's
// 128-byte swizzle (conflict-free), and one thread stores the piece with cp.async.bulk.tensor;
// the consumer goes on to the next piece (and tile) while the copy engine writes y, so y's write
// burst overlaps the next main loop instead of stalling the tensor cores. TMA clips rows past M.
template <int kN>
__device__ __forceinline__ void int8_epilogue_tma(const int (&d)[kN / 2], const EpiChannels<kN>& ch, const float (&xs)[2],
                                                  const float (&zxs)[2], bool zero, bool bias, int m_base, int n_base,
                                                  const CUtensorMap* ty, uint8_t* buf, int c) {
  const int tid = threadIdx.x % 128, lane = tid % 32, warp = tid / 32, q = lane % 4;
#pragma unroll
  for (int piece = 0; piece < kN / 64; ++piece) {
    uint32_t o[2][2][4];  // [32-column group of the piece][h][16 bytes]
#pragma unroll
    for (int gg = 0; gg < 2; ++gg) int8_epilogue_group<kN>(d, ch, xs, zxs, zero, bias, 2 * piece + gg, q, o[gg]);
    if (tid == 0) tma_store_wait_read();  // the previous piece has left the buffer
    consumer_bar(c);
#pragma unroll
    for (int gg = 0; gg < 2; ++gg) {
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        const int row = 16 * warp + lane / 4 + 8 * h, chunk = 4 * gg + q;  // 16-byte chunk of the 128-byte row
        *reinterpret_cast<uint4*>(buf + row * 128 + ((chunk ^ (row % 8)) * 16)) =
            make_uint4(o[gg][h][0], o[gg][h][1], o[gg][h][2], o[gg][h][3]);
      }
    }
    asm volatile("fence.proxy.async.shared::cta;" ::: "memory");  // generic writes -> the copy engine
    consumer_bar(c);
    if (tid == 0) tma_store_2d(ty, buf, n_base + 64 * piece, m_base);
  }
}

// TMA load of box (c0 = k byte, c1 = row) multicast to the CTAs of `mask` (ranks in the
// cluster), `dst` and `bar` at the same shared-memory offsets in each.
__device__ __forceinline__ void tma_load_mask(void* dst, const CUtensorMap* map, uint64_t* bar, int c0, int c1, uint16_t mask) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster [%0], [%1, {%2, %3}], "
      "[%4], %5;" ::"r"(wg::smem_addr(dst)),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(wg::smem_addr(bar)), "h"(mask)
      : "memory");
}

// kCM x kCN clusters (ranks r: rm = r % kCM along tokens, rn = r / kCM along channels) of
// kCM x kCN tiles: the kCN CTAs of one token tile share its X tile, each loading 1/kCN of it and
// multicasting it to the others; the kCM CTAs of one channel tile share its W tile likewise.
// Tiles past M or N (a cluster's padding) load zeros and store nothing.
template <int kBM, int kCM, int kCN, int kBK, bool kTmaStore = false>
__global__ void __launch_bounds__(kThreads, 1)
    gemm8_persistent_kernel(const __grid_constant__ CUtensorMap tx, const __grid_constant__ CUtensorMap tw,
                            const __grid_constant__ CUtensorMap ty, int M, int N, int K, Int8DynEpilogue epi,
                            __nv_bfloat16* __restrict__ y) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  using R = Ring<kBK>;
  constexpr int kStages = R::kStages, kStageBytes = R::kStageBytes;
  constexpr int kBN = 128 * 256 / kBM, kABytes = kBM * kBK, kBBytes = kBN * kBK;
  constexpr int kSub = kBM / 128;  // 64-token sub-tiles per consumer
  static_assert(kABytes + kBBytes == kStageBytes, "a stage holds one X tile and one W tile");
  constexpr int kCluster = kCM * kCN;
  extern __shared__ uint8_t smem_raw[];
  uint8_t* smem = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t{1023});
  uint64_t* full = reinterpret_cast<uint64_t*>(smem + kStages * kStageBytes);
  uint64_t* empty = full + kStages;
  const int wgi = threadIdx.x / 128, tid = threadIdx.x % 128;
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) {
      mbar_init(&full[s], 1);
      mbar_init(&empty[s], 2 * kCluster);  // one arrival per consumer warpgroup of every CTA of the cluster
    }
    asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
  }
  const uint32_t rank = kCluster > 1 ? cluster_rank() : 0;
  const int rm = static_cast<int>(rank) % kCM, rn = static_cast<int>(rank) / kCM;
  if constexpr (kCluster > 1) {
    cluster_sync();  // the peers' barriers are initialised before anyone signals them
  } else {
    __syncthreads();
  }
  const int MT = (M + kBM - 1) / kBM, NT = (N + kBN - 1) / kBN, KT = K / kBK;
  // Units of work: the kCM x kCN tile blocks of a cluster; tokens vary fastest.
  const int MU = (MT + kCM - 1) / kCM, NU = (NT + kCN - 1) / kCN;
  const int units = MU * NU, unit0 = blockIdx.x / kCluster, unit_step = gridDim.x / kCluster;
  auto tile_of = [&](int u, int* m0, int* n0) {
    *m0 = ((u % MU) * kCM + rm) * kBM;
    *n0 = ((u / MU) * kCN + rn) * kBN;
  };
  if (wgi == 0) {
    setmaxnreg_dec<40>();
    if (tid == 0) {
      uint16_t mask_a = 0, mask_b = static_cast<uint16_t>(((1u << kCM) - 1) << (kCM * rn));
      for (int j = 0; j < kCN; ++j) mask_a |= static_cast<uint16_t>(1u << (rm + kCM * j));
      auto load_x = [&](int s, int kt, int m0) {
        uint8_t* a = smem + s * kStageBytes;
        if constexpr (kCN > 1) {
          tma_load_mask(a + rn * (kABytes / kCN), &tx, &full[s], kt * kBK, m0 + rn * (kBM / kCN), mask_a);
        } else {
          tma_load(a, &tx, &full[s], kt * kBK, m0);
        }
      };
      auto load_w = [&](int s, int kt, int n0) {
        uint8_t* b = smem + s * kStageBytes + kABytes;
        if constexpr (kCM > 1) {
          tma_load_mask(b + rm * (kBBytes / kCM), &tw, &full[s], kt * kBK, n0 + rm * (kBN / kCM), mask_b);
        } else {
          tma_load(b, &tw, &full[s], kt * kBK, n0);
        }
      };
      int it = 0;
      bool waited = false;
      for (int u = unit0; u < units; u += unit_step) {
        int m0, n0;
        tile_of(u, &m0, &n0);
        int kt = 0;
        if (!waited) {  // the first stages' weights before the activations exist
          const int pre = KT < kStages ? KT : kStages;
          for (int p = 0; p < pre; ++p) {
            mbar_expect_tx(&full[p], kStageBytes);
            load_w(p, p, n0);
          }
          grid_dependency_wait();
          waited = true;
          for (int p = 0; p < pre; ++p) load_x(p, p, m0);
          kt = pre;
          it = pre;
        }
        for (; kt < KT; ++kt, ++it) {
          const int s = it % kStages;
          if (it >= kStages) mbar_wait(&empty[s], ((it / kStages) & 1) ^ 1);
          mbar_expect_tx(&full[s], kStageBytes);
          load_w(s, kt, n0);
          load_x(s, kt, m0);
        }
      }
    }
    if constexpr (kCluster > 1) cluster_sync();  // stay until no peer writes or signals here
    return;
  }
  setmaxnreg_inc<232>();
  grid_dependency_wait();  // the activation scales are read in the epilogue
  const int c = wgi - 1;   // consumer: tokens m0 + (kBM / 2) c ..
  EpiChannels<kBN>& ch = *reinterpret_cast<EpiChannels<kBN>*>(smem + R::kChanOffset + c * sizeof(EpiChannels<256>));
  const bool zero = epi.xz != nullptr, bias = epi.bias != nullptr;
  const bool vec16 = (reinterpret_cast<uintptr_t>(y) & 15) == 0;
  constexpr int kChanPerThread = kBN / 128;
  int d[kSub][kBN / 2];
  int it = 0;
  auto release = [&](int s) {
    if (tid == 0) {
      if constexpr (kCluster == 1) {
        mbar_arrive(&empty[s]);
      } else {
#pragma unroll
        for (int r = 0; r < kCluster; ++r) mbar_arrive_cluster(&empty[s], static_cast<uint32_t>(r));
      }
    }
  };
  for (int u = unit0; u < units; u += unit_step) {
    int m0, n0;
    tile_of(u, &m0, &n0);
    // The tile's epilogue inputs, loaded now so that the main loop hides their latency: this
    // thread's channels (n0 + tid + 128 k) and its rows' activation scales.
    float c_ws[kChanPerThread], c_rs[kChanPerThread], c_b[kChanPerThread];
#pragma unroll
    for (int k = 0; k < kChanPerThread; ++k) {
      const int n = n0 + tid + 128 * k, nn = n < N ? n : N - 1;
      c_ws[k] = epi.ws[nn * epi.ws_step];
      c_rs[k] = zero ? epi.rowsum[nn] : 0.f;
      c_b[k] = bias ? __bfloat162float(epi.bias[nn]) : 0.f;
    }
    float xs[kSub][2], zxs[kSub][2];
#pragma unroll
    for (int i = 0; i < kSub; ++i) {
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        const int m = m0 + c * (kBM / 2) + 64 * i + 16 * (tid / 32) + (tid % 32) / 4 + 8 * h;
        const int mm = m < M ? m : M - 1;
        xs[i][h] = epi.xs[mm];
        zxs[i][h] = zero ? __fmul_rn(static_cast<float>(epi.xz[mm]), xs[i][h]) : 0.f;
      }
    }
    for (int kt = 0; kt < KT; ++kt, ++it) {
      const int s = it % kStages;
      mbar_wait(&full[s], (it / kStages) & 1);
      const uint8_t* a = smem + s * kStageBytes + c * (kBM / 2) * kBK;
      const uint8_t* b = smem + s * kStageBytes + kABytes;
      wgmma_fence();
#pragma unroll
      for (int kk = 0; kk < kBK / 32; ++kk) {
#pragma unroll
        for (int i = 0; i < kSub; ++i) {
          wgmma_s8<kBN>(d[i], R::desc(a + i * 64 * kBK + kk * 32), R::desc(b + kk * 32), kt > 0 || kk > 0);
        }
      }
      wgmma_commit();
      wgmma_wait<1>();  // the previous k tile's group is done: release its stage
      if (kt > 0) release((it - 1) % kStages);
    }
    wgmma_wait<0>();
    release((it - 1) % kStages);
    // A cluster's padding tile (loaded zeros) stores nothing; y == null times the GEMM alone.
    if (m0 >= M || n0 >= N || y == nullptr) continue;
    consumer_bar(c);  // every thread of this warpgroup is done reading the last tile's channels
#pragma unroll
    for (int k = 0; k < kChanPerThread; ++k) {
      ch.ws[tid + 128 * k] = c_ws[k];
      ch.rowsum[tid + 128 * k] = c_rs[k];
      ch.bias[tid + 128 * k] = c_b[k];
    }
    consumer_bar(c);
#pragma unroll
    for (int i = 0; i < kSub; ++i) {
      if constexpr (kTmaStore) {
        int8_epilogue_tma<kBN>(d[i], ch, xs[i], zxs[i], zero, bias, m0 + c * (kBM / 2) + 64 * i, n0, &ty,
                               smem + R::kOutOffset + c * R::kOutBytes, c);
      } else {
        int8_epilogue_store<kBN>(d[i], ch, xs[i], zxs[i], zero, bias, vec16, m0 + c * (kBM / 2) + 64 * i, n0, M, N, y);
      }
    }
  }
  if constexpr (kTmaStore) {
    if (tid == 0) tma_store_wait_all();  // the buffer stays valid until the last piece is written
  }
  if constexpr (kCluster > 1) cluster_sync();
#endif
}

// Shape choices a caller can ask for (dynamic_int8_op.cuh cfg 8..14).
struct Gemm8Cfg {
  int bm;    // 128 (tile 128 x 256) or 256 (256 x 128)
  int cm;    // CTAs per cluster along tokens (1 or 2): they share, and multicast, the W tile
  int cn;    // CTAs per cluster along channels (1 or 2): they share, and multicast, the X tile
  int bk;    // k tile bytes: 128 (4 stages) or 64 (9 stages)
  bool pdl;  // programmatic dependent launch after the activation quantization
  bool tma_store = false;  // y written by TMA from a shared-memory piece (128-byte k tiles only)
};

template <int kBM, int kCM, int kCN, int kBK, bool kTmaStore = false>
inline cudaError_t launch_persistent(const CUtensorMap& tx, const CUtensorMap& tw, const CUtensorMap& ty, int M, int N,
                                     int K, const Int8DynEpilogue& epi, __nv_bfloat16* y, cudaStream_t s, bool pdl) {
  auto kern = gemm8_persistent_kernel<kBM, kCM, kCN, kBK, kTmaStore>;
  constexpr int kSmemBytes = kTmaStore ? Ring<kBK>::kSmemBytesTma : Ring<kBK>::kSmemBytes;
  static_assert(kSmemBytes <= 227 * 1024, "the TMA-store piece fits beside the ring");
  static const cudaError_t attr = cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmemBytes);
  if (attr != cudaSuccess) return attr;
  int dev = 0, sms = 0;
  cudaGetDevice(&dev);
  if (cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev) != cudaSuccess || sms <= 0) sms = 132;
  constexpr int kBN = 128 * 256 / kBM, kCluster = kCM * kCN;
  const int units = (M + kBM * kCM - 1) / (kBM * kCM) * ((N + kBN * kCN - 1) / (kBN * kCN));
  cudaLaunchConfig_t cfg{};
  cfg.blockDim = dim3(kThreads);
  cfg.dynamicSmemBytes = kSmemBytes;
  cfg.stream = s;
  cudaLaunchAttribute attrs[2];
  int n = 0;
  if constexpr (kCluster > 1) {
    attrs[n].id = cudaLaunchAttributeClusterDimension;
    attrs[n].val.clusterDim.x = kCluster;
    attrs[n].val.clusterDim.y = 1;
    attrs[n].val.clusterDim.z = 1;
    ++n;
  }
  if (pdl) {
    attrs[n].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attrs[n].val.programmaticStreamSerializationAllowed = 1;
    ++n;
  }
  cfg.attrs = attrs;
  cfg.numAttrs = n;
  int slots = sms;  // clusters (of one or more CTAs) resident at once
  if constexpr (kCluster > 1) {
    // GPC sizes can leave SMs out of whole clusters: ask the occupancy API, once per process.
    static const int clusters = [&] {
      cudaLaunchConfig_t q = cfg;
      q.gridDim = dim3(sms / kCluster * kCluster);
      q.numAttrs = 1;  // the cluster shape alone
      int c = 0;
      if (cudaOccupancyMaxActiveClusters(&c, kern, &q) != cudaSuccess || c <= 0) {
        (void)cudaGetLastError();  // not sticky: clear it so the launch check does not see it
        c = sms / kCluster;
      }
      return c;
    }();
    slots = clusters;
  }
  cfg.gridDim = dim3(kCluster * (slots < units ? slots : units));
  return cudaLaunchKernelEx(&cfg, kern, tx, tw, ty, M, N, K, epi, y);
}

}  // namespace wgp

// Host: TMA descriptors for X [M, K] and W [N, K] (int8, K-major, 128-byte swizzle; boxes of
// the part of a tile each CTA of a cluster loads), then the persistent kernel for `cfg`.
// Returns a message on failure, else null.
inline const char* launch_gemm8_persistent(const int8_t* x, const int8_t* w, int M, int N, int K, const Int8DynEpilogue& epi,
                                           __nv_bfloat16* y, cudaStream_t s, wgp::Gemm8Cfg cfg) {
  if (cfg.bk != 128 && cfg.bk != 64) return "the persistent int8 GEMM has k tiles of 128 or 64 bytes";
  if (K % cfg.bk != 0 || N % 16 != 0) return "the persistent int8 GEMM needs K % 128 (64 for bk 64) == 0 and N % 16 == 0";
  if (epi.xz != nullptr && epi.rowsum == nullptr) return "the persistent int8 GEMM with activation zero points needs the weight row sums";
  const int bn = 128 * 256 / cfg.bm;
  CUtensorMap tx, tw, ty{};
  if (cfg.tma_store) {
    if (cfg.bk != 128 || cfg.cm * cfg.cn != 1) return "the TMA-store epilogue is built for 128-byte k tiles without clusters";
    if (y == nullptr || !wg::encode_rowmajor_bf16(&ty, y, M, N, 64, 64)) {
      return "cuTensorMapEncodeTiled rejected y for the TMA-store epilogue (16-byte aligned rows needed)";
    }
  }
  const CUtensorMapSwizzle sw = cfg.bk == 128 ? CU_TENSOR_MAP_SWIZZLE_128B : CU_TENSOR_MAP_SWIZZLE_64B;
  if (!wg::encode_kmajor_u8(&tx, x, M, K, cfg.bm / cfg.cn, cfg.bk, sw) || !wg::encode_kmajor_u8(&tw, w, N, K, bn / cfg.cm, cfg.bk, sw)) {
    return "cuTensorMapEncodeTiled rejected the int8 operands (or the driver has none: CUDA 12 or later)";
  }
  cudaError_t e = cudaErrorInvalidValue;
  const int shape = (cfg.bm * 100 + cfg.cm * 10 + cfg.cn) * 1000 + cfg.bk;
  if (cfg.tma_store) {
    e = cfg.bm == 128 ? wgp::launch_persistent<128, 1, 1, 128, true>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl)
                      : wgp::launch_persistent<256, 1, 1, 128, true>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl);
    return e == cudaSuccess && cudaGetLastError() == cudaSuccess ? nullptr : "persistent int8 GEMM launch failed";
  }
  switch (shape) {
    case 12811128: e = wgp::launch_persistent<128, 1, 1, 128>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 12821128: e = wgp::launch_persistent<128, 2, 1, 128>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 12822128: e = wgp::launch_persistent<128, 2, 2, 128>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 25611128: e = wgp::launch_persistent<256, 1, 1, 128>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 25612128: e = wgp::launch_persistent<256, 1, 2, 128>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 25622128: e = wgp::launch_persistent<256, 2, 2, 128>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 12811064: e = wgp::launch_persistent<128, 1, 1, 64>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 12821064: e = wgp::launch_persistent<128, 2, 1, 64>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 12822064: e = wgp::launch_persistent<128, 2, 2, 64>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    case 25622064: e = wgp::launch_persistent<256, 2, 2, 64>(tx, tw, ty, M, N, K, epi, y, s, cfg.pdl); break;
    default:
      return "the persistent int8 GEMM has tiles 128x256 (clusters 1x1, 2x1, 2x2) and 256x128 (1x1, 1x2, 2x2) with 128-byte "
             "k tiles, and 128x256 (1x1, 2x1, 2x2) and 256x128 (2x2) with 64-byte ones";
  }
  return e == cudaSuccess && cudaGetLastError() == cudaSuccess ? nullptr : "persistent int8 GEMM launch failed";
}

}  // namespace qf
