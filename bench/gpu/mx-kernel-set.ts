// The block-scaled formats scripts/gpu/mx-check.sh builds and checks (issue 8 item 2):
// MXDynamicActivationMXWeightConfig for every element and scaling mode (one weight decode
// policy per element, so 20 activation variants share 5 linear instantiations),
// NVFP4DynamicActivationNVFP4WeightConfig (dynamic, static and no per-tensor scale), and the
// weight-only MX / NVFP4 formats whose decode speed the check times.
// tag (used by bench/gpu/bench_mx.py) -> FormatSpec.
import type { FormatSpec, MXElement, MXScalingMode } from '../../src/ir/format.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';

export const MX_ELEMENT_TAGS: Record<MXElement, string> = {
  float8_e4m3fn: 'mxfp8',
  float8_e5m2: 'mxfp8e5m2',
  fp6_e2m3: 'mxfp6e2m3',
  fp6_e3m2: 'mxfp6e3m2',
  fp4_e2m1: 'mxfp4',
};
const MODES: MXScalingMode[] = ['FLOOR', 'RCEIL', 'CEIL', 'EVEN'];

const mxWeight = (element: MXElement, scaling: MXScalingMode): FormatSpec['weight'] => ({ layout: 'mx', element, blockSize: 32, scaling });

function build(): Record<string, FormatSpec> {
  const out: Record<string, FormatSpec> = {};
  for (const [element, tag] of Object.entries(MX_ELEMENT_TAGS) as [MXElement, string][]) {
    out[tag] = { weight: mxWeight(element, 'FLOOR'), activation: null, linear: { kind: 'dequantize_then_matmul' } };
    for (const scaling of MODES) {
      out[`${tag}dq_${scaling.toLowerCase()}`] = {
        weight: mxWeight(element, scaling),
        activation: { kind: 'mx', element, blockSize: 32, scaling },
        linear: { kind: 'dequantize_then_matmul' },
      };
    }
  }
  const nvfp4 = (perTensorScale: boolean): FormatSpec['weight'] => ({ layout: 'nvfp4', blockSize: 16, perTensorScale });
  out.nvfp4 = { weight: nvfp4(false), activation: null, linear: { kind: 'dequantize_then_matmul' } };
  out.nvfp4_pts = { weight: nvfp4(true), activation: null, linear: { kind: 'dequantize_then_matmul' } };
  // use_dynamic_per_tensor_scale=True (the default): P_a per call, P_w stored
  out.nvfp4dq = { weight: nvfp4(true), activation: { kind: 'nvfp4', dynamicPerTensorScale: true }, linear: { kind: 'nvfp4_scaled_mm' } };
  // step="convert": P_w stored, P_a calibrated (act_per_tensor_scale)
  out.nvfp4dq_static = { weight: nvfp4(true), activation: { kind: 'nvfp4', dynamicPerTensorScale: false }, linear: { kind: 'nvfp4_scaled_mm' } };
  // use_dynamic_per_tensor_scale=False: no per-tensor scale anywhere
  out.nvfp4dq_none = { weight: nvfp4(false), activation: { kind: 'nvfp4', dynamicPerTensorScale: false }, linear: { kind: 'nvfp4_scaled_mm' } };
  return out;
}

export const MX_FORMATS: Record<string, FormatSpec> = build();

export function mxSpecs(): Record<string, KernelSpec> {
  const out: Record<string, KernelSpec> = {};
  for (const [tag, format] of Object.entries(MX_FORMATS)) {
    out[tag] = { op: 'linear', format, target: 'cuda', shapeClass: { dtype: 'bfloat16' }, tile: { rows: 8, tokens: 16 } };
  }
  return out;
}
