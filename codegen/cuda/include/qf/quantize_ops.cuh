// Host entry points of the weight quantization kernels, one per policy, templated on the
// weight dtype; generated sources (codegen/cuda/quantize/emit.ts) instantiate and export them.
// They share one argument list so that the TypeScript side calls every one the same way:
//   (w, qdata, scale, zero, stats, group, per_tensor, mode, qmin, qmax, eps_log2)
// w [N, K] on the device; outputs preallocated by the caller (destination passing); `stats` an
// int32 scratch of >= 3 elements (per-tensor formats); `zero` unused by float8 (pass any tensor).
// eps = 2^eps_log2 (every eps torchao uses is a power of two; integers marshal exactly).
// mode: int4_plain bit 0 symmetric, bit 1 CUDA division by 15; affine bits 0-1 the mapping
// (0 symmetric, 1 asymmetric, 2 symmetric_no_clipping_err), bit 2 CUDA scalar division;
// float8 1 for e5m2. nvfp4: per_tensor = 1 computes and stores the per-tensor scale into `zero`
// (fp32, one element). mx: mode = element (0 e4m3fn, 1 e5m2, 2 fp6_e2m3, 3 fp6_e3m2, 4 fp4_e2m1)
// | scaling << 4 (0 FLOOR, 1 RCEIL, 2 CEIL, 3 EVEN), group = block_size.
#pragma once
#include "quantize_float8.cuh"
#include "quantize_int.cuh"
#include "quantize_kernel.cuh"
#include "quantize_mx.cuh"
#include "quantize_nvfp4.cuh"

namespace qf {
namespace quant {

inline int float_code(const TensorView& t, const char* name) {
  const DLDataType d = t.dtype();
  if (d.code == kDLFloat && d.bits == 32) return kF32;
  if (d.code == kDLBfloat && d.bits == 16) return kBF16;
  if (d.code == kDLFloat && d.bits == 16) return kF16;
  TVM_FFI_THROW(TypeError) << "quantforge quantize: " << name << " must be float32, bfloat16 or float16";
  return -1;
}

inline void require_bytes(const TensorView& t, int64_t count, int bits, const char* name) {
  if (t.device().device_type != kDLCUDA || !t.IsContiguous() || t.numel() != count || t.dtype().bits != bits) {
    TVM_FFI_THROW(ValueError) << "quantforge quantize: " << name << " must be a contiguous CUDA tensor of " << count
                              << " " << bits << "-bit elements";
  }
}

inline int64_t scale_count(const TensorView& w, int64_t G, bool per_tensor) {
  return per_tensor ? 1 : w.size(0) * ((w.size(1) + G - 1) / G);
}

template <typename In>
void int4_plain(TensorView w, TensorView qdata, TensorView scale, TensorView zero, TensorView stats, int64_t group,
                int64_t per_tensor, int64_t mode, int64_t, int64_t, int64_t) {
  require(float_code(w, "w") == InputCode<In>::value, "w has the wrong dtype for this entry point");
  require(w.ndim() == 2 && w.size(1) % 2 == 0 && group % 2 == 0 && !per_tensor, "int4_plain needs [N, K] with K and group even");
  require_bytes(qdata, w.numel() / 2, 8, "qdata");
  require_bytes(scale, scale_count(w, group, false), 8 * sizeof(In), "scale");
  require_bytes(zero, scale_count(w, group, false), 8 * sizeof(In), "zero_point");
  const Int4PlainPolicy::Params p{static_cast<int>(mode & 1), static_cast<int>((mode >> 1) & 1), InputCode<In>::value};
  const Int4PlainPolicy::Out o{static_cast<uint8_t*>(qdata.data_ptr()), scale.data_ptr(), zero.data_ptr()};
  launch<Int4PlainPolicy, In>(w, group, false, p, o, stats);
}

template <typename In>
void affine(TensorView w, TensorView qdata, TensorView scale, TensorView zero, TensorView stats, int64_t group,
            int64_t per_tensor, int64_t mode, int64_t qmin, int64_t qmax, int64_t eps_log2) {
  require(float_code(w, "w") == InputCode<In>::value, "w has the wrong dtype for this entry point");
  require(qmin >= -128 && qmax <= 127 && qmin < qmax, "affine codes must fit int8");
  require_bytes(qdata, w.numel(), 8, "qdata");
  const int64_t count = scale_count(w, group, per_tensor != 0);
  const int scale_code = float_code(scale, "scale");
  require_bytes(scale, count, scale.dtype().bits, "scale");
  require_bytes(zero, count, 8, "zero_point");
  const AffinePolicy::Params p{static_cast<int>(mode & 3), static_cast<int>((mode >> 2) & 1), static_cast<int>(qmin),
                               static_cast<int>(qmax), ldexp(1.0, static_cast<int>(eps_log2)),
                               InputCode<In>::value, scale_code};
  const AffinePolicy::Out o{static_cast<int8_t*>(qdata.data_ptr()), scale.data_ptr(), static_cast<int8_t*>(zero.data_ptr())};
  launch<AffinePolicy, In>(w, group, per_tensor != 0, p, o, stats);
}

template <typename In>
void float8(TensorView w, TensorView qdata, TensorView scale, TensorView, TensorView stats, int64_t group,
            int64_t per_tensor, int64_t mode, int64_t, int64_t, int64_t) {
  require(float_code(w, "w") == InputCode<In>::value, "w has the wrong dtype for this entry point");
  require_bytes(qdata, w.numel(), 8, "qdata");
  require_bytes(scale, scale_count(w, group, per_tensor != 0), 32, "scale");
  // mode bit 0: e5m2; bit 1: CUDA's NaN rule (an invalid division gives +NaN)
  const Float8Policy::Params p{static_cast<int>(mode & 1), InputCode<In>::value, static_cast<int>((mode >> 1) & 1)};
  const Float8Policy::Out o{static_cast<uint8_t*>(qdata.data_ptr()), static_cast<float*>(scale.data_ptr())};
  launch<Float8Policy, In>(w, group, per_tensor != 0, p, o, stats);
}

template <typename In>
void nvfp4(TensorView w, TensorView qdata, TensorView scale, TensorView per_tensor_scale, TensorView stats,
           int64_t group, int64_t per_tensor, int64_t, int64_t, int64_t, int64_t) {
  require(float_code(w, "w") == InputCode<In>::value, "w has the wrong dtype for this entry point");
  require(w.ndim() == 2 && group == 16 && w.size(0) % 16 == 0 && w.size(1) % 16 == 0, "nvfp4 needs [N, K] with N, K % 16 == 0");
  const int64_t rows = w.size(0), cols = w.size(1) / 16;
  require_bytes(qdata, w.numel() / 2, 8, "qdata");
  require_bytes(scale, ((rows + 127) / 128) * 32 * ((cols + 3) / 4) * 16, 8, "scale (swizzled)");
  if (per_tensor) require_bytes(per_tensor_scale, 1, 32, "per_tensor_scale");
  require_bytes(stats, stats.numel(), 32, "stats");
  cudaStream_t stream = static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, w.device().device_id));
  // to_blocked zero-pads the scale matrix to 128 x 4 tiles
  check(cudaMemsetAsync(scale.data_ptr(), 0, scale.numel(), stream), "scale padding");
  int* st = nullptr;
  if (per_tensor) {
    st = static_cast<int*>(stats.data_ptr());
    reduce_tensor_stats<In>(static_cast<const In*>(w.data_ptr()), static_cast<size_t>(w.numel()), st, stream);
  }
  const Nvfp4KernelPolicy::Params p{st};
  const Nvfp4KernelPolicy::Out o{static_cast<uint8_t*>(qdata.data_ptr()), static_cast<uint8_t*>(scale.data_ptr()),
                                 per_tensor ? static_cast<float*>(per_tensor_scale.data_ptr()) : nullptr};
  launch<Nvfp4KernelPolicy, In>(w, 16, false, p, o, stats);
}

template <typename In>
void mx(TensorView w, TensorView qdata, TensorView scale, TensorView, TensorView stats, int64_t group, int64_t,
        int64_t mode, int64_t, int64_t, int64_t) {
  require(float_code(w, "w") == InputCode<In>::value, "w has the wrong dtype for this entry point");
  const int element = static_cast<int>(mode & 15), scaling = static_cast<int>(mode >> 4);
  require(element >= 0 && element <= 4 && scaling >= 0 && scaling <= 3, "mx mode out of range");
  require(w.ndim() == 2 && group >= 2 && group % 2 == 0 && w.size(1) % group == 0, "mx needs [N, K] with K % block_size == 0");
  const int64_t rows = w.size(0), cols = w.size(1) / group;
  const bool packed = element == 4;
  require_bytes(qdata, packed ? w.numel() / 2 : w.numel(), 8, "qdata");
  require_bytes(scale, ((rows + 127) / 128) * 32 * ((cols + 3) / 4) * 16, 8, "scale (swizzled)");
  cudaStream_t stream = static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, w.device().device_id));
  check(cudaMemsetAsync(scale.data_ptr(), 0, scale.numel(), stream), "scale padding");
  const MxPolicy::Params p{element, scaling};
  const MxPolicy::Out o{static_cast<uint8_t*>(qdata.data_ptr()), static_cast<uint8_t*>(scale.data_ptr()), packed ? 1 : 0};
  launch<MxPolicy, In>(w, group, false, p, o, stats);
}

}  // namespace quant
}  // namespace qf
