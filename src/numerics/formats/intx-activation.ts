// _apply_int8_act_asym_per_token_quant_dequant (spec §3.10): the activation of
// Int8DynamicActivationIntxWeightConfig is fake-quantized in its own dtype, per token:
// choose_qparams_affine(ASYMMETRIC, int8 [-128, 127], default eps, scale in x's dtype),
// quantize_affine, dequantize_affine(output_dtype = x.dtype). Scales and zero points come
// without the keepdim singleton (shape x.shape[:-1]), as torchao's call returns them.
import type { FloatDType } from '../../ir/format.js';
import { blockSizeFor, makeBlocks } from '../affine/blocks.js';
import { chooseQParamsAffine } from '../affine/qparams.js';
import { dequantizeAffine, quantizeAffine } from '../affine/quantize.js';
import { fromFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import { floatValues } from './common.js';

export function int8AsymPerTokenFakeQuant(x: HostTensor): QuantizedWeight {
  const { values, dtype } = floatValues(x, 'int8 per-token activation');
  const blocks = makeBlocks(x.shape, blockSizeFor({ kind: 'PerToken' }, x.shape));
  const range = { qmin: -128, qmax: 127 };
  const qp = chooseQParamsAffine(values, dtype, blocks, { mapping: 'ASYMMETRIC', ...range });
  const params = { blocks, ...qp, ...range };
  const q = quantizeAffine(values, dtype, params);
  const dq = dequantizeAffine(q, dtype as FloatDType, params);
  const tokens = x.shape.slice(0, -1);
  return {
    tensors: {
      scale: fromFloat64(qp.scale, dtype, tokens),
      zero_point: fromFloat64(qp.zeroPoint, 'int8', tokens),
      qdata: fromFloat64(q, 'int8', x.shape),
      dequantized: fromFloat64(dq, dtype, x.shape),
    },
    attributes: { block_size: blocks.blockSize, dtype },
  };
}
