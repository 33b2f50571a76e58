// Host side of Float8DynamicActivationFloat8WeightConfig (e4m3, PerRow or PerTensor) on CUDA,
// three paths (the `cfg` argument; default 1):
//   cfg 0    act_quant (bf16 copies of the e4m3 values, one scale per row) -> the weight-
//            streaming decode kernel on torchao's own [N, K] e4m3 bytes, both scales applied
//            to the fp32 accumulator in its epilogue;
//   cfg 1    act_quant (e4m3 bytes) -> cuBLASLt float8 GEMM: per-tensor scales and bias fused
//            into it; per-row through an fp32 output and one epilogue pass (cuBLASLt has no
//            per-row float8 scaling on sm_90). One rounding to bf16 (torch._scaled_mm's contract);
//   cfg 2    M <= 16: act_quant (e4m3 bytes) -> the 8-bit GEMV (dyn_gemv.cuh, e4m3 mma, weight
//            streamed once, scales and bias in its reduction), launched with programmatic
//            dependent launch so its first weight loads overlap the quantization.
// Scratch (activation codes, scales, cuBLASLt workspace) comes from TVMFFIEnvTensorAlloc.
#pragma once
#include "act_quant.cuh"
#include "dyn_gemv.cuh"
#include "linear_op.cuh"

namespace qf {

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

  // cfg: -1 auto, 0 decode path, 1 cuBLASLt path, 2 8-bit GEMV (M <= 16).
  static void run(const TensorView& x, const TensorView& q, const TensorView& wscale, const TensorView& bias,
                  const TensorView& y, ActQuantParams p, int cfg) {
    int N, K;
    check_weight(q, wscale, &N, &K);
    require_cuda_contiguous(x, "x");
    require_cuda_contiguous(y, "y");
    if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2 || x.size(1) != K) {
      TVM_FFI_THROW(ValueError) << "quantforge: x must be bfloat16 [M, " << K << "]";
    }
    const int M = static_cast<int>(x.size(0));
    if (!is_dtype(y, kDLBfloat, 16) || y.ndim() != 2 || y.size(0) != M || y.size(1) != N) {
      TVM_FFI_THROW(ValueError) << "quantforge: y must be bfloat16 [" << M << ", " << N << "]";
    }
    const __nv_bfloat16* bp = nullptr;
    if (bias.numel() != 0) {
      require_cuda_contiguous(bias, "bias");
      if (!is_dtype(bias, kDLBfloat, 16) || bias.numel() != N) TVM_FFI_THROW(ValueError) << "quantforge: bias must be bfloat16 [" << N << "] or empty";
      bp = static_cast<const __nv_bfloat16*>(bias.data_ptr());
    }
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    // cuBLASLt (cfg 1) measured at least as fast as the decode path (cfg 0) for M = 1 and 16 on
    // most shapes (bench/results/gpu-kernels.md), so it is the default at every M.
    if (cfg < 0) cfg = 1;
    if (cfg > 2) TVM_FFI_THROW(ValueError) << "quantforge: unknown float8 dynamic configuration " << cfg;
    if (cfg == 2 && M > 16) TVM_FFI_THROW(ValueError) << "quantforge: the float8 GEMV path takes M <= 16, got " << M;
    const bool decode = cfg == 0;
    const bool gemv = cfg == 2;
    const bool rowwise_gemm = cfg == 1 && !kPerTensor;  // fp32 GEMM output + epilogue kernel
    // Scratch: activation codes | xs [M] | (fp32 accumulators [M][N]) | cuBLASLt workspace.
    auto up = [](int64_t b) { return (b + 255) / 256 * 256; };
    const int64_t code_bytes = up(static_cast<int64_t>(M) * K * (decode ? 2 : 1));
    const int64_t xs_bytes = up(static_cast<int64_t>(M) * 4);
    const int64_t acc_bytes = rowwise_gemm ? up(static_cast<int64_t>(M) * N * 4) : 0;
    const int64_t bytes = code_bytes + xs_bytes + acc_bytes + (cfg == 1 ? static_cast<int64_t>(kLtWorkspace) : 0);
    tvm::ffi::Tensor scratch = tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({bytes}),
                                                              DLDataType{kDLUInt, 8, 1}, x.device());
    char* base = static_cast<char*>(scratch.data_ptr());
    float* xs = reinterpret_cast<float*>(base + code_bytes);
    float* acc = rowwise_gemm ? reinterpret_cast<float*>(base + code_bytes + xs_bytes) : nullptr;
    char* lt_ws = base + code_bytes + xs_bytes + acc_bytes;
    launch_quant(x, M, K, p, base, xs, nullptr, decode, s);
    const typename F::Args fa{static_cast<const float*>(wscale.data_ptr())};
    auto* yp = static_cast<__nv_bfloat16*>(y.data_ptr());
    if (gemv) {
      const auto* xb = reinterpret_cast<const uint8_t*>(base);
      const auto* qp = static_cast<const uint8_t*>(q.data_ptr());
      const Fp8DynEpilogue epi{xs, fa.scale, kPerTensor ? 0 : 1, bp};
      check_cuda(M <= 8 ? launch_dyn_gemv<MmaE4M3, 1, 1, 8, 4, false, true>(xb, M, K, N, qp, epi, yp, s)
                        : launch_dyn_gemv<MmaE4M3, 2, 1, 8, 4, false, true>(xb, M, K, N, qp, epi, yp, s),
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
      if (rowwise_gemm) {
        // cuBLASLt on sm_90 has no outer-vector or 1x128 float8 scaling (measured: status 7),
        // so the GEMM writes fp32 and one epilogue pass applies both scales and the bias.
        CublasLt::instance().gemm(LtGemmKey{M, N, K, CUDA_R_8F_E4M3, CUDA_R_8F_E4M3, LtScale::kNone, false, CUDA_R_32F},
                                  q.data_ptr(), base, acc, nullptr, nullptr, nullptr, lt_ws, kLtWorkspace, s);
        const size_t quads = static_cast<size_t>(M) * N / 4;
        scale_rows_cols_kernel<<<static_cast<unsigned>((quads + 255) / 256), 256, 0, s>>>(acc, xs, fa.scale, bp, M, N, yp);
        check_cuda(cudaGetLastError(), "scaled-mm epilogue launch");
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
