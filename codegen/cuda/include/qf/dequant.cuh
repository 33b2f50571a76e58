// Dequantize a qf-tile weight into a bf16 [N, K] row-major matrix (the prefill path feeds it
// to a bf16 tensor-core GEMM). Each thread expands one lane slice with the same unpack the
// decode kernel uses, so both paths see identical bf16 weights.
#pragma once
#include "cuda_common.cuh"
#include "weight_formats.cuh"

namespace qf {

// 256 threads; each thread expands one lane slice (kElemsPerLane values of one row). The four
// lanes of a row hold 4 * kElemsPerLane consecutive columns; they swap 16-byte pieces through
// shared memory so that every store instruction writes whole 64-byte runs.
template <class F>
__global__ void __launch_bounds__(256) dequant_tile_kernel(const uint8_t* __restrict__ qdata, typename F::Args fa,
                                                          int N, int K, __nv_bfloat16* __restrict__ out) {
  constexpr int kPieces = F::kElemsPerLane / 8;  // 16-byte pieces per lane slice
  __shared__ uint4 stage[8][32][kPieces];
  const int KC = K / F::kChunkK;
  const size_t total = static_cast<size_t>(N / 8) * KC * 32;
  const size_t slice = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int kc = (slice / 32) % KC, nt = slice / 32 / KC;
  const int g = lane / 4, t = lane % 4;
  const int n = nt * 8 + g, k0 = kc * F::kChunkK + t * F::kElemsPerLane;
  if (slice < total) {
    const uint4 v = ld_stream_16(qdata + slice * 16);
    const typename F::Lane lp = F::load_lane(fa, n, k0, K, N);
    const float cs = F::col_scale(fa, n);
#pragma unroll
    for (int p = 0; p < kPieces; ++p) {
      uint32_t r[4];
      F::unpack(v, 2 * p, lp, r[0], r[1]);
      F::unpack(v, 2 * p + 1, lp, r[2], r[3]);
      if (F::kColScale) {
#pragma unroll
        for (int i = 0; i < 4; ++i) {
          const float2 f = __bfloat1622float2(bits_bf162(r[i]));
          r[i] = pack_bf16x2(f.x * cs, f.y * cs);
        }
      }
      stage[warp][lane][p] = make_uint4(r[0], r[1], r[2], r[3]);
    }
  }
  __syncwarp();
  if (slice < total) {
    // Store q: the row's four lanes write pieces 4q .. 4q+3, 64 contiguous bytes.
    __nv_bfloat16* row = out + static_cast<size_t>(n) * K + kc * F::kChunkK;
#pragma unroll
    for (int q = 0; q < kPieces; ++q) {
      const int piece = q * 4 + t;  // 16-byte piece index within the row's chunk
      const int owner = piece / kPieces, idx = piece % kPieces;
      reinterpret_cast<uint4*>(row)[piece] = stage[warp][g * 4 + owner][idx];
    }
  }
}

template <class F>
cudaError_t launch_dequant_tile(const uint8_t* q, typename F::Args fa, int N, int K,
                                __nv_bfloat16* out, cudaStream_t stream) {
  const size_t slices = static_cast<size_t>(N / 8) * (K / F::kChunkK) * 32;
  const int threads = 256;
  dequant_tile_kernel<F><<<static_cast<unsigned>((slices + threads - 1) / threads), threads, 0,
                           stream>>>(q, fa, N, K, out);
  return cudaGetLastError();
}

}  // namespace qf
