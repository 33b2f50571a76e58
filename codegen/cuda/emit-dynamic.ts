// Emitter of the dynamic int8 and blockwise float8 kernels (dyn-format.ts ->
// include/qf/dynamic_int8_op.cuh, include/qf/blockwise_fp8_op.cuh). For a kernel named `<name>`:
//   int8       <name>(x, qdata, scale, zero_point, bias, y)   Int8Tensor ABI (kernel-spec order)
//              <name>__cfg(..., cfg)                           0 GEMV (M <= 16), 1 cuBLASLt, 2/3 sliced
//              <name>__quantize_activation(x, xq, xs, xz)      int8 [M, K], fp32 [M], int8 [M]
//   blockwise  <name>(x, qdata, scale, bias, y)                Float8Tensor ABI, scale [N/128, K/128]
//              <name>__cfg(..., cfg)                           0 GEMV (M <= 16), 1..4 cuBLASLt
//              <name>__quantize_activation(x, xq, xs)          e4m3 [M, K], fp32 [M, K/128]
//   fake quant <name>, __cfg, __dequantize, __repack               exactly the weight-only kernel's
//              <name>__quantize_activation(x, out)             the fake-quantized x, bf16 [M, K]
// Each family's header is included where its first kernel appears (#pragma once makes the
// repeats free), so modules without one never parse it.
import type { CudaBlockwiseFp8Format, CudaDynamicInt8Format, CudaFakeQuantFormat } from './dyn-format.js';
import type { CudaFormat } from './formats.js';

/** The op of the exported `__dequantize`: the linear's, or that of the format's dequantPolicy. */
export const dequantOp = (f: Pick<CudaFormat, 'dequantPolicy'>): string =>
  f.dequantPolicy ? `qf::LinearOp<${f.dequantPolicy}>` : 'Op';

const cppFloat = (v: number | null): string =>
  v === null ? 'std::numeric_limits<float>::quiet_NaN()' : `${Number.isInteger(v) ? `${v}.0` : String(v)}f`;

export function emitBlockwiseFp8(name: string, origin: string, f: CudaBlockwiseFp8Format): string {
  const ns = `k_${name}`;
  return `#include "qf/blockwise_fp8_op.cuh"

// ${origin.replace(/\n/g, ' ')}
namespace ${ns} {
using Op = qf::BlockwiseFp8Op;
const qf::ActQuantParams kAct{${cppFloat(f.lowerBound)}, ${cppFloat(f.upperBound)}};

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView bias, TensorView y) {
  Op::run(x, qdata, scale, bias, y, kAct, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, scale, bias, y, kAct, static_cast<int>(cfg));
}

void quantize_activation(TensorView x, TensorView xq, TensorView xs) { Op::quantize_activation(x, xq, xs, kAct); }
}  // namespace ${ns}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}, ${ns}::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__cfg, ${ns}::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__quantize_activation, ${ns}::quantize_activation);
`;
}

export function emitDynamicInt8(name: string, origin: string, f: CudaDynamicInt8Format): string {
  const ns = `k_${name}`;
  return `#include "qf/dynamic_int8_op.cuh"

// ${origin.replace(/\n/g, ' ')}
namespace ${ns} {
using Op = qf::DynamicInt8Op<${f.asym}, ${f.reduceRange}>;
constexpr bool kActPerTensor = ${f.actPerTensor};

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y,
                int64_t cfg) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, static_cast<int>(cfg));
}

void quantize_activation(TensorView x, TensorView xq, TensorView xs, TensorView xz) {
  Op::quantize_activation(x, xq, xs, xz, kActPerTensor);
}
}  // namespace ${ns}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}, ${ns}::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__cfg, ${ns}::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__quantize_activation, ${ns}::quantize_activation);
`;
}

const FAKE_QUANT_MODE = { int8_asym_per_token: 'qf::FakeQuant::kInt8AsymToken', float8_row_mslk: 'qf::FakeQuant::kFp8RowMslk' } as const;

/** A weight-only kernel on a fake-quantized x; `repack` is emit.ts's entry for the format's repack kind. */
export function emitFakeQuant(name: string, origin: string, f: CudaFakeQuantFormat, repack: { params: string; call: string }): string {
  const ns = `k_${name}`;
  const innerParams = f.inner.map((n) => `TensorView ${n}`).join(', ');
  const innerArgs = f.inner.join(', ');
  return `#include "qf/act_fake_quant.cuh"

// ${origin.replace(/\n/g, ' ')}
namespace ${ns} {
using F = ${f.policy};
using Op = qf::LinearOp<F>;
using FqOp = qf::FakeQuantLinearOp<F, ${FAKE_QUANT_MODE[f.act]}>;

F::Args args(const TensorView& qdata, ${f.inner.map((n) => `const TensorView& ${n}`).join(', ')}) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return ${f.args};
}

void linear(TensorView x, TensorView qdata, ${innerParams}, TensorView bias, TensorView y) {
  FqOp::run(x, qdata, args(qdata, ${innerArgs}), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, ${innerParams}, TensorView bias, TensorView y, int64_t cfg) {
  FqOp::run(x, qdata, args(qdata, ${innerArgs}), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, ${innerParams}, TensorView out) {
  ${dequantOp(f)}::dequantize(qdata, args(qdata, ${innerArgs}), out);
}

void repack(${repack.params}) { ${repack.call}; }

void quantize_activation(TensorView x, TensorView out) { FqOp::quantize_activation(x, out); }
}  // namespace ${ns}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}, ${ns}::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__cfg, ${ns}::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__dequantize, ${ns}::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__repack, ${ns}::repack);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__quantize_activation, ${ns}::quantize_activation);
`;
}
