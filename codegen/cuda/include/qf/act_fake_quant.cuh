// Activation quantize-dequantize passes for the configs whose linear is a weight-only one on a
// fake-quantized x (one light pass over x, then LinearOp<F> of weight_formats.cuh unchanged):
//   kInt8AsymToken  Int8DynamicActivationIntxWeightConfig (spec §3.10,
//                   _apply_int8_act_asym_per_token_quant_dequant): per token, ASYMMETRIC int8
//                   [-128, 127], eps = bf16 smallest normal 2^-126, everything in bf16 as PyTorch's
//                   CUDA ops round it: scale = bf16(bf16(max(mx,0) - min(mn,0)) * fp32(1/255)),
//                   zp = clamp(-128 - rne(bf16(min(mn,0) / scale))), r = bf16(1 / scale),
//                   q = clamp(rne(bf16(x * r)) + zp), x' = bf16((q - zp) * scale);
//   kFp8RowMslk     Float8DynamicActivationInt4WeightConfig's mslk quantize_fp8_row (§3.4.5):
//                   inv = fp32(448 / max(amax, 1/512)), q = e4m3(clamp(fp32(x * inv))),
//                   scale = fp32(1 / inv), x' = bf16(q * scale) (the GEMM's x_scale * (xq . w)
//                   with the product rounded to bf16 before the GEMM instead of after).
#pragma once
#include "act_quant_int8.cuh"
#include "linear_op.cuh"

namespace qf {

enum class FakeQuant { kInt8AsymToken = 0, kFp8RowMslk = 1 };

template <FakeQuant kMode>
__global__ void fake_quant_rows_kernel(const __nv_bfloat16* __restrict__ x, int K, __nv_bfloat16* __restrict__ out) {
  const __nv_bfloat16* row = x + static_cast<size_t>(blockIdx.x) * K;
  const float2 mm = row_min_max(row, K);
  float s, z = 0.f, r;
  if constexpr (kMode == FakeQuant::kInt8AsymToken) {
    const float mn_neg = fminf(mm.x, 0.f), mx_pos = fmaxf(mm.y, 0.f);
    const float eps = 1.1754943508222875e-38f;  // torch.finfo(torch.bfloat16).smallest_normal
    s = bf16r(__fmul_rn(bf16r(__fsub_rn(mx_pos, mn_neg)), 1.0f / 255.0f));
    s = s < eps ? eps : s;
    z = fminf(fmaxf(bf16r(-128.f - rintf(bf16r(__fdiv_rn(mn_neg, s)))), -128.f), 127.f);
    r = bf16r(__fdiv_rn(1.0f, s));
  } else {
    const float amax = fmaxf(fmaxf(-mm.x, mm.y), 1.0f / 512.0f);
    r = __fdiv_rn(448.0f, amax);
    s = __fdiv_rn(1.0f, r);
  }
  for (int k = threadIdx.x * 8; k < K; k += blockDim.x * 8) {
    const uint4 v = ld_cached_16(row + k);
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
    uint32_t o[4];
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 f = __bfloat1622float2(bits_bf162(w[i]));
      const float in[2] = {f.x, f.y};
      float d[2];
#pragma unroll
      for (int j = 0; j < 2; ++j) {
        if constexpr (kMode == FakeQuant::kInt8AsymToken) {
          const float q = fminf(fmaxf(rintf(bf16r(__fmul_rn(in[j], r))) + z, -128.f), 127.f);
          d[j] = __fmul_rn(q - z, s);  // q - z is an integer in [-255, 255]: exact
        } else {
          float q = __fmul_rn(in[j], r);
          q = q > 448.f ? 448.f : (q < -448.f ? -448.f : q);
          const __half_raw h = __nv_cvt_fp8_to_halfraw(__nv_cvt_float_to_fp8(q, __NV_SATFINITE, __NV_E4M3), __NV_E4M3);
          d[j] = __fmul_rn(__half2float(*reinterpret_cast<const __half*>(&h)), s);
        }
      }
      o[i] = pack_bf16x2(d[0], d[1]);
    }
    *reinterpret_cast<uint4*>(out + static_cast<size_t>(blockIdx.x) * K + k) = make_uint4(o[0], o[1], o[2], o[3]);
  }
}

// LinearOp<F> on the fake-quantized activation; dequantize / repack are LinearOp<F>'s own.
template <class F, FakeQuant kMode>
struct FakeQuantLinearOp {
  static void run(const TensorView& x, const TensorView& q, typename F::Args fa, const TensorView& bias,
                  const TensorView& out, int cfg) {
    require_cuda_contiguous(x, "x");
    if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2 || x.size(1) % 8 != 0) {
      TVM_FFI_THROW(ValueError) << "quantforge: x must be bfloat16 [M, K] with K % 8 == 0";
    }
    const int M = static_cast<int>(x.size(0)), K = static_cast<int>(x.size(1));
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    tvm::ffi::Tensor xfq = tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({M, K}),
                                                          DLDataType{kDLBfloat, 16, 1}, x.device());
    if (M > 0) {
      fake_quant_rows_kernel<kMode><<<M, 256, 0, env_stream(x)>>>(static_cast<const __nv_bfloat16*>(x.data_ptr()), K,
                                                                 static_cast<__nv_bfloat16*>(xfq.data_ptr()));
      check_cuda(cudaGetLastError(), "activation fake-quantization launch");
    }
    LinearOp<F>::run(xfq, q, fa, bias, out, cfg);
  }

  // The fake-quantized activation alone (exported for bit-exact tests).
  static void quantize_activation(const TensorView& x, const TensorView& out) {
    require_cuda_contiguous(x, "x");
    require_cuda_contiguous(out, "out");
    if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2 || x.size(1) % 8 != 0 || !is_dtype(out, kDLBfloat, 16) ||
        out.numel() != x.numel()) {
      TVM_FFI_THROW(ValueError) << "quantforge: quantize_activation takes x bfloat16 [M, K] (K % 8 == 0) and out of the same shape";
    }
    const int M = static_cast<int>(x.size(0)), K = static_cast<int>(x.size(1));
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    fake_quant_rows_kernel<kMode><<<M, 256, 0, env_stream(x)>>>(static_cast<const __nv_bfloat16*>(x.data_ptr()), K,
                                                               static_cast<__nv_bfloat16*>(out.data_ptr()));
    check_cuda(cudaGetLastError(), "activation fake-quantization launch");
  }
};

}  // namespace qf
