// Host side of the block-scaled configs that quantize the activation too:
//   MxDynamicOp     MXDynamicActivationMXWeightConfig / MXFPInferenceConfig, EMULATED numerics
//                   (mx.ts mxLinear): addmm(bias, dequant(to_mx(x)), dequant(W)^T) in bf16;
//   Nvfp4DynamicOp  NVFP4DynamicActivationNVFP4WeightConfig (nvfp4.ts nvfp4ScaledMm):
//                   bf16(sum (a*sa)(w*sw) [+ bias]) * bf16(P_a * P_w), then + bias if held back;
//                   here sum (a*sa)(w*sw) * bf16(P_a * P_w) + bias with one rounding (within the
//                   linear tolerance of the oracle, which rounds twice as torchao does).
// Both run one activation pass (block_act_quant.cuh) that writes the dequantized activation as
// bf16 into scratch (exact for both formats), then the weight-only LinearOp<F> of the weight's
// decode policy on it: the decode kernels for M <= 64, dequantize + cuBLASLt above. Bf16
// operands with fp32 accumulation are the EMULATED path itself (MX) and, for NVFP4, exact
// operands of the scaled GEMM, so outputs match the float64 reference within accumulation
// error. Same exports as a weight-only kernel plus quantize_activation (bit-exact tests).
#pragma once
#include "block_act_quant.cuh"
#include "block_args.cuh"
#include "block_fp4_split.cuh"
#include "linear_op.cuh"

namespace qf {

// A contiguous DLTensor view over device memory (scratch activations, the empty bias).
struct DeviceView {
  int64_t shape[2];
  DLTensor t;
  DeviceView(void* data, DLDevice dev, DLDataType dtype, int64_t rows, int64_t cols) : shape{rows, cols}, t{} {
    t.data = data;
    t.device = dev;
    t.ndim = cols < 0 ? 1 : 2;
    t.dtype = dtype;
    t.shape = shape;
    if (cols < 0) shape[0] = rows;
  }
  TensorView view() const { return TensorView(&t); }
};

constexpr DLDataType kBf16Type{kDLBfloat, 16, 1};

// x bf16 [M, K] on the device, K a multiple of `block`.
inline int check_block_activation(const TensorView& x, int K, int block, const char* what) {
  require_cuda_contiguous(x, "x");
  if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2 || x.size(1) != K) {
    TVM_FFI_THROW(ValueError) << "quantforge: x must be bfloat16 [M, " << K << "]";
  }
  if (K % block != 0) {
    TVM_FFI_THROW(ValueError) << "quantforge: " << what << " activation needs K % " << block << " == 0, got K=" << K;
  }
  return static_cast<int>(x.size(0));
}

inline tvm::ffi::Tensor scratch_bytes(const TensorView& like, int64_t bytes) {
  return tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({bytes}), DLDataType{kDLUInt, 8, 1},
                                        like.device());
}

inline unsigned act_blocks(size_t n8, int threads) {
  const size_t b = (n8 + threads - 1) / threads;
  return static_cast<unsigned>(b < 4096 ? (b == 0 ? 1 : b) : 4096);
}

// F: weight decode policy (block_formats.cuh); kElem, kMode: mx_act_quant_kernel's.
template <class F, int kElem, int kMode>
struct MxDynamicOp {
  using Lin = LinearOp<F>;
  static void dims(const TensorView& q, int* N, int* K) { Lin::dims(q, N, K); }

  static void launch_act(const TensorView& x, size_t n8, __nv_bfloat16* xd, uint8_t* xq, uint8_t* xs, cudaStream_t s) {
    mx_act_quant_kernel<kElem, kMode><<<act_blocks(n8, 256), 256, 0, s>>>(
        static_cast<const __nv_bfloat16*>(x.data_ptr()), n8, xd, xq, xs);
    check_cuda(cudaGetLastError(), "MX activation quantization launch");
  }

  static void run(const TensorView& x, const TensorView& q, typename F::Args fa, const TensorView& bias,
                  const TensorView& y, int cfg) {
    int N, K;
    dims(q, &N, &K);
    const int M = check_block_activation(x, K, 32, "MX");
    if (M == 0) return Lin::run(x, q, fa, bias, y, cfg);  // validates y, launches nothing
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    tvm::ffi::Tensor xd = scratch_bytes(x, static_cast<int64_t>(M) * K * 2);
    launch_act(x, static_cast<size_t>(M) * K / 8, static_cast<__nv_bfloat16*>(xd.data_ptr()), nullptr, nullptr, s);
    const DeviceView xv(xd.data_ptr(), x.device(), kBf16Type, M, K);
    Lin::run(xv.view(), q, fa, bias, y, cfg);
  }

  // torchao's activation MXTensor: xq = qdata storage (fp4 [M, K/2] packed even-low, else
  // [M, K] one byte per element), xs = e8m0 [M, K/32] unswizzled; xd = its bf16 dequantization.
  static void quantize_activation(const TensorView& x, const TensorView& xq, const TensorView& xs, const TensorView& xd) {
    const int K = static_cast<int>(x.size(1));
    const int M = check_block_activation(x, K, 32, "MX");
    const int64_t code_bytes = kElem == 4 ? static_cast<int64_t>(M) * K / 2 : static_cast<int64_t>(M) * K;
    require_cuda_contiguous(xq, "xq");
    require_cuda_contiguous(xs, "xs");
    require_cuda_contiguous(xd, "xd");
    if (xq.dtype().bits != 8 || xq.numel() != code_bytes) {
      TVM_FFI_THROW(ValueError) << "quantforge: xq must hold " << code_bytes << " bytes (MX activation codes)";
    }
    if (xs.dtype().bits != 8 || xs.numel() != static_cast<int64_t>(M) * (K / 32)) {
      TVM_FFI_THROW(ValueError) << "quantforge: xs must be 8-bit [" << M << ", " << K / 32 << "] (e8m0, unswizzled)";
    }
    if (!is_dtype(xd, kDLBfloat, 16) || xd.numel() != static_cast<int64_t>(M) * K) {
      TVM_FFI_THROW(ValueError) << "quantforge: xd must be bfloat16 [" << M << ", " << K << "]";
    }
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    launch_act(x, static_cast<size_t>(M) * K / 8, static_cast<__nv_bfloat16*>(xd.data_ptr()),
               static_cast<uint8_t*>(xq.data_ptr()), static_cast<uint8_t*>(xs.data_ptr()), env_stream(x));
  }

  static void dequantize(const TensorView& q, typename F::Args fa, const TensorView& out) { Lin::dequantize(q, fa, out); }
};

// NVFP4WeightOnlyConfig: the weight-only linear of F; dequantize gets exact_args from the
// emitter (with P: torchao's fp32 product per element, while the linear applies P to the
// accumulator).
template <class F>
struct BlockWeightOp {
  using Lin = LinearOp<F>;
  static void dims(const TensorView& q, int* N, int* K) { Lin::dims(q, N, K); }
  static void run(const TensorView& x, const TensorView& q, typename F::Args fa, const TensorView& bias,
                  const TensorView& y, int cfg) {
    Lin::run(x, q, fa, bias, y, cfg);
  }
  static void dequantize(const TensorView& q, typename F::Args fa, const TensorView& out) { Lin::dequantize(q, fa, out); }
};

// kDynamicP: P_a = amax(x) / 2688 per call; otherwise the static act_per_tensor_scale (fp32, one
// element) when given, else none. The GEMM runs on a * sa and w * sw; the activation pass
// writes bf16(P_a * P_w) to scratch and the weight policy's per-tensor pointer (col_scale)
// points there, so the decode epilogue (or the prefill dequantize) applies it.
template <bool kDynamicP>
struct Nvfp4DynamicOp {
  using F = Fp4Split<16, true>;
  using Lin = LinearOp<F>;
  // Up to this many 8-element groups one block computes amax(x) itself (one launch).
  static constexpr size_t kFusedGroups = 4096;
  static void dims(const TensorView& q, int* N, int* K) { Lin::dims(q, N, K); }

  static const float* static_scale(const TensorView& act) {
    if (kDynamicP || act.numel() == 0) return nullptr;
    require_cuda_contiguous(act, "act_per_tensor_scale");
    if (!is_dtype(act, kDLFloat, 32) || act.numel() != 1) {
      TVM_FFI_THROW(ValueError) << "quantforge: act_per_tensor_scale must be float32 with one element (or empty: none)";
    }
    return static_cast<const float*>(act.data_ptr());
  }

  // Activation pass; amax_scratch: 4 bytes of device memory for the dynamic two-kernel path.
  // pprod: where bf16(P_a * P_w) goes (null: not needed); pw: the weight's P or null.
  static void launch_act(const TensorView& x, int M, int K, const float* p_static, uint32_t* amax_scratch,
                         __nv_bfloat16* xd, uint8_t* xq, uint8_t* xs, float* xp, const float* pw, float* pprod,
                         cudaStream_t s) {
    const auto* xp_in = static_cast<const __nv_bfloat16*>(x.data_ptr());
    const size_t n8 = static_cast<size_t>(M) * K / 8;
    ActScale as{nullptr, p_static};
    if (kDynamicP) {
      if (n8 <= kFusedGroups) {
        nvfp4_act_quant_kernel<true><<<1, 512, 0, s>>>(xp_in, n8, K, as, xd, xq, xs, xp, pw, pprod);
        check_cuda(cudaGetLastError(), "NVFP4 activation quantization launch");
        return;
      }
      check_cuda(cudaMemsetAsync(amax_scratch, 0, sizeof(uint32_t), s), "amax reset");
      const unsigned blocks = act_blocks(n8, 256);
      abs_max_bits_kernel<<<blocks < 264 ? blocks : 264, 256, 0, s>>>(xp_in, n8, amax_scratch);
      check_cuda(cudaGetLastError(), "NVFP4 activation amax launch");
      as.amax_bits = amax_scratch;
    }
    nvfp4_act_quant_kernel<false><<<act_blocks(n8, 512), 512, 0, s>>>(xp_in, n8, K, as, xd, xq, xs, xp, pw, pprod);
    check_cuda(cudaGetLastError(), "NVFP4 activation quantization launch");
  }

  static void run(const TensorView& x, const TensorView& q, typename F::Args fa, const TensorView& act_scale,
                  const TensorView& bias, const TensorView& y, int cfg) {
    int N, K;
    dims(q, &N, &K);
    const int M = check_block_activation(x, K, 16, "NVFP4");
    const float* p_static = static_scale(act_scale);
    const float* pw = fa.per_tensor;
    const bool has_p = kDynamicP || p_static != nullptr || pw != nullptr;
    if (M == 0) return Lin::run(x, q, fa, bias, y, cfg);
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    const int64_t xd_bytes = (static_cast<int64_t>(M) * K * 2 + 255) / 256 * 256;
    tvm::ffi::Tensor scratch = scratch_bytes(x, xd_bytes + 256);
    auto* xd = static_cast<__nv_bfloat16*>(scratch.data_ptr());
    auto* amax = reinterpret_cast<uint32_t*>(static_cast<char*>(scratch.data_ptr()) + xd_bytes);
    float* pprod = has_p ? reinterpret_cast<float*>(static_cast<char*>(scratch.data_ptr()) + xd_bytes + 128) : nullptr;
    launch_act(x, M, K, p_static, amax, xd, nullptr, nullptr, nullptr, pw, pprod, s);
    // the GEMM on a*sa and w*sw; the policy's per-tensor scale (col_scale) is now bf16(P_a * P_w)
    fa.per_tensor = pprod;
    const DeviceView xv(xd, x.device(), kBf16Type, M, K);
    Lin::run(xv.view(), q, fa, bias, y, cfg);
  }

  // torchao's activation NVFP4Tensor: xq packed [M, K/2], xs e4m3 swizzled (to_blocked of
  // [M, K/16], padding left as the caller filled it), xp fp32 [1] = P_a (empty: not written),
  // xd its bf16 dequantization without P_a.
  static void quantize_activation(const TensorView& x, const TensorView& act_scale, const TensorView& xq,
                                  const TensorView& xs, const TensorView& xp, const TensorView& xd) {
    const int K = static_cast<int>(x.size(1));
    const int M = check_block_activation(x, K, 16, "NVFP4");
    const float* p_static = static_scale(act_scale);
    const int64_t rows_b = (M + 127) / 128 * 32, cols_b = (K / 16 + 3) / 4 * 16;
    require_cuda_contiguous(xq, "xq");
    require_cuda_contiguous(xs, "xs");
    require_cuda_contiguous(xd, "xd");
    if (xq.dtype().bits != 8 || xq.numel() != static_cast<int64_t>(M) * K / 2) {
      TVM_FFI_THROW(ValueError) << "quantforge: xq must be uint8 [" << M << ", " << K / 2 << "]";
    }
    if (xs.dtype().bits != 8 || xs.numel() != rows_b * cols_b) {
      TVM_FFI_THROW(ValueError) << "quantforge: xs must be 8-bit swizzled [" << rows_b << ", " << cols_b << "]";
    }
    if (xp.numel() != 0 && (!is_dtype(xp, kDLFloat, 32) || xp.numel() != 1)) {
      TVM_FFI_THROW(ValueError) << "quantforge: xp must be float32 with one element (or empty)";
    }
    if (!is_dtype(xd, kDLBfloat, 16) || xd.numel() != static_cast<int64_t>(M) * K) {
      TVM_FFI_THROW(ValueError) << "quantforge: xd must be bfloat16 [" << M << ", " << K << "]";
    }
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    tvm::ffi::Tensor amax = scratch_bytes(x, 256);
    launch_act(x, M, K, p_static, static_cast<uint32_t*>(amax.data_ptr()), static_cast<__nv_bfloat16*>(xd.data_ptr()),
               static_cast<uint8_t*>(xq.data_ptr()), static_cast<uint8_t*>(xs.data_ptr()),
               xp.numel() != 0 ? static_cast<float*>(xp.data_ptr()) : nullptr, nullptr, nullptr, env_stream(x));
  }

  static void dequantize(const TensorView& q, typename F::Args fa, const TensorView& out) { Lin::dequantize(q, fa, out); }
};

}  // namespace qf
