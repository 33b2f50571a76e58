// The default configuration of a weight-only linear (LinearOp::run with cfg < 0, linear_op.cuh):
// a small rule on (M, N, K, format family) derived from one H200 run. Plain C++ without CUDA, so
// that the CPU tests check it with g++ (test/codegen/cuda/linear-defaults.test.ts).
#pragma once

namespace qf {

// Format families the rule tells apart: the formats whose new kernels were checked against float64
// on the GPU (.gpu-results/tile.r5.log, mixm.r5.log). Everything else keeps the previous defaults.
enum class LinearFamily {
  kOther,     // NVFP4, MX, intx, 8-bit per-group or per-tensor scales, ...
  kInt4Fold,  // int4, group size a multiple of 128 (plain and tinygemm)
  kInt4,      // int4, smaller groups (32, 64)
  kInt8Row,   // int8, one scale per output channel
  kFp8Row,    // float8 e4m3, one scale per output channel
};

// Previous defaults (docs/gpu-runs/2026-11-28-decode-v5b-h200): v5 stream cfg 48 (M <= 8), 70
// (M <= 16), decode cfg 6 (8-token tiles, M <= 64), then dequantize + cuBLASLt (cfg 100).
constexpr int kLegacyDefaultM8 = 48, kLegacyDefaultM16 = 70, kLegacyDefaultM64 = 6, kDefaultPrefill = 100;

inline int legacy_default_cfg(int M) {
  return M <= 8 ? kLegacyDefaultM8 : (M <= 16 ? kLegacyDefaultM16 : (M <= 64 ? kLegacyDefaultM64 : kDefaultPrefill));
}

// `hopper`: the device is compute capability 9.0 (the v11 tile kernels use thread-block clusters,
// the mixed ones wgmma + TMA; elsewhere the previous defaults run). chunk_k: F::kChunkK.
//
// Measured on an NVIDIA H200 (one process, one card; µs isolated, weight copies rotated over > 3x
// L2; tables in bench/results/gpu-tile.md and gpu-mixm.md):
//  * M <= 8, v11 tile (.gpu-results/tile.r5.log): the kernel fills one wave with channel groups of
//    128 channels x at most 8 K slices per cluster, so it needs wide N. int4 g128 cfg 300 vs v5 48:
//    14336x4096 15.7 vs 17.7, but 6144x4096 11.1 vs 10.4, 4096x4096 9.9 vs 8.9, 4096x14336 18.4 vs
//    17.7 -> cfg 300 from N >= 8192. 8-bit: its fixed costs (x staging, cluster sums) pay off on
//    >= 32 Mi weights: int8 cfg 304 (fp16 operands) 21.6 / 22.5 vs 25.6 / 25.1 at 14336x4096 /
//    4096x14336 (6144x4096 13.3 vs 14.4, 4096x4096 11.6 vs 11.3); fp8 cfg 300 21.3 / 22.3 vs 25.1
//    / 23.2 (6144x4096 13.5 vs 12.2, 4096x4096 11.5 vs 10.6) -> N * K >= 2^25.
//  * M <= 16: int4 g128 cfg 311 vs v5 70: 14336x4096 22.1 vs 28.6, 6144x4096 14.6 vs 18.2, but
//    4096x4096 13.9 vs 11.3 and 4096x14336 28.3 vs 24.6 -> cfg 311 from N >= 6144. 8-bit: v5 70 wins
//    on all four shapes (int8 28.2 vs 30.9 at 14336x4096), kept.
//  * NVFP4 / MXFP4: v11 slower than v5 on every shape and M (14336x4096 M=1 nvfp4 25.5 vs 24.3),
//    kept.
//  * 17 <= M <= 256, mixed-input wgmma (.gpu-results/mixm.r5.log, timed for int4 g128 plain;
//    checked for int4 g128 plain / tinygemm, g32, int8 and fp8 rows: all correct except cfg 413,
//    never chosen). Wide N (>= 8192: 128+ channel blocks of 64 fill the 132 SMs) without a K split,
//    14336x4096 vs the previous default: M=32 cfg 406 28.6 vs 71.4, M=64 407 33.7 vs 98.4, M=128 402
//    41.4 vs 79.8, M=256 402 75.5 vs 89.2. Narrow N: K split over clusters of 2 (cfg 429 / 432),
//    4096x4096 / 4096x14336 / 6144x4096: M=32 429 18.2 / 45.0 / 18.6 vs 21.6 / 61.1 / 38.1; M=64
//    432 22.1 / 54.7 / 22.5 vs 28.3 / 84.0 / 51.6; M=128 432 23.4 / 58.8 vs prefill 30.0 / 83.6
//    while the split grid (ceil(M / 64) x N / 64 x 2 CTAs) fits two per SM, i.e. M N <= 128 x
//    4096 (6144x4096 M=128: 39.2 vs prefill 37.9, kept); narrow M=256: prefill wins (31.3 vs 34.6
//    best at 4096x4096), kept.
//  * int8 / fp8 rows at 17 <= M <= 256 (docs/gpu-runs/2026-11-28-s3/mixm.r9.log, all formats timed):
//    wide N takes the int4 wide-N cfgs, 14336x4096 int8 / fp8: M=32 406 38.4 / 32.4 vs 53.4 / 51.9,
//    M=64 407 40.6 / 35.9 vs 69.8 / 66.7, M=128 402 48.5 / 44.4 vs 84.9 / 84.8, M=256 402 87.0 / 78.9
//    vs 93.7 / 93.9. Narrow N keeps decode cfg 6 / prefill: its K-split cfgs lose for 8-bit at
//    M <= 64 (6144x4096 int8 M=64 432 33.9 vs 27.6) and win only here and there at M=128.
inline int default_linear_cfg(LinearFamily fam, bool hopper, int M, int N, int K, int chunk_k) {
  const bool int4 = fam == LinearFamily::kInt4Fold || fam == LinearFamily::kInt4;
  if (!hopper) return legacy_default_cfg(M);
  if (M <= 8) {
    if (fam == LinearFamily::kInt4Fold && N >= 8192) return 300;
    const bool big = static_cast<long long>(N) * K >= (1LL << 25);
    if (fam == LinearFamily::kInt8Row && big) return 304;
    if (fam == LinearFamily::kFp8Row && big) return 300;
    return kLegacyDefaultM8;
  }
  if (M <= 16) return fam == LinearFamily::kInt4Fold && N >= 6144 ? 311 : kLegacyDefaultM16;
  const bool wide = N >= 8192;
  const bool row8 = fam == LinearFamily::kInt8Row || fam == LinearFamily::kFp8Row;
  if (row8 && wide && M <= 256) return M <= 32 ? 406 : (M <= 64 ? 407 : 402);
  if (!int4 || M > 256) return legacy_default_cfg(M);
  const bool splittable = K / chunk_k >= 2;  // cfg 429 / 432 split K over 2 CTAs
  if (M <= 32) return wide ? 406 : (splittable ? 429 : kLegacyDefaultM64);
  if (M <= 64) return wide ? 407 : (splittable ? 432 : kLegacyDefaultM64);
  if (wide) return 402;
  if (M <= 128 && splittable && static_cast<long long>(M) * N <= 128LL * 4096) return 432;
  return kDefaultPrefill;
}

}  // namespace qf
