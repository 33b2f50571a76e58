// CUDA source emitter: CudaFormats -> one .cu translation unit exporting TVM-FFI functions.
// Pure: text in, text out, no I/O; goldens under test/codegen/cuda/golden pin its output.
//
// For a kernel named `<name>` (kernelName of its KernelSpec) the module exports
//   <name>(x, qdata, ...inner, bias, y)             linear, kernel-spec ABI (bias numel 0 = none)
//   <name>__cfg(x, qdata, ...inner, bias, y, cfg)   the same with a forced configuration (tuning)
//   <name>__dequantize(qdata, ...inner, out)        bf16 [N, K]
//   <name>__repack(src..., dst)                     torchao qdata -> qf tile (build time)
// where qdata is the qf tile layout [N/8, K/chunkK, 32, 16] uint8 (weight_formats.cuh).
// Float8 dynamic-activation kernels take torchao's own [N, K] e4m3 qdata and export
//   <name>(x, qdata, scale, bias, y), <name>__cfg(..., cfg), <name>__quantize_activation(x, xq, xs).
import type { CudaDynamicFp8Format, CudaFormat, CudaKernelFormat, RepackKind } from './formats.js';
import { dequantOp, emitBlockwiseFp8, emitDynamicInt8, emitFakeQuant } from './emit-dynamic.js';
import { emitBlock } from './emit-block.js';
import { emitSparseFp8, SPARSE_HEADER } from './emit-sparse.js';

export interface CudaLinearKernel {
  /** Exported symbol base name ([A-Za-z_][A-Za-z0-9_]*). */
  name: string;
  format: CudaKernelFormat;
  /** Where the kernel came from, printed into the source (e.g. the canonical KernelSpec). */
  origin: string;
}

const REPACK: Record<RepackKind, { params: string; call: string }> = {
  int4_plain: { params: 'TensorView src, TensorView dst', call: 'qf::repack_int4_plain(src, dst)' },
  int4_tinygemm: {
    params: 'TensorView src, int64_t K, TensorView dst',
    call: 'qf::repack_int4_tinygemm(src, K, dst)',
  },
  bytes8: { params: 'TensorView src, TensorView dst', call: 'qf::repack_bytes8(src, dst)' },
  fp4_split: { params: 'TensorView src, TensorView dst', call: 'qf::repack_fp4_split(src, dst)' },
  fp6_e2m3_split: { params: 'TensorView src, TensorView dst', call: 'qf::repack_fp6_split<false>(src, dst)' },
  fp6_e3m2_split: { params: 'TensorView src, TensorView dst', call: 'qf::repack_fp6_split<true>(src, dst)' },
  intx_nibbles: { params: 'TensorView src, TensorView dst', call: 'qf::repack_intx_nibbles(src, dst)' },
};

function checkName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`CUDA kernel name '${name}' is not a C identifier`);
}

const cppFloat = (v: number | null): string =>
  v === null ? 'std::numeric_limits<float>::quiet_NaN()' : `${Number.isInteger(v) ? `${v}.0` : String(v)}f`;

function emitDynamicFp8(k: CudaLinearKernel, f: CudaDynamicFp8Format): string {
  const ns = `k_${k.name}`;
  return `// ${k.origin.replace(/\n/g, ' ')}
namespace ${ns} {
using Op = qf::DynamicFp8Op<${f.perTensor}>;
const qf::ActQuantParams kAct{${cppFloat(f.lowerBound)}, ${cppFloat(f.upperBound)}};

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView bias, TensorView y) {
  Op::run(x, qdata, scale, bias, y, kAct, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, scale, bias, y, kAct, static_cast<int>(cfg));
}

void quantize_activation(TensorView x, TensorView xq, TensorView xs) { Op::quantize_activation(x, xq, xs, kAct); }
}  // namespace ${ns}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${k.name}, ${ns}::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${k.name}__cfg, ${ns}::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${k.name}__quantize_activation, ${ns}::quantize_activation);
`;
}

function emitKernel(k: CudaLinearKernel): string {
  checkName(k.name);
  if (k.format.kind === 'dynamic_fp8') return emitDynamicFp8(k, k.format);
  if (k.format.kind === 'dynamic_int8') return emitDynamicInt8(k.name, k.origin, k.format);
  if (k.format.kind === 'blockwise_fp8') return emitBlockwiseFp8(k.name, k.origin, k.format);
  if (k.format.kind === 'fake_quant_weight_only') return emitFakeQuant(k.name, k.origin, k.format, REPACK[k.format.repack]);
  if (k.format.kind === 'block') return emitBlock(k.name, k.origin, k.format);
  if (k.format.kind === 'sparse_fp8') return emitSparseFp8(k.name, k.origin, k.format);
  return emitWeightOnly(k, k.format);
}

function emitWeightOnly(k: CudaLinearKernel, f: CudaFormat): string {
  const innerParams = f.inner.map((n) => `TensorView ${n}`).join(', ');
  const innerArgs = f.inner.join(', ');
  const ns = `k_${k.name}`;
  const repack = REPACK[f.repack];
  return `// ${k.origin.replace(/\n/g, ' ')}
namespace ${ns} {
using F = ${f.policy};
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, ${f.inner.map((n) => `const TensorView& ${n}`).join(', ')}) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return ${f.args};
}

void linear(TensorView x, TensorView qdata, ${innerParams}, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, ${innerArgs}), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, ${innerParams}, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, ${innerArgs}), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, ${innerParams}, TensorView out) {
  ${dequantOp(f)}::dequantize(qdata, args(qdata, ${innerArgs}), out);
}

void repack(${repack.params}) { ${repack.call}; }
}  // namespace ${ns}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${k.name}, ${ns}::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${k.name}__cfg, ${ns}::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${k.name}__dequantize, ${ns}::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${k.name}__repack, ${ns}::repack);
`;
}

/** One CUDA translation unit holding every kernel of a bundle's CUDA target. */
export function emitCudaModule(kernels: readonly CudaLinearKernel[]): string {
  const names = new Set<string>();
  for (const k of kernels) {
    if (names.has(k.name)) throw new Error(`duplicate CUDA kernel name '${k.name}'`);
    names.add(k.name);
  }
  // Only a module with sparse kernels includes cuSPARSELt's wrapper (its goldens stay as they were).
  const sparse = kernels.some((k) => k.format.kind === 'sparse_fp8') ? `${SPARSE_HEADER}\n` : '';
  const head = `// Generated by quantforge codegen/cuda (emit.ts). Do not edit: regenerate.
// Device code lives in the hand-written headers of codegen/cuda/include/qf/.
#include <tvm/ffi/function.h>

#include <limits>

#include "qf/block_args.cuh"
#include "qf/block_dynamic_op.cuh"
#include "qf/block_fp4_split.cuh"
#include "qf/block_fp6_split.cuh"
#include "qf/dynamic_fp8_op.cuh"
#include "qf/format_args.cuh"
#include "qf/intx_args.cuh"
#include "qf/linear_op.cuh"
${sparse}
using tvm::ffi::TensorView;
`;
  return [head, ...kernels.map(emitKernel)].join('\n');
}
