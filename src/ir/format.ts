// FormatSpec: the numerics of a quantization config with the config's name stripped away.
//
// Every validated config of the registry (src/ir/configs/) lowers to one FormatSpec; the
// numerics oracle (src/numerics/), the kernel generators (codegen/) and the bundle writer
// consume only FormatSpecs, never config names. Two configs that lower to equal FormatSpecs
// share kernels and stored layouts. A FormatSpec is plain JSON data (it is hashed, printed
// into manifests and compared with deep equality): no classes, no functions, no undefined.
//
// Each weight layout corresponds to one torchao tensor subclass (torchao-semantics.md §4.1);
// the `layout` tag names it. Inner tensor names follow torchao (`qdata`, `scale`, ...).
//
// This file is a contract between several folders: change it additively, and update
// docs/contracts.md with it.

/** High-precision dtypes a weight or activation may have. */
export type FloatDType = 'float32' | 'bfloat16' | 'float16';

/** Storage dtypes of tensors anywhere in the project (safetensors names in src/model). */
export type DType =
  | FloatDType
  | 'float64'
  | 'float8_e4m3fn'
  | 'float8_e5m2'
  | 'float8_e8m0fnu'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'bool';

/** Sub-byte and byte integer element types (torch.int1..int8, torch.uint1..uint8). */
export type IntElement =
  | 'int1' | 'int2' | 'int3' | 'int4' | 'int5' | 'int6' | 'int7' | 'int8'
  | 'uint1' | 'uint2' | 'uint3' | 'uint4' | 'uint5' | 'uint6' | 'uint7' | 'uint8';

export type Float8Element = 'float8_e4m3fn' | 'float8_e5m2';
/** MX element types (torchao-semantics.md §3.11). */
export type MXElement = Float8Element | 'fp6_e2m3' | 'fp6_e3m2' | 'fp4_e2m1';

export type MappingType = 'SYMMETRIC' | 'ASYMMETRIC' | 'SYMMETRIC_NO_CLIPPING_ERR';

/** torchao granularities (torchao/quantization/granularity.py), as data. */
export type Granularity =
  | { kind: 'PerTensor' }
  | { kind: 'PerAxis'; axis: number }
  | { kind: 'PerRow'; dim: number }
  | { kind: 'PerGroup'; groupSize: number }
  | { kind: 'PerToken' }
  | { kind: 'PerBlock'; blockSize: number[] };

export type MXScalingMode = 'FLOOR' | 'RCEIL' | 'CEIL' | 'EVEN';

/** How the weight is quantized and stored: one variant per torchao tensor subclass. */
export type WeightFormat =
  /** Int8Tensor: symmetric int8, fp32 scale, eps = fp32 machine eps (§3.1, §3.2). */
  | { layout: 'int8'; granularity: Granularity; reduceRange: boolean }
  /**
   * Int4Tensor (plain, mslk helpers): qdata int8 [N, K/2] (even element low nibble),
   * scale/zero_point [K/g, N] in the weight dtype. `asymmetric`: int4_row_quantize_zp
   * (§3.6.1); `symmetric`: int4_row_quantize, divide by 8, zero points 0 (§3.7).
   */
  | { layout: 'int4_plain'; groupSize: number; mapping: 'asymmetric' | 'symmetric' }
  /**
   * Int4TilePackedTo4dTensor (tinygemm): §3.6.2, qparams by tinygemm or HQQ. `tinygemm_v1`:
   * Int4WeightOnlyConfig(version=1), the same tinygemm qparams with eps = 1e-6 (§3.6.5).
   */
  | { layout: 'int4_tile_packed_to_4d'; groupSize: number; qparams: 'tinygemm' | 'hqq' | 'tinygemm_v1'; ntile: 8 | 16 }
  /** Int4PreshuffledTensor (mslk, CUDA): §3.6.3. `activation` says which branch. */
  | { layout: 'int4_preshuffled'; groupSize: number; activation: 'bfloat16' | 'float8_e4m3fn' }
  /** IntxUnpackedToInt8Tensor: §3.9 (and §3.10 weights). */
  | {
      layout: 'intx_unpacked_to_int8';
      element: IntElement;
      granularity: Granularity; // PerAxis(0) or PerGroup(g)
      mapping: MappingType;
      /** null = the weight's own dtype. */
      scaleDtype: FloatDType | null;
      algorithm: 'affine' | 'hqq_scale_only';
    }
  /** Float8Tensor: §2.7, §3.3, §3.4.1. */
  | { layout: 'float8'; element: Float8Element; granularity: Granularity }
  /** Float8Sparse2x4 tensors: 2:4 pruned along K, then per-row (2d) or per-tensor (1d) fp8. */
  | { layout: 'float8_sparse_2x4'; element: Float8Element; metadata: '2d' | '1d'; granularity: Granularity }
  /** MXTensor: §3.11. Scales e8m0, swizzled for weights. */
  | { layout: 'mx'; element: MXElement; blockSize: number; scaling: MXScalingMode }
  /** NVFP4Tensor: §3.12. */
  | { layout: 'nvfp4'; blockSize: 16; perTensorScale: boolean };

/** What happens to the activation at run time; null on a FormatSpec means weight-only. */
export type ActivationFormat =
  /** Int8Tensor.from_hp on x (§3.2): per-token (PerRow) or per-tensor, sym or asym int8. */
  | { kind: 'int8'; granularity: Granularity; mapping: 'SYMMETRIC' | 'ASYMMETRIC'; reduceRange: boolean }
  /** Float8Tensor.from_hp on x (§3.4.2); lb/ub clamp the amax. */
  | {
      kind: 'float8';
      element: Float8Element;
      granularity: Granularity;
      lowerBound: number | null;
      upperBound: number | null;
    }
  /** mslk quantize_fp8_row (§3.4.5): amax floored at 1/512, e4m3, per row. */
  | { kind: 'float8_row_mslk' }
  /** _apply_int8_act_asym_per_token_quant_dequant (§3.10): fake quantization in x's dtype. */
  | { kind: 'int8_asym_per_token_fake_quant' }
  /** MXTensor.to_mx on x (§3.11), unswizzled. */
  | { kind: 'mx'; element: MXElement; blockSize: number; scaling: MXScalingMode }
  /** nvfp4_quantize on x (§3.12): dynamic per-tensor scale, or a static one from calibration. */
  | { kind: 'nvfp4'; dynamicPerTensorScale: boolean };

/** How the linear combines activation and weight (the GEMM semantics to reproduce). */
export type LinearFormat =
  /** Dequantize W to T and run a float GEMM in T (weight-only configs, EMULATED MX). */
  | { kind: 'dequantize_then_matmul' }
  /** Int8 weight-only per-row/per-tensor: mm(x, q.T in T) * T(scale) (§3.1). */
  | { kind: 'int8_weight_only_scaled' }
  /** Integer GEMM + scale epilogue (§3.2). */
  | { kind: 'int8_int_mm' }
  /** _scaled_mm: fp32 accumulate, * sa * sb, + bias, one rounding (§3.4.3). */
  | { kind: 'scaled_mm'; useFastAccum: boolean }
  /** Blockwise 1x128 / 128x128 float8 GEMM (triton in torchao), bf16 output, + bias. */
  | { kind: 'blockwise_scaled_mm' }
  /** mslk mixed-input GEMMs: bf16 x int4 (plain), fp8 x int4 (§3.6.1, §3.7). */
  | { kind: 'mslk_int4' }
  /** tinygemm _weight_int4pack_mm (§3.6.2). */
  | { kind: 'tinygemm_int4' }
  /** MX block-scaled GEMM (KernelPreference.AUTO, §3.11): e8m0 scales, bf16 output. */
  | { kind: 'mx_scaled_mm' }
  /** NVFP4 scaled GEMM then * T(P_a * P_w), then bias (§3.12). */
  | { kind: 'nvfp4_scaled_mm' }
  /** Sparse 2:4 float8 GEMM with row-wise scales (§3.4.6). */
  | { kind: 'sparse_scaled_mm' };

export interface FormatSpec {
  weight: WeightFormat;
  activation: ActivationFormat | null;
  linear: LinearFormat;
}
