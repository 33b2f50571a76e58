// Host side of a quantized linear on CUDA: validation, configuration choice and launch, for a
// weight-format policy F (weight_formats.cuh). Generated sources instantiate LinearOp<F> and
// export its member functions as TVM-FFI functions; nothing here allocates device memory.
//
// Paths (the default per shape and format: linear_defaults.h):
//   decode   M <= 64: weight streamed once per launch (decode_linear.cuh; the v5 variant
//            decode_stream.cuh is cfg 20-58, the v11 tile kernel decode_tile.cuh cfg 300-314),
//            tensor-core mma;
//   mixed    M = 17..256: mixed-input wgmma GEMM (mixed_wgmma.cuh, cfg 400-432), weight read once
//            from DRAM into wgmma's register A operand;
//   prefill  qf tile -> bf16 [N, K] in a scratch tensor from the caller's allocator
//            (TVMFFIEnvTensorAlloc: PyTorch's under Python, the addon's under Node), then a
//            cuBLASLt bf16 GEMM with the bias fused in its epilogue. Crossover: bench/gpu.
#pragma once
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/extra/cuda/device_guard.h>
#include <tvm/ffi/function.h>

#include "cublaslt.cuh"
#include "decode_linear.cuh"
#include "decode_stream.cuh"
#include "decode_tile.cuh"
#include "dequant.cuh"
#include "linear_defaults.h"
#include "mixed_wgmma.cuh"

namespace qf {

using tvm::ffi::TensorView;

inline bool is_dtype(const TensorView& t, int code, int bits) {
  return t.dtype().code == code && t.dtype().bits == bits && t.dtype().lanes == 1;
}

inline void require_cuda_contiguous(const TensorView& t, const char* name) {
  if (t.device().device_type != kDLCUDA) {
    TVM_FFI_THROW(ValueError) << "quantforge: tensor '" << name << "' must be on a CUDA device";
  }
  if (!t.IsContiguous()) TVM_FFI_THROW(ValueError) << "quantforge: tensor '" << name << "' must be contiguous";
}

inline void check_cuda(cudaError_t e, const char* what) {
  if (e != cudaSuccess) {
    TVM_FFI_THROW(RuntimeError) << "quantforge: " << what << ": " << cudaGetErrorString(e);
  }
}

inline cudaStream_t env_stream(const TensorView& t) {
  return static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, t.device().device_id));
}

// A linear's bf16 operands: x [M, K], y [M, N] and bias [N] (numel 0 = none), each on the GPU and
// contiguous. Returns M and the bias pointer (null when there is none). Every linear op calls it.
inline const __nv_bfloat16* check_linear_io(const TensorView& x, const TensorView& y, const TensorView& bias, int N,
                                            int K, int* M) {
  require_cuda_contiguous(x, "x");
  require_cuda_contiguous(y, "y");
  if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2 || x.size(1) != K) {
    TVM_FFI_THROW(ValueError) << "quantforge: x must be bfloat16 [M, " << K << "]";
  }
  *M = static_cast<int>(x.size(0));
  if (!is_dtype(y, kDLBfloat, 16) || y.ndim() != 2 || y.size(0) != *M || y.size(1) != N) {
    TVM_FFI_THROW(ValueError) << "quantforge: y must be bfloat16 [" << *M << ", " << N << "]";
  }
  if (bias.numel() == 0) return nullptr;
  require_cuda_contiguous(bias, "bias");
  if (!is_dtype(bias, kDLBfloat, 16) || bias.numel() != N) {
    TVM_FFI_THROW(ValueError) << "quantforge: bias must be bfloat16 [" << N << "] or empty";
  }
  return static_cast<const __nv_bfloat16*>(bias.data_ptr());
}

// Decode configurations (NT n-tiles per warp, MT m16 tiles, W warps, U chunks in flight).
// Index = the `cfg` argument of linear_cfg; kPrefillCfg selects dequantize + cuBLASLt.
constexpr int kDecodeConfigs = 8;
constexpr int kPrefillCfg = 100;
static_assert(kPrefillCfg == kDefaultPrefill, "linear_defaults.h names the prefill configuration too");
constexpr size_t kLtWorkspace = 32u << 20;

// The family of a weight-format policy for the default rule (linear_defaults.h).
template <class F>
constexpr LinearFamily kLinearFamily = LinearFamily::kOther;
template <int G>
constexpr LinearFamily kLinearFamily<Int4Grouped<G>> = G % 128 == 0 ? LinearFamily::kInt4Fold : LinearFamily::kInt4;
template <>
constexpr LinearFamily kLinearFamily<Bytes8RowScaled<DecodeInt8, false>> = LinearFamily::kInt8Row;
template <>
constexpr LinearFamily kLinearFamily<Bytes8RowScaled<DecodeFp8<__NV_E4M3>, false>> = LinearFamily::kFp8Row;

template <class F>
struct LinearOp {
  // N and K from the qf tile shape [N/8, K/kChunkK, 32, 16].
  static void dims(const TensorView& q, int* N, int* K) {
    if (!is_dtype(q, kDLUInt, 8) || q.ndim() != 4 || q.size(2) != 32 || q.size(3) != 16) {
      TVM_FFI_THROW(ValueError) << "quantforge: qdata must be a uint8 qf tile [N/8, K/" << F::kChunkK
                                << ", 32, 16]";
    }
    *N = static_cast<int>(q.size(0) * 8);
    *K = static_cast<int>(q.size(1) * F::kChunkK);
  }

  template <int NT, int MT, int W, int U, int kMinBlocks = 1>
  static void run_decode(const TensorView& x, int M, int K, int N, const TensorView& q,
                         typename F::Args fa, const __nv_bfloat16* bias, const TensorView& out,
                         cudaStream_t s) {
    const auto* xp = static_cast<const __nv_bfloat16*>(x.data_ptr());
    auto* op = static_cast<__nv_bfloat16*>(out.data_ptr());
    for (int r = 0; r < M; r += 8 * MT) {  // token slices beyond one launch's MT tiles
      const int rows = M - r < 8 * MT ? M - r : 8 * MT;
      check_cuda(launch_decode_linear<F, NT, MT, W, U, false, kMinBlocks>(
                     xp + static_cast<size_t>(r) * K, rows, K, N,
                     static_cast<const uint8_t*>(q.data_ptr()), fa, nullptr, bias,
                     op + static_cast<size_t>(r) * N, s),
                 "decode linear launch");
    }
  }

  // v5 streaming decode (decode_stream.cuh); warps = 0 picks the K split from N and the SM count.
  template <int MT, int U, int kMinBlocks, bool kEvictFirst = false, bool kXSmem = false, int kPrefetch = 0>
  static void run_stream(const TensorView& x, int M, int K, int N, const TensorView& q, typename F::Args fa,
                         const __nv_bfloat16* bias, const TensorView& out, int warps, cudaStream_t s) {
    int sms = 0;
    check_cuda(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, x.device().device_id),
               "SM count query");
    const auto* xp = static_cast<const __nv_bfloat16*>(x.data_ptr());
    auto* op = static_cast<__nv_bfloat16*>(out.data_ptr());
    for (int r = 0; r < M; r += 8 * MT) {
      const int rows = M - r < 8 * MT ? M - r : 8 * MT;
      check_cuda(launch_decode_stream<F, MT, U, kMinBlocks, kEvictFirst, kXSmem, kPrefetch>(xp + static_cast<size_t>(r) * K, rows, K, N,
                                                            static_cast<const uint8_t*>(q.data_ptr()), fa,
                                                            nullptr, bias, op + static_cast<size_t>(r) * N,
                                                            warps, sms, s),
                 "stream decode launch");
    }
  }

  // v11 tile decode (decode_tile.cuh): NT n-tiles per warp, WN warps per block, K split over a
  // cluster; a shape tile_grid refuses (N < 8 NT, x slice too large) runs v5 cfg 48 / 70 instead.
  template <int MT, int NT, int WN, int U, int kMinBlocks, bool kHalf = false>
  static void run_tile(const TensorView& x, int M, int K, int N, const TensorView& q, typename F::Args fa,
                       const __nv_bfloat16* bias, const TensorView& out, cudaStream_t s) {
    int sms = 0;
    check_cuda(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, x.device().device_id),
               "SM count query");
    const auto* xp = static_cast<const __nv_bfloat16*>(x.data_ptr());
    const auto* qp = static_cast<const uint8_t*>(q.data_ptr());
    auto* op = static_cast<__nv_bfloat16*>(out.data_ptr());
    for (int r = 0; r < M; r += 8 * MT) {
      const int rows = M - r < 8 * MT ? M - r : 8 * MT;
      const __nv_bfloat16* xr = xp + static_cast<size_t>(r) * K;
      __nv_bfloat16* yr = op + static_cast<size_t>(r) * N;
      TileGrid gr;
      const cudaError_t e =
          tile_grid<F, MT, NT, WN, kMinBlocks>(rows, K, N, sms, &gr)
              ? launch_decode_tile<F, MT, NT, WN, U, kMinBlocks, kHalf>(xr, rows, K, N, qp, fa, nullptr, bias, yr, gr, s)
              : launch_decode_stream<F, MT, 2, MT == 1 ? 3 : 2, MT == 2>(xr, rows, K, N, qp, fa, nullptr, bias, yr,
                                                                        8, sms, s);
      check_cuda(e, "tile decode launch");
    }
  }

  // The v11 configurations <MT, NT, WN, U, minBlocks, fp16 operands>: 300-309 MT=1, 310-319 MT=2;
  // 304, 305, 313, 314 = 300, 302, 310, 311 with fp16 operands for int4 g128 (folded), int8 and
  // float8 (TileHalf; other formats run the bf16 kernel). Returns false for any other cfg.
  static bool run_tile_cfg(int cfg, const TensorView& x, int M, int K, int N, const TensorView& q,
                           typename F::Args fa, const __nv_bfloat16* bias, const TensorView& out, cudaStream_t s) {
    switch (cfg) {
      case 300: run_tile<1, 4, 4, 2, 4>(x, M, K, N, q, fa, bias, out, s); return true;
      case 301: run_tile<1, 4, 4, 4, 3>(x, M, K, N, q, fa, bias, out, s); return true;
      case 302: run_tile<1, 8, 4, 2, 3>(x, M, K, N, q, fa, bias, out, s); return true;
      case 303: run_tile<1, 4, 8, 2, 2>(x, M, K, N, q, fa, bias, out, s); return true;
      case 310: run_tile<2, 4, 4, 2, 3>(x, M, K, N, q, fa, bias, out, s); return true;
      case 311: run_tile<2, 8, 4, 2, 2>(x, M, K, N, q, fa, bias, out, s); return true;
      case 312: run_tile<2, 4, 4, 4, 2>(x, M, K, N, q, fa, bias, out, s); return true;
      case 304: run_tile<1, 4, 4, 2, 4, true>(x, M, K, N, q, fa, bias, out, s); return true;
      case 305: run_tile<1, 8, 4, 2, 3, true>(x, M, K, N, q, fa, bias, out, s); return true;
      case 313: run_tile<2, 4, 4, 2, 3, true>(x, M, K, N, q, fa, bias, out, s); return true;
      case 314: run_tile<2, 8, 4, 2, 2, true>(x, M, K, N, q, fa, bias, out, s); return true;
      default: return false;
    }
  }

  // Mixed-input wgmma GEMM (mixed_wgmma.cuh) <WG warpgroups of 64 channels, T tokens per CTA, U
  // weight chunks in flight per warp, S x stages, K split over clusters of KS CTAs, x stages
  // multicast over clusters of XM CTAs, kDrain: wait_group 0 per chunk, kStageOut: y through shared
  // memory>; x is first permuted into a scratch tensor.
  template <int WG, int T, int U, int S, int KS = 1, int XM = 1, bool kDrain = false, bool kStageOut = false>
  static void run_mixed(const TensorView& x, int M, int K, int N, const TensorView& q, typename F::Args fa,
                        const __nv_bfloat16* bias, const TensorView& out, cudaStream_t s) {
    if constexpr (!mixm::kSupported<F>) {
      TVM_FFI_THROW(ValueError) << "quantforge: the mixed-input wgmma configurations take formats whose lane slice is "
                                   "4 mma steps of 4 elements; this one has "
                                << F::kElemsPerLane << " elements in " << F::kSteps << " steps";
    } else {
      if (!mixm::device_supported(x.device().device_id)) {
        TVM_FFI_THROW(ValueError) << "quantforge: the mixed-input wgmma configurations need an sm_90 (Hopper) GPU";
      }
      tvm::ffi::Tensor xp = tvm::ffi::Tensor::FromEnvAlloc(
          TVMFFIEnvTensorAlloc, tvm::ffi::Shape({static_cast<int64_t>(M) * K}), DLDataType{kDLBfloat, 16, 1}, x.device());
      const char* err = mixm::launch_mixed_wgmma<F, WG, T, U, S, KS, XM, kDrain, kStageOut>(
          static_cast<const __nv_bfloat16*>(x.data_ptr()), static_cast<__nv_bfloat16*>(xp.data_ptr()), M, N, K,
          static_cast<const uint8_t*>(q.data_ptr()), fa, nullptr, bias, static_cast<__nv_bfloat16*>(out.data_ptr()), s);
      if (err != nullptr) TVM_FFI_THROW(RuntimeError) << "quantforge: " << err;
    }
  }

  // Validates x, qdata, bias (numel 0 = none) and out; returns N, K, M and the bias pointer.
  static const __nv_bfloat16* check_io(const TensorView& x, const TensorView& q, const TensorView& bias,
                                       const TensorView& out, int* N, int* K, int* M) {
    require_cuda_contiguous(q, "qdata");
    require_cuda_contiguous(out, "out");
    dims(q, N, K);
    return check_linear_io(x, out, bias, *N, *K, M);
  }

  // cfg < 0: the measured default for M; otherwise a decode configuration or kPrefillCfg.
  static void run(const TensorView& x, const TensorView& q, typename F::Args fa,
                  const TensorView& bias, const TensorView& out, int cfg) {
    int N, K, M;
    const __nv_bfloat16* bp = check_io(x, q, bias, out, &N, &K, &M);
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    // Defaults: default_linear_cfg (linear_defaults.h) -- v11 tile decode (cfg 300 / 304 / 311) for
    // int4 g128 on wide N and 8-bit on large weights at M <= 16, mixed-input wgmma (406 / 407 / 402,
    // split-K 429 / 432 for narrow N) for int4 at M = 17..256, else the previous defaults (v5
    // cfg 48 / 70, decode cfg 6, prefill); the measured numbers (NVIDIA H200) are cited there.
    if (cfg < 0) {
      cfg = default_linear_cfg(kLinearFamily<F>, mixm::device_supported(x.device().device_id), M, N, K, F::kChunkK);
    }
    switch (cfg) {  // <NT, MT, W, U>: MT tiles of 8 tokens per launch
      case 0: return run_decode<2, 1, 8, 4>(x, M, K, N, q, fa, bp, out, s);
      case 1: return run_decode<2, 2, 8, 4>(x, M, K, N, q, fa, bp, out, s);
      case 2: return run_decode<4, 1, 8, 2>(x, M, K, N, q, fa, bp, out, s);
      case 3: return run_decode<4, 2, 4, 2>(x, M, K, N, q, fa, bp, out, s);
      case 4: return run_decode<2, 1, 4, 4>(x, M, K, N, q, fa, bp, out, s);
      case 5: return run_decode<2, 4, 4, 2>(x, M, K, N, q, fa, bp, out, s);
      case 6: return run_decode<2, 8, 4, 2>(x, M, K, N, q, fa, bp, out, s);
      case 7: return run_decode<4, 16, 2, 1>(x, M, K, N, q, fa, bp, out, s);
      case 8: return run_decode<2, 1, 4, 2>(x, M, K, N, q, fa, bp, out, s);
      case 9: return run_decode<2, 1, 2, 2>(x, M, K, N, q, fa, bp, out, s);
      case 10: return run_decode<4, 1, 4, 2>(x, M, K, N, q, fa, bp, out, s);
      case 11: return run_decode<4, 2, 2, 2>(x, M, K, N, q, fa, bp, out, s);
      case 12: return run_decode<2, 1, 8, 2, 3>(x, M, K, N, q, fa, bp, out, s);
      case 13: return run_decode<4, 1, 8, 1, 3>(x, M, K, N, q, fa, bp, out, s);
      case 14: return run_decode<2, 1, 4, 2, 6>(x, M, K, N, q, fa, bp, out, s);
      case 15: return run_decode<2, 2, 8, 2, 3>(x, M, K, N, q, fa, bp, out, s);
      // v5 stream kernels: 20 + w (MT=1, U=4), 30 + w (MT=2, U=4), 40 + w (MT=1, U=2),
      // 50 + w (MT=2, U=2); w = warps per block (K split), 0 = chosen from N and the SM count.
      case 20: case 21: case 22: case 24: case 28:
        return run_stream<1, 4, 2>(x, M, K, N, q, fa, bp, out, cfg - 20, s);
      case 30: case 31: case 32: case 34: case 38:
        return run_stream<2, 4, 2>(x, M, K, N, q, fa, bp, out, cfg - 30, s);
      case 40: case 41: case 42: case 44: case 48:
        return run_stream<1, 2, 3>(x, M, K, N, q, fa, bp, out, cfg - 40, s);
      case 50: case 51: case 52: case 54: case 58:
        return run_stream<2, 2, 2>(x, M, K, N, q, fa, bp, out, cfg - 50, s);
      // 60 + w, 70 + w: 40 + w, 50 + w with the weight loads marked L2 evict-first.
      case 60: case 61: case 62: case 64: case 68:
        return run_stream<1, 2, 3, true>(x, M, K, N, q, fa, bp, out, cfg - 60, s);
      case 70: case 71: case 72: case 74: case 78:
        return run_stream<2, 2, 2, true>(x, M, K, N, q, fa, bp, out, cfg - 70, s);
      // v8: 80 + w, 90 + w = 40 + w, 50 + w with x staged in shared memory (x <= 160 KB).
      case 80: case 82: case 84: case 88:
        return run_stream<1, 2, 3, false, true>(x, M, K, N, q, fa, bp, out, cfg - 80, s);
      case 81: return run_stream<1, 4, 2, false, true>(x, M, K, N, q, fa, bp, out, 8, s);
      case 83: return run_stream<1, 2, 3, true, true>(x, M, K, N, q, fa, bp, out, 8, s);
      case 90: case 92: case 94: case 98:
        return run_stream<2, 2, 2, false, true>(x, M, K, N, q, fa, bp, out, cfg - 90, s);
      // v10: L2 prefetch of each warp's K slice: 85 (= 48), 86 (= 44), 87 (= 88), 89 (= 84), 95 (= 70);
      // 91 (= 48), 96 (= 70) also prefetch the warp's x lines into L1.
      case 85: return run_stream<1, 2, 3, false, false, 1>(x, M, K, N, q, fa, bp, out, 8, s);
      case 86: return run_stream<1, 2, 3, false, false, 1>(x, M, K, N, q, fa, bp, out, 4, s);
      case 87: return run_stream<1, 2, 3, false, true, 1>(x, M, K, N, q, fa, bp, out, 8, s);
      case 89: return run_stream<1, 2, 3, false, true, 1>(x, M, K, N, q, fa, bp, out, 4, s);
      case 91: return run_stream<1, 2, 3, false, false, 2>(x, M, K, N, q, fa, bp, out, 8, s);
      case 95: return run_stream<2, 2, 2, false, false, 1>(x, M, K, N, q, fa, bp, out, 8, s);
      case 96: return run_stream<2, 2, 2, false, false, 2>(x, M, K, N, q, fa, bp, out, 8, s);
      case 300: case 301: case 302: case 303: case 304: case 305: case 310: case 311: case 312: case 313: case 314:
        run_tile_cfg(cfg, x, M, K, N, q, fa, bp, out, s);
        return;
      // (v7 bulk-copy cfg 200-215 and v9 cp.async cfg 220-232 were removed in session 3: never the
      // fastest in any H200 run; NOTES.md v7 / v9 keep their measurements.)
      // Mixed-input wgmma <WG, T, U, S, KS, XM, kDrain, kStageOut> (mixed_wgmma.cuh). Always compiled:
      // the defaults 402, 406, 407, 429, 432 (linear_defaults.h); the rest only in modules built with
      // -DQF_MIXM_TUNING (bench/gpu/build-mixm-module.ts), to keep every other module's build small.
      // cfg 413 wrote NaN / garbage on the H200 (.gpu-results/mixm.r5.log, every format): never a default.
      case 402: return run_mixed<2, 128, 2, 4>(x, M, K, N, q, fa, bp, out, s);
      case 406: return run_mixed<1, 32, 4, 8>(x, M, K, N, q, fa, bp, out, s);
      case 407: return run_mixed<2, 64, 4, 6>(x, M, K, N, q, fa, bp, out, s);
      case 429: return run_mixed<1, 32, 4, 8, 2, 1, false, true>(x, M, K, N, q, fa, bp, out, s);
      case 432: return run_mixed<1, 64, 4, 6, 2>(x, M, K, N, q, fa, bp, out, s);
#ifdef QF_MIXM_TUNING
      case 400: return run_mixed<2, 32, 2, 8>(x, M, K, N, q, fa, bp, out, s);
      case 401: return run_mixed<2, 64, 2, 6>(x, M, K, N, q, fa, bp, out, s);
      case 403: return run_mixed<1, 64, 2, 6>(x, M, K, N, q, fa, bp, out, s);
      case 404: return run_mixed<1, 128, 2, 4>(x, M, K, N, q, fa, bp, out, s);
      case 405: return run_mixed<1, 256, 2, 3>(x, M, K, N, q, fa, bp, out, s);
      case 410: return run_mixed<1, 32, 4, 8, 2>(x, M, K, N, q, fa, bp, out, s);
      case 411: return run_mixed<1, 32, 4, 8, 4>(x, M, K, N, q, fa, bp, out, s);
      case 412: return run_mixed<1, 64, 2, 6, 2>(x, M, K, N, q, fa, bp, out, s);
      case 413: return run_mixed<2, 64, 2, 6, 2>(x, M, K, N, q, fa, bp, out, s);
      case 414: return run_mixed<1, 128, 2, 4, 2>(x, M, K, N, q, fa, bp, out, s);
      case 420: return run_mixed<2, 128, 2, 4, 1, 2>(x, M, K, N, q, fa, bp, out, s);
      case 421: return run_mixed<1, 128, 2, 4, 1, 2>(x, M, K, N, q, fa, bp, out, s);
      case 422: return run_mixed<1, 256, 2, 3, 1, 2>(x, M, K, N, q, fa, bp, out, s);
      case 423: return run_mixed<2, 64, 2, 6, 1, 2>(x, M, K, N, q, fa, bp, out, s);
      case 424: return run_mixed<1, 128, 2, 3>(x, M, K, N, q, fa, bp, out, s);
      case 425: return run_mixed<2, 128, 2, 4, 1, 1, true>(x, M, K, N, q, fa, bp, out, s);
      case 426: return run_mixed<1, 128, 2, 3, 1, 1, true>(x, M, K, N, q, fa, bp, out, s);
      case 427: return run_mixed<2, 128, 2, 4, 1, 1, false, true>(x, M, K, N, q, fa, bp, out, s);
      case 428: return run_mixed<1, 128, 2, 3, 1, 1, false, true>(x, M, K, N, q, fa, bp, out, s);
      case 430: return run_mixed<1, 32, 8, 8>(x, M, K, N, q, fa, bp, out, s);
      case 431: return run_mixed<1, 32, 8, 8, 2>(x, M, K, N, q, fa, bp, out, s);
#endif
      case kPrefillCfg: return run_prefill(x, M, K, N, q, fa, bp, out, s);
      default: TVM_FFI_THROW(ValueError) << "quantforge: unknown linear configuration " << cfg;
    }
  }

  static void run_prefill(const TensorView& x, int M, int K, int N, const TensorView& q,
                          typename F::Args fa, const __nv_bfloat16* bias, const TensorView& out,
                          cudaStream_t s) {
    // One scratch allocation: the bf16 weight, then cuBLASLt's workspace.
    const int64_t bytes = static_cast<int64_t>(N) * K * 2 + static_cast<int64_t>(kLtWorkspace);
    tvm::ffi::Tensor scratch = tvm::ffi::Tensor::FromEnvAlloc(
        TVMFFIEnvTensorAlloc, tvm::ffi::Shape({bytes}), DLDataType{kDLUInt, 8, 1}, x.device());
    auto* wbf = static_cast<__nv_bfloat16*>(scratch.data_ptr());
    check_cuda(launch_dequant_tile<F>(static_cast<const uint8_t*>(q.data_ptr()), fa, N, K, wbf, s),
               "dequantize launch");
    char* lt_ws = reinterpret_cast<char*>(wbf) + static_cast<size_t>(N) * K * 2;
    try {
      CublasLt::instance().gemm(LtGemmKey{M, N, K, CUDA_R_16BF, CUDA_R_16BF, LtScale::kNone, bias != nullptr},
                                wbf, x.data_ptr(), out.data_ptr(), nullptr, nullptr, bias, lt_ws,
                                kLtWorkspace, s);
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
  }

  static void dequantize(const TensorView& q, typename F::Args fa, const TensorView& out) {
    require_cuda_contiguous(q, "qdata");
    require_cuda_contiguous(out, "out");
    int N, K;
    dims(q, &N, &K);
    if (!is_dtype(out, kDLBfloat, 16) || out.numel() != static_cast<int64_t>(N) * K) {
      TVM_FFI_THROW(ValueError) << "quantforge: out must be bfloat16 [" << N << ", " << K << "]";
    }
    tvm::ffi::CUDADeviceGuard guard(q.device().device_id);
    check_cuda(launch_dequant_tile<F>(static_cast<const uint8_t*>(q.data_ptr()), fa, N, K,
                                      static_cast<__nv_bfloat16*>(out.data_ptr()), env_stream(q)),
               "dequantize launch");
  }
};

}  // namespace qf
