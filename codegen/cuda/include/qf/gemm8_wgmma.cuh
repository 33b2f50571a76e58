// 8-bit GEMMs on Hopper tensor cores (wgmma) with the dynamic-activation epilogue applied to the
// accumulators in registers: y = epi(X[M, K] . W[N, K]^T), no [M, N] int32/fp32 round trip.
// int8 x int8 -> int32 with Int8DynamicActivationInt8WeightConfig's epilogue (spec §3.2,
// Int8DynEpilogue of dyn_gemv.cuh), or e4m3 x e4m3 -> fp32 with _scaled_mm's (Fp8DynEpilogue).
//
// CTA tile 128 (tokens) x 256 (channels) x 128 (k bytes), 3 warpgroups: warpgroup 0 is the
// producer (one thread issues TMA loads of both tiles into a 4-stage ring), warpgroups 1 and 2
// each multiply 64 tokens x 256 channels with wgmma.m64n256k32.s32.s8.s8 (4 per k tile), both
// operands K-major in shared memory with the 128-byte swizzle that TMA writes. Stage hand-off:
// `full` mbarriers (TMA transaction bytes) and `empty` mbarriers (256 consumer arrivals).
// The accumulator fragment of thread (warp w of the warpgroup, lane l) holds, for each 8-channel
// column block j: (row 16w + l/4, cols 8j + 2(l%4) + {0,1}) and the same cols at row + 8.
// Needs sm_90a, K % 128 == 0 and N % 16 == 0 (TMA zero-fills the M and N tails).
#pragma once
#include <cuda.h>

#include "cuda_common.cuh"
#include "dyn_gemv.cuh"

namespace qf {
namespace wg {

constexpr int kBM = 128, kBN = 256, kBK = 128, kStages = 4;
constexpr int kABytes = kBM * kBK, kBBytes = kBN * kBK, kStageBytes = kABytes + kBBytes;
constexpr int kSmemBytes = kStages * kStageBytes + 2 * kStages * 8 + 1024;  // + barriers + alignment slack

__device__ __forceinline__ uint32_t smem_addr(const void* p) { return static_cast<uint32_t>(__cvta_generic_to_shared(p)); }

__device__ __forceinline__ void mbar_init(uint64_t* b, int count) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(smem_addr(b)), "r"(count));
}
__device__ __forceinline__ void mbar_expect_tx(uint64_t* b, uint32_t bytes) {
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(smem_addr(b)), "r"(bytes) : "memory");
}
__device__ __forceinline__ void mbar_arrive(uint64_t* b) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(smem_addr(b)) : "memory");
}
__device__ __forceinline__ void mbar_wait(uint64_t* b, uint32_t parity) {
  asm volatile(
      "{\n.reg .pred P1;\nLAB_WAIT:\n"
      "mbarrier.try_wait.parity.shared::cta.b64 P1, [%0], %1;\n"
      "@P1 bra DONE;\nbra LAB_WAIT;\nDONE:\n}\n" ::"r"(smem_addr(b)),
      "r"(parity)
      : "memory");
}

// 2-D TMA load of box (c0 = k byte, c1 = row) into shared memory, completing on `bar`.
__device__ __forceinline__ void tma_load(void* dst, const CUtensorMap* map, uint64_t* bar, int c0, int c1) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];" ::"r"(
          smem_addr(dst)),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(smem_addr(bar))
      : "memory");
}

// Shared-memory matrix descriptor: K-major rows of 128 bytes, 128-byte swizzle, 8-row groups
// 1024 bytes apart (the layout TMA's SWIZZLE_128B writes into a 1024-byte aligned buffer).
__device__ __forceinline__ uint64_t desc_sw128(const void* p) {
  const uint64_t start = (smem_addr(p) & 0x3FFFF) >> 4;
  return start | (uint64_t{1} << 16) | (uint64_t{1024 >> 4} << 32) | (uint64_t{1} << 62);
}

// The same load multicast to both CTAs of a 2-CTA cluster (`dst` and `bar` at the same offsets in each).
__device__ __forceinline__ void tma_load_multicast(void* dst, const CUtensorMap* map, uint64_t* bar, int c0, int c1) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster [%0], [%1, {%2, %3}], "
      "[%4], %5;" ::"r"(smem_addr(dst)),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(smem_addr(bar)), "h"(static_cast<uint16_t>(0x3))
      : "memory");
}

// Arrive on the mbarrier at the same shared-memory offset in CTA `rank` of the cluster.
__device__ __forceinline__ void mbar_arrive_cluster(uint64_t* b, uint32_t rank) {
  asm volatile(
      "{\n.reg .b32 remote;\nmapa.shared::cluster.u32 remote, %0, %1;\n"
      "mbarrier.arrive.release.cluster.shared::cluster.b64 _, [remote];\n}\n" ::"r"(smem_addr(b)),
      "r"(rank)
      : "memory");
}

__device__ __forceinline__ void cluster_sync() {
  asm volatile("barrier.cluster.arrive.release.aligned;\nbarrier.cluster.wait.acquire.aligned;\n" ::: "memory");
}

__device__ __forceinline__ uint32_t cluster_rank() {
  uint32_t r;
  asm volatile("mov.u32 %0, %%cluster_ctarank;" : "=r"(r));
  return r;
}

__device__ __forceinline__ void wgmma_fence() { asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory"); }
__device__ __forceinline__ void wgmma_commit() { asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory"); }
template <int N>
__device__ __forceinline__ void wgmma_wait() {
  asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
}

// d (128 int32 per thread) += A (64 x 32 bytes, smem descriptor) . B (256 x 32 bytes)^T;
// scale_d == 0 overwrites d. Operand list generated (128 accumulators).
__device__ __forceinline__ void wgmma_m64n256k32_s8(int (&d)[128], uint64_t da, uint64_t db, int scale_d) {
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n256k32.s32.s8.s8 {"
      "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15,"
      "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31,"
      "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47,"
      "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63,"
      "%64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79,"
      "%80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, %92, %93, %94, %95,"
      "%96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, %108, %109, %110, %111,"
      "%112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, %123, %124, %125, %126, %127"
      "}, %128, %129, p;\n}\n"
      : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3]), "+r"(d[4]), "+r"(d[5]), "+r"(d[6]), "+r"(d[7]),
        "+r"(d[8]), "+r"(d[9]), "+r"(d[10]), "+r"(d[11]), "+r"(d[12]), "+r"(d[13]), "+r"(d[14]), "+r"(d[15]),
        "+r"(d[16]), "+r"(d[17]), "+r"(d[18]), "+r"(d[19]), "+r"(d[20]), "+r"(d[21]), "+r"(d[22]), "+r"(d[23]),
        "+r"(d[24]), "+r"(d[25]), "+r"(d[26]), "+r"(d[27]), "+r"(d[28]), "+r"(d[29]), "+r"(d[30]), "+r"(d[31]),
        "+r"(d[32]), "+r"(d[33]), "+r"(d[34]), "+r"(d[35]), "+r"(d[36]), "+r"(d[37]), "+r"(d[38]), "+r"(d[39]),
        "+r"(d[40]), "+r"(d[41]), "+r"(d[42]), "+r"(d[43]), "+r"(d[44]), "+r"(d[45]), "+r"(d[46]), "+r"(d[47]),
        "+r"(d[48]), "+r"(d[49]), "+r"(d[50]), "+r"(d[51]), "+r"(d[52]), "+r"(d[53]), "+r"(d[54]), "+r"(d[55]),
        "+r"(d[56]), "+r"(d[57]), "+r"(d[58]), "+r"(d[59]), "+r"(d[60]), "+r"(d[61]), "+r"(d[62]), "+r"(d[63]),
        "+r"(d[64]), "+r"(d[65]), "+r"(d[66]), "+r"(d[67]), "+r"(d[68]), "+r"(d[69]), "+r"(d[70]), "+r"(d[71]),
        "+r"(d[72]), "+r"(d[73]), "+r"(d[74]), "+r"(d[75]), "+r"(d[76]), "+r"(d[77]), "+r"(d[78]), "+r"(d[79]),
        "+r"(d[80]), "+r"(d[81]), "+r"(d[82]), "+r"(d[83]), "+r"(d[84]), "+r"(d[85]), "+r"(d[86]), "+r"(d[87]),
        "+r"(d[88]), "+r"(d[89]), "+r"(d[90]), "+r"(d[91]), "+r"(d[92]), "+r"(d[93]), "+r"(d[94]), "+r"(d[95]),
        "+r"(d[96]), "+r"(d[97]), "+r"(d[98]), "+r"(d[99]), "+r"(d[100]), "+r"(d[101]), "+r"(d[102]), "+r"(d[103]),
        "+r"(d[104]), "+r"(d[105]), "+r"(d[106]), "+r"(d[107]), "+r"(d[108]), "+r"(d[109]), "+r"(d[110]), "+r"(d[111]),
        "+r"(d[112]), "+r"(d[113]), "+r"(d[114]), "+r"(d[115]), "+r"(d[116]), "+r"(d[117]), "+r"(d[118]), "+r"(d[119]),
        "+r"(d[120]), "+r"(d[121]), "+r"(d[122]), "+r"(d[123]), "+r"(d[124]), "+r"(d[125]), "+r"(d[126]), "+r"(d[127])
      : "l"(da), "l"(db), "r"(scale_d));
}

// d (128 fp32 per thread) += A (64 x 32 e4m3, smem descriptor) . B (256 x 32 e4m3)^T.
__device__ __forceinline__ void wgmma_m64n256k32_e4m3(float (&d)[128], uint64_t da, uint64_t db, int scale_d) {
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n256k32.f32.e4m3.e4m3 {"
      "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15,"
      "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31,"
      "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47,"
      "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63,"
      "%64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79,"
      "%80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, %92, %93, %94, %95,"
      "%96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, %108, %109, %110, %111,"
      "%112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, %123, %124, %125, %126, %127"
      "}, %128, %129, p, 1, 1;\n}\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]),
        "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]),
        "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]),
        "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]),
        "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]),
        "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]),
        "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]),
        "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63]),
        "+f"(d[64]), "+f"(d[65]), "+f"(d[66]), "+f"(d[67]), "+f"(d[68]), "+f"(d[69]), "+f"(d[70]), "+f"(d[71]),
        "+f"(d[72]), "+f"(d[73]), "+f"(d[74]), "+f"(d[75]), "+f"(d[76]), "+f"(d[77]), "+f"(d[78]), "+f"(d[79]),
        "+f"(d[80]), "+f"(d[81]), "+f"(d[82]), "+f"(d[83]), "+f"(d[84]), "+f"(d[85]), "+f"(d[86]), "+f"(d[87]),
        "+f"(d[88]), "+f"(d[89]), "+f"(d[90]), "+f"(d[91]), "+f"(d[92]), "+f"(d[93]), "+f"(d[94]), "+f"(d[95]),
        "+f"(d[96]), "+f"(d[97]), "+f"(d[98]), "+f"(d[99]), "+f"(d[100]), "+f"(d[101]), "+f"(d[102]), "+f"(d[103]),
        "+f"(d[104]), "+f"(d[105]), "+f"(d[106]), "+f"(d[107]), "+f"(d[108]), "+f"(d[109]), "+f"(d[110]), "+f"(d[111]),
        "+f"(d[112]), "+f"(d[113]), "+f"(d[114]), "+f"(d[115]), "+f"(d[116]), "+f"(d[117]), "+f"(d[118]), "+f"(d[119]),
        "+f"(d[120]), "+f"(d[121]), "+f"(d[122]), "+f"(d[123]), "+f"(d[124]), "+f"(d[125]), "+f"(d[126]), "+f"(d[127])
      : "l"(da), "l"(db), "r"(scale_d));
}

// The accumulator type and mma of each operand type, and the asymmetric row sums an epilogue may
// need (Int8DynEpilogue's; none for float8).
struct WgS8 {
  using Acc = int;
  __device__ __forceinline__ static void mma(int (&d)[128], uint64_t da, uint64_t db, int scale_d) {
    wgmma_m64n256k32_s8(d, da, db, scale_d);
  }
};
struct WgE4M3 {
  using Acc = float;
  __device__ __forceinline__ static void mma(float (&d)[128], uint64_t da, uint64_t db, int scale_d) {
    wgmma_m64n256k32_e4m3(d, da, db, scale_d);
  }
};
__device__ __forceinline__ float rowsum_of(const Int8DynEpilogue& e, int n) { return e.rowsum != nullptr ? e.rowsum[n] : 0.f; }
template <class Epi>
__device__ __forceinline__ float rowsum_of(const Epi&, int) { return 0.f; }

// kMc: 2-CTA clusters along the tokens; each CTA loads half of the shared 256-channel weight tile
// and multicasts it to both (half the weight traffic out of L2), and a stage is refilled only
// when the consumers of both CTAs released it (512 arrivals, half of them remote).
template <class Op, class Epi, bool kMc>
__global__ void __launch_bounds__(384, 1)
    gemm8_wgmma_kernel(const __grid_constant__ CUtensorMap tx, const __grid_constant__ CUtensorMap tw, int M, int N, int K,
                       Epi epi, __nv_bfloat16* __restrict__ y) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  extern __shared__ uint8_t smem_raw[];
  uint8_t* smem = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t{1023});
  uint64_t* full = reinterpret_cast<uint64_t*>(smem + kStages * kStageBytes);
  uint64_t* empty = full + kStages;
  const int wgi = threadIdx.x / 128, tid = threadIdx.x % 128;
  // Tokens vary fastest across CTAs: a wave shares a few weight tiles, each streamed from DRAM
  // once, while X (M x K bytes) stays in L2. (Channels fastest re-streamed all of W, larger than
  // the L2, for every 128 tokens: 284 us at M=2048 on an H200.)
  const int m0 = blockIdx.x * kBM, n0 = blockIdx.y * kBN;
  const int KT = K / kBK;
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) {
      mbar_init(&full[s], 1);
      mbar_init(&empty[s], kMc ? 512 : 256);
    }
    asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
  }
  const uint32_t rank = kMc ? cluster_rank() : 0;
  if constexpr (kMc) {
    cluster_sync();  // the peer's barriers are initialised before anyone signals them
  } else {
    __syncthreads();
  }
  if (wgi == 0) {
    if (tid == 0) {
      for (int kt = 0; kt < KT; ++kt) {
        const int s = kt % kStages;
        if (kt >= kStages) mbar_wait(&empty[s], ((kt / kStages) & 1) ^ 1);
        mbar_expect_tx(&full[s], kStageBytes);
        tma_load(smem + s * kStageBytes, &tx, &full[s], kt * kBK, m0);
        if constexpr (kMc) {
          tma_load_multicast(smem + s * kStageBytes + kABytes + rank * (kBBytes / 2), &tw, &full[s], kt * kBK,
                             n0 + static_cast<int>(rank) * (kBN / 2));
        } else {
          tma_load(smem + s * kStageBytes + kABytes, &tw, &full[s], kt * kBK, n0);
        }
      }
    }
    if constexpr (kMc) cluster_sync();  // stay until the peer no longer writes or signals here
    return;
  }
  const int c = wgi - 1;  // consumer: tokens m0 + 64c ..
  typename Op::Acc d[128];
#pragma unroll
  for (int i = 0; i < 128; ++i) d[i] = 0;
  for (int kt = 0; kt < KT; ++kt) {
    const int s = kt % kStages;
    mbar_wait(&full[s], (kt / kStages) & 1);
    const uint8_t* a = smem + s * kStageBytes + c * 64 * kBK;
    const uint8_t* b = smem + s * kStageBytes + kABytes;
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < kBK / 32; ++kk) Op::mma(d, desc_sw128(a + kk * 32), desc_sw128(b + kk * 32), kt > 0 || kk > 0);
    wgmma_commit();
    wgmma_wait<1>();  // the previous k tile's wgmmas are done: release its stage
    if (kt > 0) {
      mbar_arrive(&empty[(kt - 1) % kStages]);
      if constexpr (kMc) mbar_arrive_cluster(&empty[(kt - 1) % kStages], rank ^ 1);
    }
  }
  wgmma_wait<0>();
  const int warp = tid / 32, lane = tid % 32;
  const int r0 = m0 + 64 * c + 16 * warp + lane / 4;
#pragma unroll
  for (int j = 0; j < 32; ++j) {
    const int n = n0 + 8 * j + 2 * (lane % 4);
    if (n >= N) continue;
    const float rs0 = rowsum_of(epi, n), rs1 = rowsum_of(epi, n + 1);
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int m = r0 + 8 * h;
      if (m >= M) continue;
      const __nv_bfloat162 v = __halves2bfloat162(epi(d[4 * j + 2 * h], m, n, rs0), epi(d[4 * j + 2 * h + 1], m, n + 1, rs1));
      *reinterpret_cast<__nv_bfloat162*>(y + static_cast<size_t>(m) * N + n) = v;
    }
  }
  if constexpr (kMc) cluster_sync();
#endif
}

}  // namespace wg

namespace wg {
// TMA descriptor of a K-major 8-bit matrix [rows, K] (row stride K bytes) with boxes of box_k
// (128 unless told) k bytes x box_rows rows and the swizzle `sw` (128-byte unless told; the
// driver's cuTensorMapEncodeTiled, found at run time). False when the driver has none or
// rejects the operand.
// The driver's cuTensorMapEncodeTiled (through the runtime's entry-point query: no -lcuda), or
// null without a CUDA 12 driver.
using TensorMapEncode = CUresult (*)(CUtensorMap*, CUtensorMapDataType, cuuint32_t, void*, const cuuint64_t*,
                                     const cuuint64_t*, const cuuint32_t*, const cuuint32_t*, CUtensorMapInterleave,
                                     CUtensorMapSwizzle, CUtensorMapL2promotion, CUtensorMapFloatOOBfill);
inline TensorMapEncode tensor_map_encode() {
  static TensorMapEncode encode = [] {
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

inline bool encode_kmajor_u8(CUtensorMap* m, const void* base, int rows, int K, int box_rows, int box_k = kBK,
                             CUtensorMapSwizzle sw = CU_TENSOR_MAP_SWIZZLE_128B) {
  const TensorMapEncode encode = tensor_map_encode();
  if (encode == nullptr) return false;
  const cuuint64_t dims[2] = {static_cast<cuuint64_t>(K), static_cast<cuuint64_t>(rows)};
  const cuuint64_t strides[1] = {static_cast<cuuint64_t>(K)};
  const cuuint32_t box[2] = {static_cast<cuuint32_t>(box_k), static_cast<cuuint32_t>(box_rows)};
  const cuuint32_t estr[2] = {1, 1};
  return encode(m, CU_TENSOR_MAP_DATA_TYPE_UINT8, 2, const_cast<void*>(base), dims, strides, box, estr,
                CU_TENSOR_MAP_INTERLEAVE_NONE, sw, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
                CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS;
}

// Row-major bf16 [rows, cols] for TMA stores of box_rows x box_cols pieces (box_cols * 2 = 128
// bytes with the 128-byte swizzle). Needs a 16-byte aligned base and cols % 8 == 0.
inline bool encode_rowmajor_bf16(CUtensorMap* m, void* base, int rows, int cols, int box_rows, int box_cols) {
  const TensorMapEncode encode = tensor_map_encode();
  if (encode == nullptr || (reinterpret_cast<uintptr_t>(base) & 15) != 0 || cols % 8 != 0) return false;
  const cuuint64_t dims[2] = {static_cast<cuuint64_t>(cols), static_cast<cuuint64_t>(rows)};
  const cuuint64_t strides[1] = {static_cast<cuuint64_t>(cols) * 2};
  const cuuint32_t box[2] = {static_cast<cuuint32_t>(box_cols), static_cast<cuuint32_t>(box_rows)};
  const cuuint32_t estr[2] = {1, 1};
  return encode(m, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2, base, dims, strides, box, estr, CU_TENSOR_MAP_INTERLEAVE_NONE,
                CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_NONE, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) ==
         CUDA_SUCCESS;
}
}  // namespace wg

// Host: TMA descriptors for X [M, K] and W [N, K] (int8, K-major, 128-byte swizzle) from the
// driver's cuTensorMapEncodeTiled, then the launch. Returns a message on failure, else null.
// Op: WgS8 (int8, Int8DynEpilogue) or WgE4M3 (float8, Fp8DynEpilogue). multicast: 2-CTA
// clusters sharing the weight tile (kernel template kMc).
template <class Op, class Epi>
inline const char* launch_gemm8_wgmma(const void* x, const void* w, int M, int N, int K, const Epi& epi, __nv_bfloat16* y,
                                      cudaStream_t s, bool multicast = false) {
  if (K % wg::kBK != 0 || N % 16 != 0) return "the wgmma 8-bit GEMM needs K % 128 == 0 and N % 16 == 0";
  CUtensorMap tx, tw;
  if (!wg::encode_kmajor_u8(&tx, x, M, K, wg::kBM) || !wg::encode_kmajor_u8(&tw, w, N, K, multicast ? wg::kBN / 2 : wg::kBN)) {
    return "cuTensorMapEncodeTiled rejected the int8 operands (or the driver has none: CUDA 12 or later)";
  }
  static bool attr = cudaFuncSetAttribute(wg::gemm8_wgmma_kernel<Op, Epi, false>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                          wg::kSmemBytes) == cudaSuccess &&
                     cudaFuncSetAttribute(wg::gemm8_wgmma_kernel<Op, Epi, true>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                          wg::kSmemBytes) == cudaSuccess;
  if (!attr) return "cannot give the wgmma 8-bit GEMM its shared memory";
  int mt = (M + wg::kBM - 1) / wg::kBM;
  if (multicast) mt = (mt + 1) / 2 * 2;  // whole clusters; a CTA past M loads zeros and stores nothing
  cudaLaunchConfig_t cfg{};
  cfg.gridDim = dim3(mt, (N + wg::kBN - 1) / wg::kBN);
  cfg.blockDim = dim3(384);
  cfg.dynamicSmemBytes = wg::kSmemBytes;
  cfg.stream = s;
  cudaLaunchAttribute cluster[1];
  cluster[0].id = cudaLaunchAttributeClusterDimension;
  cluster[0].val.clusterDim.x = 2;
  cluster[0].val.clusterDim.y = 1;
  cluster[0].val.clusterDim.z = 1;
  cfg.attrs = cluster;
  cfg.numAttrs = multicast ? 1 : 0;
  const cudaError_t e = multicast ? cudaLaunchKernelEx(&cfg, wg::gemm8_wgmma_kernel<Op, Epi, true>, tx, tw, M, N, K, epi, y)
                                  : cudaLaunchKernelEx(&cfg, wg::gemm8_wgmma_kernel<Op, Epi, false>, tx, tw, M, N, K, epi, y);
  return e == cudaSuccess && cudaGetLastError() == cudaSuccess ? nullptr : "wgmma 8-bit GEMM launch failed";
}

}  // namespace qf
