// Host side of Int8DynamicActivationInt8WeightConfig on CUDA (spec §3.2): activation
// quantization (act_quant_int8.cuh, one light pass) then one of (the `cfg` argument):
//   cfg 0    M <= 16: the 8-bit GEMV (dyn_gemv.cuh), s8 mma, weight streamed once, §3.2
//            epilogue (and, asymmetric, the weight row sums) in its reduction; launched with
//            programmatic dependent launch so its first weight loads overlap the quantization;
//   cfg 1    cuBLASLt int8 GEMM (IMMA, exact int32 [M, N]) + one epilogue pass;
//   cfg 2/3  the same in slices of 2048 / 4096 output channels, so that each slice's int32
//            block is read back by the epilogue while it is still in L2 (H200: slower, the
//            narrower GEMMs lose more than the L2 saves);
//   cfg 4/5  the GEMV with 2 / 4 channel tiles per block (launch_dyn_gemv_variant 1 / 2);
//   cfg 6    the wgmma int8 GEMM with the epilogue in registers (gemm8_wgmma.cuh);
//   cfg 7    the same in 2-CTA clusters that multicast the shared weight tile;
//   cfg 8-18 the persistent warp-specialized wgmma int8 GEMM (gemm8_persistent.cuh), epilogue in
//            registers, launched with programmatic dependent launch after the quantization:
//            8 tile 128x256, 9 the same in 2x1 clusters multicasting the weight tile, 10 tile
//            256x128, 11 the same in 1x2 clusters multicasting the activation tile, 12 = cfg 8
//            without PDL, 13 tile 128x256 and 14 tile 256x128 in 2x2 clusters (both multicast);
//            15-18 64-byte k tiles in a 9-stage ring: 128x256 1x1, 2x1, 2x2, 256x128 2x2;
//   cfg 19 / 20 cfg 10 / 8 with y written by TMA from a shared-memory piece (the epilogue's write
//            burst overlaps the next tile's main loop);
//   cfg 108-120  cfg 8-20 after the one-read activation quantization (act_quant_int8_reg.cuh);
//   cfg 208-220  cfg 8-20 without the epilogue's stores: a timing diagnostic, y is NOT written.
// Weight: torchao's own Int8Tensor (qdata int8 [N, K], scale fp32 [N] or [1], zero_point int8,
// unused: weights are symmetric). Scratch from TVMFFIEnvTensorAlloc.
#pragma once
#include "act_quant_int8.cuh"
#include "act_quant_int8_reg.cuh"
#include "dyn_gemv.cuh"
#include "gemm8_persistent.cuh"
#include "gemm8_wgmma.cuh"
#include "linear_op.cuh"

namespace qf {

// acc int32 [M][ld] (columns n0..n0+cols-1 of y) -> y bf16 [M][N] through the §3.2 epilogue.
__global__ void int8_dyn_epilogue_kernel(const int* __restrict__ acc, int ld, int M, int N, int n0, int cols,
                                         Int8DynEpilogue epi, __nv_bfloat16* __restrict__ y) {
  const size_t i = (blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x) * 4;
  if (i >= static_cast<size_t>(M) * cols) return;
  const int m = static_cast<int>(i / cols), c = static_cast<int>(i % cols);
  const int4 a = *reinterpret_cast<const int4*>(acc + static_cast<size_t>(m) * ld + c);
  const int v[4] = {a.x, a.y, a.z, a.w};
  __nv_bfloat16 r[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    const int n = n0 + c + j;
    r[j] = epi(v[j], m, n, epi.rowsum != nullptr ? epi.rowsum[n] : 0.f);
  }
  __nv_bfloat162 lo = __halves2bfloat162(r[0], r[1]), hi = __halves2bfloat162(r[2], r[3]);
  *reinterpret_cast<uint2*>(y + static_cast<size_t>(m) * N + n0 + c) = make_uint2(bf162_bits(lo), bf162_bits(hi));
}

template <bool kAsym, bool kReduceRange>
struct DynamicInt8Op {
  static constexpr int kThreads = 256;
  static constexpr Int8ActParams kAct{kReduceRange ? -64 : -128, kReduceRange ? 63 : 127, kAsym};

  static void check_weight(const TensorView& q, const TensorView& ws, const TensorView& wz, int* N, int* K) {
    require_cuda_contiguous(q, "qdata");
    require_cuda_contiguous(ws, "scale");
    if (q.ndim() != 2 || !is_dtype(q, kDLInt, 8)) TVM_FFI_THROW(ValueError) << "quantforge: qdata must be int8 [N, K]";
    *N = static_cast<int>(q.size(0));
    *K = static_cast<int>(q.size(1));
    if (*N % 16 != 0 || *K % 64 != 0) {
      TVM_FFI_THROW(ValueError) << "quantforge: int8 dynamic kernels need N % 16 == 0 and K % 64 == 0, got N=" << *N
                                << " K=" << *K;
    }
    if (!is_dtype(ws, kDLFloat, 32) || (ws.numel() != *N && ws.numel() != 1)) {
      TVM_FFI_THROW(ValueError) << "quantforge: scale must be float32 with " << *N << " (PerRow) or 1 (PerTensor) elements";
    }
    (void)wz;  // symmetric weights: zero points are all 0 and never read
  }

  // one_read: the register-resident kernel (act_quant_int8_reg.cuh, same outputs) where K fits.
  static void launch_quant(const __nv_bfloat16* x, int M, int K, bool per_tensor, int8_t* xq, float* xs, int8_t* xz,
                           unsigned int* keys, cudaStream_t s, bool one_read = false) {
    if (per_tensor) {
      check_cuda(cudaMemsetAsync(keys, 0xFF, sizeof(unsigned int), s), "min key reset");
      check_cuda(cudaMemsetAsync(keys + 1, 0, sizeof(unsigned int), s), "max key reset");
      tensor_min_max_kernel<<<M, kThreads, 0, s>>>(x, K, keys);
      check_cuda(cudaGetLastError(), "activation min/max launch");
    }
    if (!one_read || !launch_quantize_rows_int8_reg(x, M, K, kAct, per_tensor ? keys : nullptr, xq, xs, xz, s)) {
      quantize_rows_int8_kernel<<<M, kThreads, 0, s>>>(x, K, kAct, per_tensor ? keys : nullptr, xq, xs, xz);
    }
    check_cuda(cudaGetLastError(), "int8 activation quantization launch");
  }

  // Exported alone for bit-exact tests: xq int8 [M, K], xs fp32 [M], xz int8 [M].
  static void quantize_activation(const TensorView& x, const TensorView& xq, const TensorView& xs,
                                  const TensorView& xz, bool per_tensor) {
    require_cuda_contiguous(x, "x");
    require_cuda_contiguous(xq, "xq");
    require_cuda_contiguous(xs, "xs");
    require_cuda_contiguous(xz, "xz");
    if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2 || x.size(1) % 8 != 0) {
      TVM_FFI_THROW(ValueError) << "quantforge: x must be bfloat16 [M, K] with K % 8 == 0";
    }
    const int M = static_cast<int>(x.size(0)), K = static_cast<int>(x.size(1));
    if (!is_dtype(xq, kDLInt, 8) || xq.numel() != static_cast<int64_t>(M) * K || !is_dtype(xs, kDLFloat, 32) ||
        xs.numel() != M || !is_dtype(xz, kDLInt, 8) || xz.numel() != M) {
      TVM_FFI_THROW(ValueError) << "quantforge: quantize_activation writes xq int8 [" << M << ", " << K
                                << "], xs float32 [" << M << "], xz int8 [" << M << "]";
    }
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    tvm::ffi::Tensor keys = tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({2}),
                                                           DLDataType{kDLUInt, 32, 1}, x.device());
    launch_quant(static_cast<const __nv_bfloat16*>(x.data_ptr()), M, K, per_tensor, static_cast<int8_t*>(xq.data_ptr()),
                 static_cast<float*>(xs.data_ptr()), static_cast<int8_t*>(xz.data_ptr()),
                 static_cast<unsigned int*>(keys.data_ptr()), env_stream(x));
  }


  // cfg: -1 auto, 0 GEMV (M <= 16), 1 cuBLASLt + epilogue, 2 / 3 the same in 2048 / 4096-channel slices.
  static void run(const TensorView& x, const TensorView& q, const TensorView& wscale, const TensorView& wzero,
                  const TensorView& bias, const TensorView& y, bool act_per_tensor, int cfg) {
    int N, K;
    check_weight(q, wscale, wzero, &N, &K);
    int M;
    const __nv_bfloat16* bp = check_linear_io(x, y, bias, N, K, &M);
    if (M == 0) return;
    // H200, N=14336 K=4096 (docs/gpu-runs/2026-11-28-dyn-r1, -r3): GEMV 19.9 us at M=1 (cuBLASLt
    // 22.8), at M=16 4 tiles/block 24.1 (1 tile 26.5, cuBLASLt 29.2). Past M = 16 (H200, end to
    // end, docs/gpu-runs/2026-11-28-s3/gemm8.r6.log): the persistent GEMM after the one-read
    // quantization (cfg 110) from M = 512 — 188.6-191 us at 14336x4096 M=2048 (cuBLASLt cfg 1 230, bf16 314),
    // 55 at M=512 (93), 30 at 6144x4096 M=512 (40) — except for long K with less than a wave of
    // 256x128 tiles (4096x14336 M=512: 82.3 vs 62.8, cuBLASLt splits K). At M=128 its 256-token
    // tiles are half empty: 42.7 vs 30.7 (the 128x256 cfg 8: 29.7, 4096x4096 27.8 vs 15.6).
    if (cfg < 0) {
      const long tiles = static_cast<long>((M + 255) / 256) * ((N + 127) / 128);
      const bool persistent = M >= 512 && K % 128 == 0 && (tiles >= 132 || K <= 8192);
      cfg = M <= 8 ? 0 : (M <= 16 ? 5 : (persistent ? 110 : 1));
    }
    const bool one_read = cfg >= 108 && cfg <= 120;  // cfg 100 + c: persistent cfg c, one-read quantization
    const bool no_epilogue = cfg >= 208 && cfg <= 220;  // cfg 200 + c: timing only, y is not written
    if (one_read) cfg -= 100;
    if (no_epilogue) cfg -= 200;
    const bool gemv_cfg = cfg == 0 || cfg == 4 || cfg == 5;
    if (gemv_cfg && M > 16) TVM_FFI_THROW(ValueError) << "quantforge: the int8 GEMV path takes M <= 16, got " << M;
    if (cfg < 0 || cfg > 20) TVM_FFI_THROW(ValueError) << "quantforge: unknown int8 dynamic configuration " << cfg;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    const int slice = cfg == 2 ? 2048 : (cfg == 3 ? 4096 : N);
    const int cols = slice < N ? slice : N;
    // Scratch: xq [M][K] | xs [M] | xz [M] | keys [2] | rowsum [N] | int32 acc [M][cols] | workspace.
    auto up = [](int64_t b) { return (b + 255) / 256 * 256; };
    const bool wgmma = cfg >= 6;  // cfg 6..18: wgmma GEMMs with the epilogue in registers
    const bool gemm = !gemv_cfg && !wgmma;  // cuBLASLt
    const int64_t o_xs = up(static_cast<int64_t>(M) * K);
    const int64_t o_xz = o_xs + up(static_cast<int64_t>(M) * 4);
    const int64_t o_keys = o_xz + up(M);
    const int64_t o_rowsum = o_keys + 256;
    const int64_t o_acc = o_rowsum + (!gemv_cfg && kAsym ? up(static_cast<int64_t>(N) * 4) : 0);
    const int64_t o_ws = o_acc + (gemm ? up(static_cast<int64_t>(M) * cols * 4) : 0);
    const int64_t bytes = o_ws + (gemm ? static_cast<int64_t>(kLtWorkspace) : 0);
    tvm::ffi::Tensor scratch = tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({bytes}),
                                                              DLDataType{kDLUInt, 8, 1}, x.device());
    char* base = static_cast<char*>(scratch.data_ptr());
    auto* xq = reinterpret_cast<int8_t*>(base);
    auto* xs = reinterpret_cast<float*>(base + o_xs);
    auto* xz = reinterpret_cast<int8_t*>(base + o_xz);
    launch_quant(static_cast<const __nv_bfloat16*>(x.data_ptr()), M, K, act_per_tensor, xq, xs, xz,
                 reinterpret_cast<unsigned int*>(base + o_keys), s, one_read);
    const auto* wq = static_cast<const int8_t*>(q.data_ptr());
    Int8DynEpilogue epi{xs, kAsym ? xz : nullptr, static_cast<const float*>(wscale.data_ptr()),
                        wscale.numel() == 1 ? 0 : 1, nullptr, bp};
    auto* yp = static_cast<__nv_bfloat16*>(y.data_ptr());
    if (gemv_cfg) {
      check_cuda(launch_dyn_gemv_variant<MmaS8, kAsym>(cfg == 0 ? 0 : cfg - 3, reinterpret_cast<const uint8_t*>(xq), M, K, N,
                                                       reinterpret_cast<const uint8_t*>(wq), epi, yp, s),
                 "int8 GEMV launch");
      return;
    }
    if (kAsym) {  // cuBLASLt and wgmma paths: the weight row sums for the asymmetric correction
      epi.rowsum = reinterpret_cast<float*>(base + o_rowsum);
      int8_rowsum_kernel<<<(N + 7) / 8, 256, 0, s>>>(wq, N, K, const_cast<float*>(epi.rowsum));
      check_cuda(cudaGetLastError(), "weight row-sum launch");
    }
    if (cfg >= 8) {
      // cfg -> {tile rows, cluster rows, cluster columns, k tile bytes, PDL}
      static constexpr wgp::Gemm8Cfg kCfgs[] = {
          {128, 1, 1, 128, true},  {128, 2, 1, 128, true}, {256, 1, 1, 128, true}, {256, 1, 2, 128, true},  // 8-11
          {128, 1, 1, 128, false}, {128, 2, 2, 128, true}, {256, 2, 2, 128, true},                          // 12-14
          {128, 1, 1, 64, true},   {128, 2, 1, 64, true},  {128, 2, 2, 64, true},  {256, 2, 2, 64, true},   // 15-18
          {256, 1, 1, 128, true, true}, {128, 1, 1, 128, true, true}};                                       // 19-20
      const wgp::Gemm8Cfg g = kCfgs[cfg - 8];
      const char* err = launch_gemm8_persistent(xq, wq, M, N, K, epi, no_epilogue ? nullptr : yp, s, g);
      if (err != nullptr) TVM_FFI_THROW(RuntimeError) << "quantforge: " << err << " (N=" << N << " K=" << K << " M=" << M << ")";
      return;
    }
    if (wgmma) {
      const char* err = launch_gemm8_wgmma<wg::WgS8>(xq, wq, M, N, K, epi, yp, s, cfg == 7);
      if (err != nullptr) TVM_FFI_THROW(RuntimeError) << "quantforge: " << err;
      return;
    }
    auto* acc = reinterpret_cast<int*>(base + o_acc);
    try {
      for (int n0 = 0; n0 < N; n0 += cols) {
        const int c = N - n0 < cols ? N - n0 : cols;
        CublasLt::instance().gemm(LtGemmKey{M, c, K, CUDA_R_8I, CUDA_R_8I, LtScale::kNone, false, CUDA_R_32I},
                                  wq + static_cast<size_t>(n0) * K, xq, acc, nullptr, nullptr, nullptr, base + o_ws,
                                  kLtWorkspace, s);
        const size_t quads = static_cast<size_t>(M) * c / 4;
        int8_dyn_epilogue_kernel<<<static_cast<unsigned>((quads + 255) / 256), 256, 0, s>>>(acc, c, M, N, n0, c, epi, yp);
        check_cuda(cudaGetLastError(), "int8 dynamic epilogue launch");
      }
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
  }
};

}  // namespace qf
