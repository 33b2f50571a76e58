// Scale tensors -> F::Args, with the checks that name the tensor and the expected shape.
// One overload per format family of weight_formats.cuh.
#pragma once
#include "linear_op.cuh"
#include "repack.cuh"

namespace qf {

// tinygemm pads K to a multiple of 1024, so its scale_and_zero may hold more groups than K needs.
inline void check_int4_qparam(const TensorView& t, const char* name, int groups, int N, bool interleaved) {
  require_cuda_contiguous(t, name);
  const bool shape_ok = interleaved
      ? t.ndim() == 3 && t.size(0) >= groups && t.size(1) == N && t.size(2) == 2
      : t.ndim() == 2 && t.size(0) == groups && t.size(1) == N;
  if (!is_dtype(t, kDLBfloat, 16) || !shape_ok) {
    TVM_FFI_THROW(ValueError) << "quantforge: " << name << " must be bfloat16 [" << (interleaved ? ">= " : "")
                              << groups << ", " << N << (interleaved ? ", 2]" : "]");
  }
}

// torchao plain Int4Tensor: scale and zero_point, each [K / G, N].
template <int G>
inline typename Int4Grouped<G>::Args int4_args(const TensorView& scale, const TensorView& zero, int N, int K) {
  check_int4_qparam(scale, "scale", K / G, N, false);
  check_int4_qparam(zero, "zero_point", K / G, N, false);
  return {static_cast<const __nv_bfloat16*>(scale.data_ptr()),
          static_cast<const __nv_bfloat16*>(zero.data_ptr()), 1};
}

// tinygemm Int4TilePackedTo4dTensor: scale_and_zero [K / G, N, 2].
template <int G>
inline typename Int4Grouped<G>::Args int4_args(const TensorView& scale_and_zero, int N, int K) {
  check_int4_qparam(scale_and_zero, "scale_and_zero", K / G, N, true);
  const auto* p = static_cast<const __nv_bfloat16*>(scale_and_zero.data_ptr());
  return {p, p + 1, 2};
}

template <class D, bool kPerTensor>
inline typename Bytes8RowScaled<D, kPerTensor>::Args row_scaled_args(const TensorView& s, int N) {
  require_cuda_contiguous(s, "scale");
  const int64_t want = kPerTensor ? 1 : N;
  if (!is_dtype(s, kDLFloat, 32) || s.numel() != want) {
    TVM_FFI_THROW(ValueError) << "quantforge: scale must be float32 with " << want << " element(s)";
  }
  return {static_cast<const float*>(s.data_ptr())};
}

template <class D, int G>
inline typename Bytes8GroupScaled<D, G>::Args group_scaled_args(const TensorView& s, int N, int K) {
  require_cuda_contiguous(s, "scale");
  if (!is_dtype(s, kDLFloat, 32) || s.numel() != static_cast<int64_t>(N) * (K / G)) {
    TVM_FFI_THROW(ValueError) << "quantforge: scale must be float32 [" << N << ", " << K / G << "]";
  }
  return {static_cast<const float*>(s.data_ptr())};
}

// PerBlock([BN, BK]) scale: float32 [N / BN, K / BK].
template <class D, int BN, int BK>
inline typename Bytes8BlockScaled<D, BN, BK>::Args block_scaled_args(const TensorView& s, int N, int K) {
  require_cuda_contiguous(s, "scale");
  if (N % BN != 0 || K % BK != 0) {
    TVM_FFI_THROW(ValueError) << "quantforge: 8-bit block-scaled CUDA kernels need N % " << BN << " == 0 and K % "
                              << BK << " == 0, got N=" << N << " K=" << K;
  }
  if (!is_dtype(s, kDLFloat, 32) || s.ndim() != 2 || s.size(0) != N / BN || s.size(1) != K / BK) {
    TVM_FFI_THROW(ValueError) << "quantforge: scale must be float32 [" << N / BN << ", " << K / BK << "]";
  }
  return {static_cast<const float*>(s.data_ptr())};
}

// ---- repack entry points: torchao storage -> qf tile [N/8, K/chunk, 32, 16] uint8.

inline void check_tile_out(const TensorView& dst, int N, int K, int chunk) {
  require_cuda_contiguous(dst, "dst");
  if (!is_dtype(dst, kDLUInt, 8) || dst.ndim() != 4 || dst.size(0) != N / 8 || dst.size(1) != K / chunk ||
      dst.size(2) != 32 || dst.size(3) != 16) {
    TVM_FFI_THROW(ValueError) << "quantforge: dst must be a uint8 qf tile [" << N / 8 << ", " << K / chunk
                              << ", 32, 16]";
  }
}

inline void repack_int4_plain(const TensorView& src, const TensorView& dst) {
  require_cuda_contiguous(src, "qdata");
  if (src.ndim() != 2 || src.dtype().bits != 8) {
    TVM_FFI_THROW(ValueError) << "quantforge: int4 plain qdata must be int8 [N, K/2]";
  }
  const int N = static_cast<int>(src.size(0)), K = static_cast<int>(src.size(1) * 2);
  if (N % 8 != 0 || K % 128 != 0) {
    TVM_FFI_THROW(ValueError) << "quantforge: int4 CUDA kernels need N % 8 == 0 and K % 128 == 0, got N="
                              << N << " K=" << K;
  }
  check_tile_out(dst, N, K, 128);
  tvm::ffi::CUDADeviceGuard guard(src.device().device_id);
  const size_t slices = static_cast<size_t>(N / 8) * (K / 128) * 32;
  repack_int4_plain_kernel<<<static_cast<unsigned>((slices + 255) / 256), 256, 0, env_stream(src)>>>(
      static_cast<const uint8_t*>(src.data_ptr()), N, K, static_cast<uint8_t*>(dst.data_ptr()));
  check_cuda(cudaGetLastError(), "int4 plain repack launch");
}

// K = logical (unpadded) reduction size, a multiple of 128 and <= the tinygemm K_pad.
inline void repack_int4_tinygemm(const TensorView& src, int64_t K, const TensorView& dst) {
  require_cuda_contiguous(src, "qdata");
  if (src.ndim() != 4 || src.dtype().bits != 32 || src.size(2) != 32 || src.size(3) != 4) {
    TVM_FFI_THROW(ValueError) << "quantforge: tinygemm qdata must be int32 [N/8, K/128, 32, 4]";
  }
  const int N = static_cast<int>(src.size(0) * 8), KT = static_cast<int>(src.size(1));
  if (K % 128 != 0 || K > KT * 128) {
    TVM_FFI_THROW(ValueError) << "quantforge: K=" << K << " must be a multiple of 128 and at most " << KT * 128;
  }
  check_tile_out(dst, N, static_cast<int>(K), 128);
  tvm::ffi::CUDADeviceGuard guard(src.device().device_id);
  const size_t slices = static_cast<size_t>(N / 8) * (K / 128) * 32;
  repack_int4_tinygemm_kernel<<<static_cast<unsigned>((slices + 255) / 256), 256, 0, env_stream(src)>>>(
      static_cast<const uint32_t*>(src.data_ptr()), N, static_cast<int>(K), KT,
      static_cast<uint8_t*>(dst.data_ptr()));
  check_cuda(cudaGetLastError(), "int4 tinygemm repack launch");
}

inline void repack_bytes8(const TensorView& src, const TensorView& dst) {
  require_cuda_contiguous(src, "qdata");
  if (src.ndim() != 2 || src.dtype().bits != 8) {
    TVM_FFI_THROW(ValueError) << "quantforge: 8-bit qdata must have one byte per element, [N, K]";
  }
  const int N = static_cast<int>(src.size(0)), K = static_cast<int>(src.size(1));
  if (N % 8 != 0 || K % 64 != 0) {
    TVM_FFI_THROW(ValueError) << "quantforge: 8-bit CUDA kernels need N % 8 == 0 and K % 64 == 0, got N="
                              << N << " K=" << K;
  }
  check_tile_out(dst, N, K, 64);
  tvm::ffi::CUDADeviceGuard guard(src.device().device_id);
  const size_t slices = static_cast<size_t>(N / 8) * (K / 64) * 32;
  repack_bytes8_kernel<<<static_cast<unsigned>((slices + 255) / 256), 256, 0, env_stream(src)>>>(
      static_cast<const uint8_t*>(src.data_ptr()), N, K, static_cast<uint8_t*>(dst.data_ptr()));
  check_cuda(cudaGetLastError(), "8-bit repack launch");
}

}  // namespace qf
