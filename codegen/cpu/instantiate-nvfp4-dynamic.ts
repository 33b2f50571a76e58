// NVFP4 weights with NVFP4 activations (NVFP4DynamicActivationNVFP4WeightConfig) → the
// templates of codegen/cpu/include/qf/entry_nvfp4_dynamic.h. Without a dynamic per-tensor
// activation scale, the weight carries the optional `act_per_tensor_scale` slot (the static,
// calibrated flow; empty when there is none), which quantize_weight and dequantize ignore.
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { CPP_DTYPE, cppBool, type Fail } from './cpp-names.js';

export function instantiateNvfp4Dynamic(spec: KernelSpec, k: string, fail: Fail): string {
  const { weight, activation } = spec.format;
  if (weight.layout !== 'nvfp4' || activation?.kind !== 'nvfp4') return fail('is not NVFP4 with NVFP4 activations');
  const d = CPP_DTYPE[spec.shapeClass.dtype];
  const pt = cppBool(weight.perTensorScale);
  const dyn = activation.dynamicPerTensorScale;
  const ns = 'qf::nvfp4';
  switch (spec.op) {
    case 'quantize_weight':
      return `${ns}::quantize_weight<${d}, ${pt}>(${k}, weight, qdata, scale, per_tensor_scale);`;
    case 'dequantize':
      return `${ns}::dequantize<${d}, ${pt}>(${k}, qdata, scale, per_tensor_scale, out);`;
    case 'quantize_activation':
      return `${ns}::quantize_activation<${d}, ${cppBool(dyn)}>(${k}, x, qdata, scale, ${dyn ? '&per_tensor_scale' : 'nullptr'});`;
    case 'linear':
      return `${ns}::linear_dynamic<${d}, ${pt}, ${cppBool(dyn)}, ${spec.tile.tokens}>(${k}, x, qdata, scale, per_tensor_scale, ${dyn ? 'nullptr' : '&act_per_tensor_scale'}, bias, y);`;
  }
}
