// Golden cases of static-activation flows hold their calibration inputs
// (`calibration_batch<i>`); the quantized weight they record already carries what convert
// derives from them. Today: NVFP4's act_per_tensor_scale (§3.12, step prepare/convert).
import type { FormatSpec } from '../../ir/format.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import { nvfp4WithStaticActivationScale } from '../formats/nvfp4.js';
import type { GoldenCase } from './case.js';

export function withStaticCalibration(c: GoldenCase, spec: FormatSpec, q: QuantizedWeight): QuantizedWeight {
  if (spec.activation?.kind !== 'nvfp4' || spec.activation.dynamicPerTensorScale) return q;
  const batches: HostTensor[] = [];
  for (let i = 0; c.has(`calibration_batch${i}`); i++) batches.push(c.tensor(`calibration_batch${i}`));
  return batches.length > 0 ? nvfp4WithStaticActivationScale(q, batches) : q;
}
