// Float8DynamicActivationFloat8WeightConfig with granularity [PerBlock([1, 128]),
// PerBlock([128, 128])] on CUDA (spec §3.4.2, §3.4.3; oracle src/numerics/formats/float8.ts):
//   activation: per token and 128-wide K block, amax (clamped to [lb, ub]) -> scale =
//     bf16(amax / 448), q = e4m3(clamp(fp32(x) / scale)) (act_quant.cuh's arithmetic per block);
//   weight: torchao's qdata e4m3 [N, K] and scale fp32 [N/128, K/128];
//   linear: y = T(T(sum_kb dot_kb * sa[m, kb] * sw[n/128, kb]) + bias) (torchao's triton GEMM
//     writes bf16, then adds the bias in bf16).
// Paths (the `cfg` argument):
//   cfg 0      M <= 16: 1x128 quantization -> the 8-bit GEMV (dyn_gemv.cuh) with per-block
//              fp32 partial sums scaled and added after every 128 k (e4m3 mma);
//   cfg 5, 6   the GEMV with 2 / 4 channel tiles per block; for M > 16 the GEMVs run on 16-token
//              slices (correct everywhere, fast only for small M);
//   cfg 1..4   1x128 quantization -> cuBLASLt float8 GEMM with VEC128 (activation) and
//              BLK128x128 (weight) scaling (cuBLAS >= 12.9, sm_90 only), bf16 output, then the
//              bias pass. The four cfgs try the two orders of each scale tensor (activation
//              [M][K/128] or [K/128][M], weight [N/128][K/128] or [K/128][N/128]): cuBLAS
//              documents the layouts tersely, the GPU check keeps the one that matches float64.
#pragma once
#include "act_quant.cuh"
#include "dyn_gemv.cuh"
#include "linear_op.cuh"

namespace qf {

// One block per token, 16 threads per 128-element K block (8 elements each). xs [M][K/128]
// (torchao's layout) and/or xs_t [K/128][M]; either may be null.
__global__ void quantize_1x128_e4m3_kernel(const __nv_bfloat16* __restrict__ x, int M, int K, ActQuantParams p,
                                           uint8_t* __restrict__ xq, float* __restrict__ xs, float* __restrict__ xs_t) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.launch_dependents;");
#endif
  const int m = blockIdx.x;
  const int KB = K / 128;
  const __nv_bfloat16* row = x + static_cast<size_t>(m) * K;
  for (int k = threadIdx.x * 8; k < K; k += blockDim.x * 8) {
    const uint4 v = ld_cached_16(row + k);
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    float f[8];
    float amax = 0.f;
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 t = __bfloat1622float2(bits_bf162(w[i]));
      f[2 * i] = t.x;
      f[2 * i + 1] = t.y;
      amax = fmaxf(amax, fmaxf(fabsf(t.x), fabsf(t.y)));
    }
    // the 16 lanes of one 128-block are aligned in the warp (blockDim.x * 8 is a multiple of 128)
#pragma unroll
    for (int o = 8; o > 0; o >>= 1) amax = fmaxf(amax, __shfl_xor_sync(0xffffffffu, amax, o));
    const float scale = e4m3_scale(amax, p);
    uint8_t q[8];
#pragma unroll
    for (int i = 0; i < 8; ++i) q[i] = to_e4m3(f[i], scale);
    uint2 o;
    o.x = q[0] | (q[1] << 8) | (q[2] << 16) | (static_cast<uint32_t>(q[3]) << 24);
    o.y = q[4] | (q[5] << 8) | (q[6] << 16) | (static_cast<uint32_t>(q[7]) << 24);
    *reinterpret_cast<uint2*>(xq + static_cast<size_t>(m) * K + k) = o;
    if ((threadIdx.x & 15) == 0) {
      const int kb = k / 128;
      if (xs != nullptr) xs[static_cast<size_t>(m) * KB + kb] = scale;
      if (xs_t != nullptr) xs_t[static_cast<size_t>(kb) * M + m] = scale;
    }
  }
}

// y[m][n] = bf16(y[m][n] + bias[n]) in place (torchao adds the bias to the bf16 GEMM output).
__global__ void add_bias_bf16_kernel(__nv_bfloat16* __restrict__ y, const __nv_bfloat16* __restrict__ bias, int M, int N) {
  const size_t i = (blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x) * 2;
  if (i >= static_cast<size_t>(M) * N) return;
  const int n = static_cast<int>(i % N);
  __nv_bfloat162* p = reinterpret_cast<__nv_bfloat162*>(y + i);
  const float2 v = __bfloat1622float2(*p);
  *p = __floats2bfloat162_rn(__fadd_rn(v.x, __bfloat162float(bias[n])), __fadd_rn(v.y, __bfloat162float(bias[n + 1])));
}

// dst[c][r] = src[r][c] for a small fp32 matrix (weight block scales, a few thousand floats).
__global__ void transpose_f32_kernel(const float* __restrict__ src, int R, int C, float* __restrict__ dst) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < R * C) dst[(i % C) * R + i / C] = src[i];
}

struct BlockwiseFp8Op {
  static constexpr int kThreads = 256;

  static void check_weight(const TensorView& q, const TensorView& ws, int* N, int* K) {
    require_cuda_contiguous(q, "qdata");
    require_cuda_contiguous(ws, "scale");
    if (q.ndim() != 2 || q.dtype().bits != 8) TVM_FFI_THROW(ValueError) << "quantforge: qdata must be float8_e4m3fn [N, K]";
    *N = static_cast<int>(q.size(0));
    *K = static_cast<int>(q.size(1));
    if (*N % 128 != 0 || *K % 128 != 0) {
      TVM_FFI_THROW(ValueError) << "quantforge: blockwise float8 kernels need N % 128 == 0 and K % 128 == 0, got N=" << *N
                                << " K=" << *K;
    }
    if (!is_dtype(ws, kDLFloat, 32) || ws.numel() != static_cast<int64_t>(*N / 128) * (*K / 128)) {
      TVM_FFI_THROW(ValueError) << "quantforge: scale must be float32 [" << *N / 128 << ", " << *K / 128 << "]";
    }
  }

  static void launch_quant(const __nv_bfloat16* x, int M, int K, ActQuantParams p, uint8_t* xq, float* xs, float* xs_t,
                           cudaStream_t s) {
    quantize_1x128_e4m3_kernel<<<M, kThreads, 0, s>>>(x, M, K, p, xq, xs, xs_t);
    check_cuda(cudaGetLastError(), "1x128 activation quantization launch");
  }

  // Exported alone for bit-exact tests: xq e4m3 [M, K], xs fp32 [M, K/128] (torchao's layout).
  static void quantize_activation(const TensorView& x, const TensorView& xq, const TensorView& xs, ActQuantParams p) {
    require_cuda_contiguous(x, "x");
    require_cuda_contiguous(xq, "xq");
    require_cuda_contiguous(xs, "xs");
    if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2 || x.size(1) % 128 != 0) {
      TVM_FFI_THROW(ValueError) << "quantforge: x must be bfloat16 [M, K] with K % 128 == 0";
    }
    const int M = static_cast<int>(x.size(0)), K = static_cast<int>(x.size(1));
    if (xq.numel() != static_cast<int64_t>(M) * K || xq.dtype().bits != 8 || !is_dtype(xs, kDLFloat, 32) ||
        xs.numel() != static_cast<int64_t>(M) * (K / 128)) {
      TVM_FFI_THROW(ValueError) << "quantforge: quantize_activation writes xq float8_e4m3fn [" << M << ", " << K
                                << "] and xs float32 [" << M << ", " << K / 128 << "]";
    }
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    launch_quant(static_cast<const __nv_bfloat16*>(x.data_ptr()), M, K, p, static_cast<uint8_t*>(xq.data_ptr()),
                 static_cast<float*>(xs.data_ptr()), nullptr, env_stream(x));
  }

  // cfg: -1 auto, 0 GEMV (M <= 16), 1..4 cuBLASLt with scale orders (see the file header).
  static void run(const TensorView& x, const TensorView& q, const TensorView& wscale, const TensorView& bias,
                  const TensorView& y, ActQuantParams p, int cfg) {
    int N, K;
    check_weight(q, wscale, &N, &K);
    int M;
    const __nv_bfloat16* bp = check_linear_io(x, y, bias, N, K, &M);
    if (M == 0) return;
    // Round 4 (H200): cuBLASLt cfg 1 matches float64 (2.3e-3) when K/128 % 4 == 0 (4096 and
    // 14336 x 4096) and is wrong for K/128 = 3 (K=384: the scale layout cuBLAS expects differs
    // there), and refuses M < 16; 211 us at M=2048 vs 3217 for GEMV slices. Else the GEMV.
    if (cfg < 0) cfg = M > 16 && (K / 128) % 4 == 0 ? 1 : 0;
    if (cfg > 6) TVM_FFI_THROW(ValueError) << "quantforge: unknown blockwise float8 configuration " << cfg;
    const bool gemv = cfg == 0 || cfg == 5 || cfg == 6;  // M > 16: 16-token slices, W streamed once per slice
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    const int KB = K / 128;
    const bool act_t = cfg == 1 || cfg == 2;  // activation scales [K/128][M]
    const bool w_t = cfg == 2 || cfg == 4;    // weight scales [K/128][N/128]
    // Scratch: xq [M][K] | xs [M][K/128] | weight scales transposed | cuBLASLt workspace.
    auto up = [](int64_t b) { return (b + 255) / 256 * 256; };
    const int64_t o_xs = up(static_cast<int64_t>(M) * K);
    const int64_t o_wt = o_xs + up(static_cast<int64_t>(M) * KB * 4);
    const int64_t o_ws = o_wt + up(static_cast<int64_t>(N / 128) * KB * 4);
    const int64_t bytes = o_ws + (gemv ? 0 : static_cast<int64_t>(kLtWorkspace));
    tvm::ffi::Tensor scratch = tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({bytes}),
                                                              DLDataType{kDLUInt, 8, 1}, x.device());
    char* base = static_cast<char*>(scratch.data_ptr());
    auto* xq = reinterpret_cast<uint8_t*>(base);
    auto* xs = reinterpret_cast<float*>(base + o_xs);
    const auto* wsp = static_cast<const float*>(wscale.data_ptr());
    auto* yp = static_cast<__nv_bfloat16*>(y.data_ptr());
    const auto* xp = static_cast<const __nv_bfloat16*>(x.data_ptr());
    if (gemv) {
      launch_quant(xp, M, K, p, xq, xs, nullptr, s);
      const auto* qp = static_cast<const uint8_t*>(q.data_ptr());
      for (int r = 0; r < M; r += 16) {
        const int rows = M - r < 16 ? M - r : 16;
        const BlockFp8Epilogue epi{xs + static_cast<size_t>(r) * KB, wsp, KB, bp};
        check_cuda(launch_dyn_gemv_variant<MmaE4M3, false>(cfg == 0 ? 0 : cfg - 4, xq + static_cast<size_t>(r) * K, rows, K,
                                                           N, qp, epi, yp + static_cast<size_t>(r) * N, s),
                   "blockwise float8 GEMV launch");
      }
      return;
    }
    launch_quant(xp, M, K, p, xq, act_t ? nullptr : xs, act_t ? xs : nullptr, s);
    const float* wuse = wsp;
    if (w_t) {
      auto* wt = reinterpret_cast<float*>(base + o_wt);
      const int n = (N / 128) * KB;
      transpose_f32_kernel<<<(n + 255) / 256, 256, 0, s>>>(wsp, N / 128, KB, wt);
      check_cuda(cudaGetLastError(), "weight scale transpose launch");
      wuse = wt;
    }
    try {
      CublasLt::instance().gemm(LtGemmKey{M, N, K, CUDA_R_8F_E4M3, CUDA_R_8F_E4M3, LtScale::kBlock, false},
                                q.data_ptr(), xq, yp, wuse, xs, nullptr, base + o_ws, kLtWorkspace, s);
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    if (bp != nullptr) {
      const size_t pairs = static_cast<size_t>(M) * N / 2;
      add_bias_bf16_kernel<<<static_cast<unsigned>((pairs + 255) / 256), 256, 0, s>>>(yp, bp, M, N);
      check_cuda(cudaGetLastError(), "bias launch");
    }
  }
};

}  // namespace qf
