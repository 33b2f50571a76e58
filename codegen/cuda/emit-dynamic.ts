// Emitter of the dynamic int8 activation kernels (dyn-format.ts -> include/qf/dynamic_int8_op.cuh).
// For a kernel named `<name>` the module exports
//   <name>(x, qdata, scale, zero_point, bias, y)         Int8Tensor ABI (kernel-spec order)
//   <name>__cfg(..., cfg)                                 0 GEMV (M <= 16), 1 cuBLASLt, 2/3 sliced
//   <name>__quantize_activation(x, xq, xs, xz)            int8 [M, K], fp32 [M], int8 [M]
import type { CudaDynamicInt8Format } from './dyn-format.js';

export function emitDynamicInt8(name: string, origin: string, f: CudaDynamicInt8Format): string {
  const ns = `k_${name}`;
  // The header is included where an int8 dynamic kernel first appears (#pragma once makes the
  // repeats free), so modules without one never parse it.
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
