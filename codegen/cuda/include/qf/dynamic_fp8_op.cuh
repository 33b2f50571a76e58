// Host side of Float8DynamicActivationFloat8WeightConfig (e4m3, PerRow or PerTensor) on CUDA,
// paths (the `cfg` argument; default: cfg 2 for M <= 8, else cfg 1):
//   cfg 0    act_quant (bf16 copies of the e4m3 values, one scale per row) -> the weight-
//            streaming decode kernel on torchao's own [N, K] e4m3 bytes, both scales applied
//            to the fp32 accumulator in its epilogue;
//   cfg 1    act_quant (e4m3 bytes) -> cuBLASLt float8 GEMM: per-tensor scales and bias fused
//            into it; per-row through an fp32 output and one epilogue pass (cuBLASLt has no
//            per-row float8 scaling on sm_90). One rounding to bf16 (torch._scaled_mm's contract);
//   cfg 3    cfg 1 (PerRow) in slices of 2048 output channels: each slice's fp32 block is read
//            back by the epilogue while it is still in L2 (no [M, N] fp32 round trip to DRAM);
//   cfg 4    PerRow: cuBLASLt with OUTER_VEC_32F scaling (per-row activation and weight scales
//            and the bias fused into the GEMM; cuBLAS >= 12.9 on sm_90);
//   cfg 7/8  act_quant (e4m3 bytes) -> the wgmma e4m3 GEMM with the scales and bias applied to
//            the fp32 accumulators (gemm8_wgmma.cuh; 8 = 2-CTA clusters multicasting W);
//   cfg 2    M <= 16: act_quant (e4m3 bytes) -> the 8-bit GEMV (dyn_gemv.cuh, e4m3 mma, weight
//            streamed once, scales and bias in its reduction), launched with programmatic
//            dependent launch so its first weight loads overlap the quantization;
//            cfg 5 / 6: the GEMV with 2 / 4 channel tiles per block.
// Scratch (activation codes, scales, cuBLASLt workspace) comes from TVMFFIEnvTensorAlloc.
#pragma once
#include "act_quant.cuh"
#include "dyn_gemv.cuh"
#include "gemm8_wgmma.cuh"
#include "linear_op.cuh"

namespace qf {

// acc fp32 [M][cols] = columns n0.. of y: y[m][n] = bf16(acc * xs[m] * ws[n] + bias[n]), one
// rounding (scale_rows_cols_kernel's arithmetic, for one slice of output channels).
__global__ void scale_rows_cols_slice_kernel(const float* __restrict__ acc, int cols, const float* __restrict__ xs,
                                             const float* __restrict__ ws, const __nv_bfloat16* __restrict__ bias,
                                             int M, int N, int n0, __nv_bfloat16* __restrict__ y) {
  const size_t i = (blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x) * 4;
  if (i >= static_cast<size_t>(M) * cols) return;
  const int m = static_cast<int>(i / cols), c = static_cast<int>(i % cols);
  const float4 a = *reinterpret_cast<const float4*>(acc + i);
  const float v[4] = {a.x, a.y, a.z, a.w};
  float r[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    const int n = n0 + c + j;
    r[j] = __fmul_rn(__fmul_rn(v[j], xs[m]), ws[n]);
    if (bias != nullptr) r[j] = __fadd_rn(r[j], __bfloat162float(bias[n]));
  }
  *reinterpret_cast<uint2*>(y + static_cast<size_t>(m) * N + n0 + c) = make_uint2(pack_bf16x2(r[0], r[1]), pack_bf16x2(r[2], r[3]));
}

template <bool kPerTensor>
struct DynamicFp8Op {
  using F = Bytes8RowScaled<DecodeFp8<__NV_E4M3>, kPerTensor>;
  static constexpr int kThreads = 256;

  static void check_weight(const TensorView& q, const TensorView& ws, int* N, int* K) {
    require_cuda_contiguous(q, "qdata");
    require_cuda_contiguous(ws, "scale");
    if (q.ndim() != 2 || q.dtype().bits != 8) TVM_FFI_THROW(ValueError) << "quantforge: qdata must be float8_e4m3fn [N, K]";
    *N = static_cast<int>(q.size(0));
    *K = static_cast<int>(q.size(1));
    if (*N % 16 != 0 || *K % 64 != 0) {
      TVM_FFI_THROW(ValueError) << "quantforge: float8 dynamic kernels need N % 16 == 0 and K % 64 == 0, got N=" << *N
                                << " K=" << *K;
    }
    const int64_t want = kPerTensor ? 1 : *N;
    if (!is_dtype(ws, kDLFloat, 32) || ws.numel() != want) {
      TVM_FFI_THROW(ValueError) << "quantforge: scale must be float32 with " << want << " element(s)";
    }
  }

  // Activation quantization alone (exported for bit-exact tests): xq e4m3 [M, K], xs fp32 [M].
  static void quantize_activation(const TensorView& x, const TensorView& xq, const TensorView& xs,
                                  ActQuantParams p) {
    require_cuda_contiguous(x, "x");
    const int M = static_cast<int>(x.size(0)), K = static_cast<int>(x.size(1));
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    launch_quant(x, M, K, p, xq.data_ptr(), static_cast<float*>(xs.data_ptr()), nullptr, false, env_stream(x));
  }

  static void launch_quant(const TensorView& x, int M, int K, ActQuantParams p, void* xq, float* xs,
                           float* xs_blocks, bool bf16_out, cudaStream_t s) {
    const auto* xp = static_cast<const __nv_bfloat16*>(x.data_ptr());
    float* amax = nullptr;
    tvm::ffi::Tensor amax_buf;
    if (kPerTensor) {
      amax_buf = tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({1}),
                                                DLDataType{kDLFloat, 32, 1}, x.device());
      amax = static_cast<float*>(amax_buf.data_ptr());
      check_cuda(cudaMemsetAsync(amax, 0, sizeof(float), s), "amax reset");
      tensor_amax_kernel<<<M, kThreads, 0, s>>>(xp, K, amax);
      check_cuda(cudaGetLastError(), "amax launch");
    }
    if (bf16_out) {
      quantize_rows_e4m3_kernel<true><<<M, kThreads, 0, s>>>(xp, K, p, amax, xq, xs, xs_blocks);
    } else {
      quantize_rows_e4m3_kernel<false><<<M, kThreads, 0, s>>>(xp, K, p, amax, xq, xs, xs_blocks);
    }
    check_cuda(cudaGetLastError(), "activation quantization launch");
  }

  // cfg: -1 auto, 0 decode path, 1 cuBLASLt path, 2 8-bit GEMV (M <= 16), 3 sliced cuBLASLt,
  // 4 cuBLASLt outer-vector scaling (PerRow).
  static void run(const TensorView& x, const TensorView& q, const TensorView& wscale, const TensorView& bias,
                  const TensorView& y, ActQuantParams p, int cfg) {
    int N, K;
    check_weight(q, wscale, &N, &K);
    int M;
    const __nv_bfloat16* bp = check_linear_io(x, y, bias, N, K, &M);
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    // cuBLASLt (cfg 1) measured at least as fast as the decode path (cfg 0) for M = 1 and 16 on
    // most shapes (bench/results/gpu-kernels.md), so it is the default at every M.
    // H200, N=14336 K=4096 (docs/gpu-runs/2026-11-28-dyn-r1): the GEMV 20.3 us at M=1 (cuBLASLt
    // 23.0, float8 weight-only 22.3), cuBLASLt 22.7 at M=16 (GEMV 28.8).
    // Round 4 (H200): PerRow M=2048 cuBLASLt OUTER_VEC (cfg 4) 178.7 us vs _scaled_mm alone 176.6
    // (cfg 1 253.2, wgmma cfg 7 257.1).
    if (cfg < 0) cfg = M <= 8 ? 2 : (M > 16 && !kPerTensor ? 4 : 1);
    if (cfg > 8) TVM_FFI_THROW(ValueError) << "quantforge: unknown float8 dynamic configuration " << cfg;
    const bool gemv = cfg == 2 || cfg == 5 || cfg == 6;
    if (gemv && M > 16) TVM_FFI_THROW(ValueError) << "quantforge: the float8 GEMV path takes M <= 16, got " << M;
    const bool decode = cfg == 0;
    const bool wgmma = cfg == 7 || cfg == 8;
    const bool lt = cfg == 1 || cfg == 3 || cfg == 4;
    const bool outer_vec = cfg == 4 && !kPerTensor;
    const bool rowwise_gemm = lt && !kPerTensor && !outer_vec;  // fp32 GEMM output + epilogue kernel
    const int cols = cfg == 3 && N > 2048 ? 2048 : N;
    // Scratch: activation codes | xs [M] | (fp32 accumulators [M][cols]) | cuBLASLt workspace.
    auto up = [](int64_t b) { return (b + 255) / 256 * 256; };
    const int64_t code_bytes = up(static_cast<int64_t>(M) * K * (decode ? 2 : 1));
    const int64_t xs_bytes = up(static_cast<int64_t>(M) * 4);
    const int64_t acc_bytes = rowwise_gemm ? up(static_cast<int64_t>(M) * cols * 4) : 0;
    const int64_t bytes = code_bytes + xs_bytes + acc_bytes + (lt ? static_cast<int64_t>(kLtWorkspace) : 0);
    tvm::ffi::Tensor scratch = tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({bytes}),
                                                              DLDataType{kDLUInt, 8, 1}, x.device());
    char* base = static_cast<char*>(scratch.data_ptr());
    float* xs = reinterpret_cast<float*>(base + code_bytes);
    float* acc = rowwise_gemm ? reinterpret_cast<float*>(base + code_bytes + xs_bytes) : nullptr;
    char* lt_ws = base + code_bytes + xs_bytes + acc_bytes;
    launch_quant(x, M, K, p, base, xs, nullptr, decode, s);
    const typename F::Args fa{static_cast<const float*>(wscale.data_ptr())};
    auto* yp = static_cast<__nv_bfloat16*>(y.data_ptr());
    if (wgmma) {
      const Fp8DynEpilogue epi{xs, fa.scale, kPerTensor ? 0 : 1, bp};
      const char* err = launch_gemm8_wgmma<wg::WgE4M3>(base, q.data_ptr(), M, N, K, epi, yp, s, cfg == 8);
      if (err != nullptr) TVM_FFI_THROW(RuntimeError) << "quantforge: " << err;
      return;
    }
    if (gemv) {
      const auto* xb = reinterpret_cast<const uint8_t*>(base);
      const auto* qp = static_cast<const uint8_t*>(q.data_ptr());
      const Fp8DynEpilogue epi{xs, fa.scale, kPerTensor ? 0 : 1, bp};
      check_cuda(launch_dyn_gemv_variant<MmaE4M3, false>(cfg == 2 ? 0 : cfg - 4, xb, M, K, N, qp, epi, yp, s),
                 "float8 GEMV launch");
      return;
    }
    if (decode) {
      if (M > 16) TVM_FFI_THROW(ValueError) << "quantforge: the float8 decode path takes M <= 16, got " << M;
      const auto* xb = reinterpret_cast<const __nv_bfloat16*>(base);
      const auto* qp = static_cast<const uint8_t*>(q.data_ptr());
      check_cuda(M <= 8 ? launch_decode_linear<F, 2, 1, 8, 4, true>(xb, M, K, N, qp, fa, xs, bp, yp, s)
                        : launch_decode_linear<F, 2, 2, 8, 4, true>(xb, M, K, N, qp, fa, xs, bp, yp, s),
                 "float8 decode launch");
      return;
    }
    try {
      if (outer_vec) {
        CublasLt::instance().gemm(LtGemmKey{M, N, K, CUDA_R_8F_E4M3, CUDA_R_8F_E4M3, LtScale::kOuterVec, bp != nullptr},
                                  q.data_ptr(), base, yp, fa.scale, xs, bp, lt_ws, kLtWorkspace, s);
      } else if (rowwise_gemm) {
        // cuBLASLt on sm_90 has no outer-vector or 1x128 float8 scaling (measured: status 7),
        // so the GEMM writes fp32 and one epilogue pass applies both scales and the bias.
        for (int n0 = 0; n0 < N; n0 += cols) {
          const int c = N - n0 < cols ? N - n0 : cols;
          CublasLt::instance().gemm(LtGemmKey{M, c, K, CUDA_R_8F_E4M3, CUDA_R_8F_E4M3, LtScale::kNone, false, CUDA_R_32F},
                                    static_cast<const uint8_t*>(q.data_ptr()) + static_cast<size_t>(n0) * K, base, acc,
                                    nullptr, nullptr, nullptr, lt_ws, kLtWorkspace, s);
          const size_t quads = static_cast<size_t>(M) * c / 4;
          scale_rows_cols_slice_kernel<<<static_cast<unsigned>((quads + 255) / 256), 256, 0, s>>>(acc, c, xs, fa.scale, bp,
                                                                                                  M, N, n0, yp);
          check_cuda(cudaGetLastError(), "scaled-mm epilogue launch");
        }
      } else {
        CublasLt::instance().gemm(LtGemmKey{M, N, K, CUDA_R_8F_E4M3, CUDA_R_8F_E4M3, LtScale::kScalar, bp != nullptr},
                                  q.data_ptr(), base, yp, fa.scale, xs, bp, lt_ws, kLtWorkspace, s);
      }
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
  }
};

}  // namespace qf
