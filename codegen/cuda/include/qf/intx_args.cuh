// Inner tensors of an intx weight (intx_formats.cuh) -> IntxArgs, with checks that name the
// tensor and the shape expected, and the nibble repack entry point (int1..int4 qdata ->
// int4 qf tile). int5..int8 qdata uses repack_bytes8 (a pure byte permutation).
#pragma once
#include "format_args.cuh"
#include "intx_formats.cuh"

namespace qf {

template <class S>
inline bool is_scale_dtype(const TensorView& t) {
  if constexpr (std::is_same_v<S, float>) return is_dtype(t, kDLFloat, 32);
  if constexpr (std::is_same_v<S, __half>) return is_dtype(t, kDLFloat, 16);
  return is_dtype(t, kDLBfloat, 16);
}

template <class S>
constexpr const char* scale_dtype_name() {
  if constexpr (std::is_same_v<S, float>) return "float32";
  if constexpr (std::is_same_v<S, __half>) return "float16";
  return "bfloat16";
}

// scale [N, K / G] (the kernel's scale dtype) and zero_point int8 [N, K / G]; G = 0: per
// channel, [N, 1].
template <class S, int G>
inline IntxArgs<S> intx_args(const TensorView& scale, const TensorView& zero_point, int N, int K) {
  const int groups = G == 0 ? 1 : K / G;
  if (G != 0 && K % G != 0) {
    TVM_FFI_THROW(ValueError) << "quantforge: intx group size " << G << " does not divide K=" << K;
  }
  require_cuda_contiguous(scale, "scale");
  require_cuda_contiguous(zero_point, "zero_point");
  const auto shaped = [&](const TensorView& t) {
    return t.ndim() == 2 && t.size(0) == N && t.size(1) == groups;
  };
  if (!is_scale_dtype<S>(scale) || !shaped(scale)) {
    TVM_FFI_THROW(ValueError) << "quantforge: intx scale must be " << scale_dtype_name<S>() << " [" << N << ", "
                              << groups << "]";
  }
  if (!is_dtype(zero_point, kDLInt, 8) || !shaped(zero_point)) {
    TVM_FFI_THROW(ValueError) << "quantforge: intx zero_point must be int8 [" << N << ", " << groups << "]";
  }
  return {static_cast<const S*>(scale.data_ptr()), static_cast<const int8_t*>(zero_point.data_ptr()), groups};
}

inline void repack_intx_nibbles(const TensorView& src, const TensorView& dst) {
  require_cuda_contiguous(src, "qdata");
  if (src.ndim() != 2 || !is_dtype(src, kDLInt, 8)) {
    TVM_FFI_THROW(ValueError) << "quantforge: intx qdata must be int8 [N, K] (one value per byte)";
  }
  const int N = static_cast<int>(src.size(0)), K = static_cast<int>(src.size(1));
  if (N % 8 != 0 || K % 128 != 0) {
    TVM_FFI_THROW(ValueError) << "quantforge: int1..int4 intx CUDA kernels need N % 8 == 0 and K % 128 == 0, got N="
                              << N << " K=" << K;
  }
  check_tile_out(dst, N, K, 128);
  tvm::ffi::CUDADeviceGuard guard(src.device().device_id);
  const size_t slices = static_cast<size_t>(N / 8) * (K / 128) * 32;
  repack_intx_nibbles_kernel<<<static_cast<unsigned>((slices + 255) / 256), 256, 0, env_stream(src)>>>(
      static_cast<const int8_t*>(src.data_ptr()), N, K, static_cast<uint8_t*>(dst.data_ptr()));
  check_cuda(cudaGetLastError(), "intx nibble repack launch");
}

}  // namespace qf
