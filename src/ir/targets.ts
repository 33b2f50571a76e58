// Which FormatSpec layouts have kernels on which target: the capability table `check` queries
// so that a recipe asking a target for a format it cannot run fails before any compute.
//
// Keys are `<weight layout>[:<variant>]/<linear kind>`. Columns: `cpu`, and CUDA by architecture
// (a target runs the column of the highest architecture at or below its own). The entries start
// from what torchao itself can run (torchao-semantics.md §0.1); kernel engineers flip them as
// quantforge's own kernels land. Keep one line per key, with why where it is not obvious.
import type { FormatSpec } from './format.js';
import type { Target } from './recipe.js';

type Column = 'cpu' | 'sm_80' | 'sm_90a' | 'sm_100a';
const ALL: Column[] = ['cpu', 'sm_80', 'sm_90a', 'sm_100a'];
const CUDA_FROM = (c: Column): Column[] => ALL.slice(ALL.indexOf(c));

export const CAPABILITIES: Readonly<Record<string, readonly Column[]>> = {
  'int8/int8_weight_only_scaled': ALL,
  'int8/dequantize_then_matmul': ALL,
  'int8/int8_int_mm': ALL,
  'float8/dequantize_then_matmul': ALL,
  // _scaled_mm: CPU implementation, and cuBLASLt from sm_89 (Ada) on; sm_80 has no fp8 MMA.
  'float8/scaled_mm': ['cpu', 'sm_90a', 'sm_100a'],
  // cpu: codegen/cpu's blockwise GEMM (float8_block.h), numerics of torchao's triton kernel.
  'float8/blockwise_scaled_mm': ['cpu', ...CUDA_FROM('sm_90a')],
  // CUTLASS sm90 sparse GEMM; the 1-D metadata variant is ROCm hipSPARSELt. cpu: codegen/cpu's
  // sparse GEMM over the kept values and metadata (float8_sparse.h), both layouts.
  'float8_sparse_2x4:2d/sparse_scaled_mm': ['cpu', 'sm_90a'],
  'float8_sparse_2x4:1d/sparse_scaled_mm': ['cpu'],
  // cpu: codegen/cpu's int4 linear (bf16/fp16/fp32 activations) and, for the float8-activation
  // variant (Float8DynamicActivationInt4), its fp8 x int4 linear (int4_f8.h, bf16 only).
  'int4_plain/mslk_int4': ['cpu', ...CUDA_FROM('sm_90a')],
  // cpu: codegen/cpu reads torchao's 4-D tinygemm words directly (int4_tiled.h), bf16 only.
  'int4_tile_packed_to_4d/tinygemm_int4': ['cpu', ...CUDA_FROM('sm_80')],
  // mslk's preshuffled layout is laid out for H100 WGMMA loads.
  'int4_preshuffled/mslk_int4': ['sm_90a'],
  'intx_unpacked_to_int8/dequantize_then_matmul': ALL,
  'mx/dequantize_then_matmul': ALL,
  // cpu: codegen/cpu's MX linear (exact block products, fp32 sums), the same numerics as EMULATED.
  'mx/mx_scaled_mm': ['cpu', 'sm_100a'],
  // cpu: codegen/cpu's scaled fp4 GEMM (entry_nvfp4_dynamic.h); CUDA: sm_100 block-scaled MMA.
  'nvfp4/nvfp4_scaled_mm': ['cpu', 'sm_100a'],
  'nvfp4/dequantize_then_matmul': ALL,
};

export function capabilityKey(f: FormatSpec): string {
  const variant = f.weight.layout === 'float8_sparse_2x4' ? `:${f.weight.metadata}` : '';
  return `${f.weight.layout}${variant}/${f.linear.kind}`;
}

/** `cpu(isa="avx2")`, `cuda(arch="sm_90a")`. */
export function targetName(t: Target): string {
  const opts = Object.entries(t.options).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${t.kind}(${opts.join(', ')})`;
}

function column(t: Target): Column | null {
  if (t.kind === 'cpu') return 'cpu';
  const arch = String(t.options['arch'] ?? 'sm_90a');
  const m = /^sm_(\d+)/.exec(arch);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 100 ? 'sm_100a' : n >= 90 ? 'sm_90a' : n >= 80 ? 'sm_80' : null;
}

export function canRun(f: FormatSpec, t: Target): boolean {
  const col = column(t);
  const cols = CAPABILITIES[capabilityKey(f)];
  return col !== null && cols !== undefined && cols.includes(col);
}
