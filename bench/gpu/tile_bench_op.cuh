// The linear op of the tile-check module (scripts/gpu/tile-check.sh, issue #7 v11): LinearOp<F>
// with only the configurations that check compares, v5 cfg 48 / 70 (the defaults it measures
// against) and the v11 tile configurations (LinearOp::run_tile_cfg), so that the module stays
// small. build-tile-module.ts swaps it in for qf::LinearOp / qf::BlockWeightOp.
#pragma once
#include "qf/linear_op.cuh"

namespace qf {

template <class F>
struct TileBenchOp : LinearOp<F> {
  using Lin = LinearOp<F>;

  // cfg < 0: v5's defaults (cfg 48 for M <= 8, 70 for M <= 16); M > 16 is not this module's.
  static void run(const TensorView& x, const TensorView& q, typename F::Args fa, const TensorView& bias,
                  const TensorView& out, int cfg) {
    int N, K, M;
    const __nv_bfloat16* bp = Lin::check_io(x, q, bias, out, &N, &K, &M);
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    const cudaStream_t s = env_stream(x);
    if (cfg < 0) cfg = M <= 8 ? 48 : 70;
    if (cfg == 48) return Lin::template run_stream<1, 2, 3>(x, M, K, N, q, fa, bp, out, 8, s);
    if (cfg == 70) return Lin::template run_stream<2, 2, 2, true>(x, M, K, N, q, fa, bp, out, 8, s);
    if (Lin::run_tile_cfg(cfg, x, M, K, N, q, fa, bp, out, s)) return;
    // Timing diagnostics (wrong outputs): cfg 300's kernel without the chunk computation (390),
    // without the cluster reduction (391), without both (392); 394 = cfg 304 without the computation.
    // Exploration (correct outputs): two n-tiles per warp, a ring of 4 (the same bytes in flight as
    // cfg 300, half the computation per chunk): 380 bf16, 381 fp16 operands, 382 = 380 with 8 warps
    // per block and 2 blocks per SM.
    switch (cfg) {
      case 380: return Lin::template run_tile<1, 2, 4, 4, 4>(x, M, K, N, q, fa, bp, out, s);
      case 381: return Lin::template run_tile<1, 2, 4, 4, 4, true>(x, M, K, N, q, fa, bp, out, s);
      case 382: return Lin::template run_tile<1, 2, 8, 4, 2>(x, M, K, N, q, fa, bp, out, s);
      default: break;
    }
    switch (cfg) {
      case 390: return ablate<1, false>(x, M, K, N, q, fa, bp, out, s);
      case 391: return ablate<2, false>(x, M, K, N, q, fa, bp, out, s);
      case 392: return ablate<3, false>(x, M, K, N, q, fa, bp, out, s);
      case 394: return ablate<1, true>(x, M, K, N, q, fa, bp, out, s);
      default: break;
    }
    TVM_FFI_THROW(ValueError) << "quantforge: configuration " << cfg
                              << " is not in the tile-check module (48, 70, 300-305, 310-314, 380-382, 390-392, 394)";
  }

  template <int kAblate, bool kHalf>
  static void ablate(const TensorView& x, int M, int K, int N, const TensorView& q, typename F::Args fa,
                     const __nv_bfloat16* bias, const TensorView& out, cudaStream_t s) {
    int sms = 0;
    check_cuda(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, x.device().device_id), "SM count query");
    TileGrid gr;
    if (M > 8 || !tile_grid<F, 1, 4, 4, 4>(M, K, N, sms, &gr)) {
      TVM_FFI_THROW(ValueError) << "quantforge: the ablation configurations take M <= 8 and a shape cfg 300 takes";
    }
    check_cuda(launch_decode_tile<F, 1, 4, 4, 2, 4, kHalf, kAblate>(
                   static_cast<const __nv_bfloat16*>(x.data_ptr()), M, K, N, static_cast<const uint8_t*>(q.data_ptr()),
                   fa, nullptr, bias, static_cast<__nv_bfloat16*>(out.data_ptr()), gr, s),
               "tile ablation launch");
  }
};

}  // namespace qf
