// NVFP4DynamicActivationNVFP4WeightConfig and NVFP4WeightOnlyConfig (§3.12): fp4 e2m1 values,
// e4m3 block scales per 16 elements, an optional fp32 per-tensor scale.
import type { ConfigDef, Params, WeightInfo, WeightCheck } from './types.js';
import { T, param, construction, atQuantization, ours, OK, weightError, lastDims, pyStr, torchSize } from './common.js';
import { enumMemberOf } from './names.js';
import { enumMember } from './values.js';

function shapeCheck(w: WeightInfo, threeD: string | null): WeightCheck {
  if (w.dtype !== 'bfloat16' && w.dtype !== 'float32')
    return weightError(ours(`NVFP4 quantizes bfloat16 or float32 weights, got ${w.dtype}`));
  if (w.shape.length === 3 && threeD) return weightError(atQuantization('AssertionError', threeD));
  if (w.shape.length !== 2 && w.shape.length !== 3)
    return weightError(ours(`NVFP4 weights must be 2-D or 3-D, got ${w.shape.length}-D`));
  const { n, k } = lastDims(w.shape);
  if (n % 16 !== 0 || k % 16 !== 0) {
    return weightError(
      atQuantization(
        'RuntimeError',
        `NVFP4 only supports weight shape with last 2 dims divisible by 16, got ${torchSize(w.shape)}`,
      ),
    );
  }
  return OK;
}

const step = (p: Params) => (p['step'] === null ? null : enumMemberOf(p['step']!, 'QuantizationStep'));

export const nvfp4DynamicActivationNVFP4Weight: ConfigDef = {
  name: 'NVFP4DynamicActivationNVFP4WeightConfig',
  version: 1,
  params: [
    param('use_triton_kernel', T.bool, true),
    param('use_dynamic_per_tensor_scale', T.bool, true),
    param('step', T.strEnum('QuantizationStep', true), null, true),
  ],
  versionPosition: 3,
  parameterLevel: true,
  normalize(p) {
    // __post_init__: a step string becomes the enum member, and a step forces static scales.
    const s = step(p);
    return s === null ? p : { ...p, step: enumMember('QuantizationStep', s), use_dynamic_per_tensor_scale: false };
  },
  validate(p, version) {
    if (version !== 1)
      return ours(`NVFP4DynamicActivationNVFP4WeightConfig has only version 1, got ${version}`, 'version');
    if (p['step'] !== null && step(p) === null) {
      return construction('ValueError', `'${pyStr(p['step']!)}' is not a valid QuantizationStep`, 'step');
    }
    return null;
  },
  checkWeight: (p, _v, w) => shapeCheck(w, step(p) === 'CONVERT' ? '3D weights not yet supported here' : null),
  lower(p) {
    const s = step(p);
    const dynamic = s === null && p['use_dynamic_per_tensor_scale'] === true;
    return {
      // The static flow (prepare/convert) keeps a per-tensor weight scale and calibrates P_a.
      weight: {
        layout: 'nvfp4',
        blockSize: 16,
        perTensorScale: s !== null || p['use_dynamic_per_tensor_scale'] === true,
      },
      activation: { kind: 'nvfp4', dynamicPerTensorScale: dynamic },
      linear: { kind: 'nvfp4_scaled_mm' },
    };
  },
};

export const nvfp4WeightOnly: ConfigDef = {
  name: 'NVFP4WeightOnlyConfig',
  version: 1,
  params: [param('use_dynamic_per_tensor_scale', T.bool, true)],
  versionPosition: 1,
  parameterLevel: false,
  validate: (_p, version) =>
    version !== 1 ? ours(`NVFP4WeightOnlyConfig has only version 1, got ${version}`, 'version') : null,
  checkWeight: (_p, _v, w) => shapeCheck(w, '3D weights not yet supported in this workflow'),
  lower(p) {
    return {
      weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: p['use_dynamic_per_tensor_scale'] === true },
      activation: null,
      linear: { kind: 'dequantize_then_matmul' },
    };
  },
};
