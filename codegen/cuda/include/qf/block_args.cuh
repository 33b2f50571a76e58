// Scale tensors of the block-scaled formats (block_formats.cuh) -> BlockScaleArgs, with checks
// that name the tensor and the shape expected. Scales stay in torchao's swizzled layout
// (to_blocked of [N, K / G]: [ceil(N/128)*32, ceil(K/G/4)*16]); the kernels index it directly.
#pragma once
#include "block_formats.cuh"
#include "format_args.cuh"

namespace qf {

inline BlockScaleArgs block_scale_args(const TensorView& scale, int N, int K, int G, const char* what) {
  require_cuda_contiguous(scale, "scale");
  const int cols = K / G;
  const int64_t rows_b = (N + 127) / 128 * 32, cols_b = (cols + 3) / 4 * 16;
  if (scale.dtype().bits != 8 || scale.numel() != rows_b * cols_b) {
    TVM_FFI_THROW(ValueError) << "quantforge: " << what << " scale must be 8-bit swizzled (to_blocked) ["
                              << rows_b << ", " << cols_b << "] for a [" << N << ", " << K << "] weight";
  }
  return {static_cast<const uint8_t*>(scale.data_ptr()), (cols + 3) / 4, nullptr};
}

// MXTensor weight: e8m0 scales, block 32.
inline BlockScaleArgs mx_args(const TensorView& scale, int N, int K) {
  return block_scale_args(scale, N, K, 32, "MX");
}

// NVFP4Tensor weight: e4m3 scales, block 16; per_tensor_scale fp32 with one element, or empty.
inline BlockScaleArgs nvfp4_args(const TensorView& scale, const TensorView& per_tensor_scale, int N, int K) {
  BlockScaleArgs a = block_scale_args(scale, N, K, 16, "NVFP4");
  if (per_tensor_scale.numel() != 0) {
    require_cuda_contiguous(per_tensor_scale, "per_tensor_scale");
    if (!is_dtype(per_tensor_scale, kDLFloat, 32) || per_tensor_scale.numel() != 1) {
      TVM_FFI_THROW(ValueError) << "quantforge: NVFP4 per_tensor_scale must be float32 with one element (or empty: none)";
    }
    a.per_tensor = static_cast<const float*>(per_tensor_scale.data_ptr());
  }
  return a;
}

}  // namespace qf
