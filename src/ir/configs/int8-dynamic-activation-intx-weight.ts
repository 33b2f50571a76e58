// Int8DynamicActivationIntxWeightConfig (§3.10): intx weights as §3.9, activations fake-
// quantized per token (asymmetric int8) in their own dtype, then F.linear.
import type { ConfigDef, Params } from './types.js';
import { T, param, perGroup, sym, asym, construction, atQuantization, ours, weightError, pyStr } from './common.js';
import {
  checkIntxWeightParams,
  intxBlockCheck,
  intxWeightFormat,
  checkScaleDtype,
  checkAlgorithm,
  intxStorageParams,
} from './intx-weight-only.js';
import { enumMemberOf } from './names.js';

const packing = (p: Params) => enumMemberOf(p['intx_packing_format']!, 'IntxPackingFormat');

export const int8DynamicActivationIntxWeight: ConfigDef = {
  name: 'Int8DynamicActivationIntxWeightConfig',
  version: 2,
  params: [
    param('weight_dtype', T.dtype, { py: 'dtype', name: 'int8' }),
    param('weight_granularity', T.granularity, perGroup(32)),
    param('weight_mapping_type', T.enum('MappingType'), sym),
    param('weight_scale_dtype', T.dtype, null, true),
    param('act_mapping_type', T.enum('MappingType'), asym),
    ...intxStorageParams(),
  ],
  versionPosition: 7,
  parameterLevel: true,
  validate(p, version) {
    const e = checkIntxWeightParams(
      p['weight_dtype']!,
      p['weight_granularity']!,
      p['weight_mapping_type']!,
      { dtype: 'weight_dtype', gran: 'weight_granularity', mapping: 'weight_mapping_type' },
      'weight_mapping_type must be MappingType.ASYMMETRIC or MappingType.SYMMETRIC or MappingType.SYMMETRIC_NO_CLIPPING_ERR, but got ',
    );
    if (e) return e;
    const act = enumMemberOf(p['act_mapping_type']!, 'MappingType');
    if (act !== 'ASYMMETRIC' && act !== 'SYMMETRIC') {
      return construction(
        'AssertionError',
        `act_mapping_type must be MappingType.ASYMMETRIC or MappingType.SYMMETRIC, but got ${pyStr(p['act_mapping_type']!)}`,
        'act_mapping_type',
      );
    }
    if (version !== 2) return atQuantization('AssertionError', '', 'version');
    if (act !== 'ASYMMETRIC') {
      return {
        ...atQuantization('AssertionError', '', 'act_mapping_type'),
        hint: 'torchao accepts act_mapping_type=SYMMETRIC at construction and then fails when quantizing; only MappingType.ASYMMETRIC works',
      };
    }
    const fmt = packing(p);
    if (fmt === null)
      return atQuantization(
        'AssertionError',
        `Unsupported packing format: ${pyStr(p['intx_packing_format']!)}`,
        'intx_packing_format',
      );
    if (fmt === 'OPAQUE_ATEN_KLEIDIAI') {
      return {
        ...atQuantization(
          'AssertionError',
          'ATEN target requires torch.backends.kleidiai.is_available()',
          'intx_packing_format',
        ),
        hint: 'KleidiAI kernels exist only on Arm CPUs; quantforge targets have none: use intx_packing_format="unpacked_to_int8"',
      };
    }
    if (fmt !== 'UNPACKED_TO_INT8') {
      return ours(
        `packing format ${pyStr(p['intx_packing_format']!)} needs torchao's CPU C++ kernels, which quantforge does not build`,
        'intx_packing_format',
        'use intx_packing_format="unpacked_to_int8" (same quantized values)',
      );
    }
    return (
      checkScaleDtype(p['weight_scale_dtype']!, 'weight_scale_dtype') ??
      checkAlgorithm(p['intx_choose_qparams_algorithm']!)
    );
  },
  checkWeight(p, _v, w) {
    if (w.shape.length !== 2)
      return weightError(
        atQuantization(
          'AssertionError',
          `Int8DynamicActivationIntxWeightConfig only works for 2-d Tensor, got: ${w.shape.length}`,
        ),
      );
    return intxBlockCheck(p['weight_granularity']!, w);
  },
  lower(p) {
    return {
      weight: intxWeightFormat(
        p['weight_dtype']!,
        p['weight_granularity']!,
        p['weight_mapping_type']!,
        p['weight_scale_dtype']!,
        p['intx_choose_qparams_algorithm']!,
      ),
      activation: { kind: 'int8_asym_per_token_fake_quant' },
      linear: { kind: 'dequantize_then_matmul' },
    };
  },
};
