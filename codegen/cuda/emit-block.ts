// Emitter of the block-scaled kernels with their own host op (block-format.ts ->
// include/qf/block_dynamic_op.cuh). For a kernel named `<name>` the module exports what a
// weight-only kernel exports and, when the op quantizes the activation, that pass alone
// (bit-exact tests against the oracle):
//   <name>(x, qdata, ...inner, bias, y)           inner: MX scale; NVFP4 scale, per_tensor_scale
//                                                 (+ act_per_tensor_scale); empty tensor = none
//   <name>__cfg(..., cfg)  <name>__dequantize(qdata, ...inner, out)  <name>__repack(src, dst)
//   <name>__quantize_activation(x, xq, xs, xd)                  MX (xs e8m0 [M, K/32], unswizzled)
//   <name>__quantize_activation(x, act_scale, xq, xs, xp, xd)  NVFP4 (xs swizzled, xp P_a)
// qdata is the qf tile layout [N/8, K/chunkK, 32, 16] uint8; `__dequantize` is torchao's
// dequantize bit for bit (qf::exact_args).
import type { CudaBlockFormat } from './block-format.js';

const REPACK_CALL: Record<string, string> = {
  bytes8: 'qf::repack_bytes8(src, dst)',
  fp4_split: 'qf::repack_fp4_split(src, dst)',
  fp6_e2m3_split: 'qf::repack_fp6_split<false>(src, dst)',
  fp6_e3m2_split: 'qf::repack_fp6_split<true>(src, dst)',
};

function quantizeActivation(f: CudaBlockFormat): string {
  if (f.activation === 'none') return '';
  const nv = f.activation === 'nvfp4';
  const params = nv ? 'TensorView x, TensorView act_scale, TensorView xq, TensorView xs, TensorView xp, TensorView xd' : 'TensorView x, TensorView xq, TensorView xs, TensorView xd';
  const call = nv ? 'Op::quantize_activation(x, act_scale, xq, xs, xp, xd)' : 'Op::quantize_activation(x, xq, xs, xd)';
  return `\nvoid quantize_activation(${params}) { ${call}; }\n`;
}

export function emitBlock(name: string, origin: string, f: CudaBlockFormat): string {
  const repack = REPACK_CALL[f.repack];
  if (repack === undefined) throw new Error(`block kernel ${name}: repack kind ${f.repack} is not a byte-tile repack`);
  const ns = `k_${name}`;
  const params = f.inner.map((n) => `TensorView ${n}`).join(', ');
  const argInner = f.inner.filter((n) => !f.runInner.includes(n));
  const args = `args(qdata, ${argInner.join(', ')})`;
  const run = (cfg: string): string => `Op::run(x, qdata, ${args}, ${f.runInner.map((n) => `${n}, `).join('')}bias, y, ${cfg});`;
  const quant = f.activation === 'none' ? '' : `TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__quantize_activation, ${ns}::quantize_activation);\n`;
  return `// ${origin.replace(/\n/g, ' ')}
namespace ${ns} {
using F = ${f.policy};
using Op = ${f.op};

F::Args args(const TensorView& qdata, ${argInner.map((n) => `const TensorView& ${n}`).join(', ')}) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return ${f.args};
}

void linear(TensorView x, TensorView qdata, ${params}, TensorView bias, TensorView y) {
  ${run('-1')}
}

void linear_cfg(TensorView x, TensorView qdata, ${params}, TensorView bias, TensorView y, int64_t cfg) {
  ${run('static_cast<int>(cfg)')}
}

void dequantize(TensorView qdata, ${params}, TensorView out) { Op::dequantize(qdata, qf::exact_args(${args}), out); }

void repack(TensorView src, TensorView dst) { ${repack}; }
${quantizeActivation(f)}}  // namespace ${ns}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}, ${ns}::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__cfg, ${ns}::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__dequantize, ${ns}::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__repack, ${ns}::repack);
${quant}`;
}
