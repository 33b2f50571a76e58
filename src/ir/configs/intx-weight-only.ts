// IntxWeightOnlyConfig (§3.9): int1..int8 weights stored unpacked in int8
// (IntxUnpackedToInt8Tensor), per-row or groupwise, affine or HQQ scale-only qparams.
import type { ConfigDef, Params, TorchaoError, WeightInfo, WeightCheck } from './types.js';
import type { FormatSpec, MappingType } from '../format.js';
import {
  T,
  param,
  perAxis,
  sym,
  construction,
  atQuantization,
  ours,
  OK,
  weightError,
  granularityOf,
  intElement,
  floatDtype,
  pyRepr,
  pyStr,
  blockDivisibility,
} from './common.js';
import { enumMemberOf } from './names.js';
import { enumMember, isObject, type PyValue } from './values.js';

/** Construction checks shared with Int8DynamicActivationIntxWeightConfig (its names differ). */
export function checkIntxWeightParams(
  dtype: PyValue,
  gran: PyValue,
  mapping: PyValue,
  names: { dtype: string; gran: string; mapping: string },
  mappingMsg: string,
): TorchaoError | null {
  if (!intElement(dtype))
    return construction(
      'AssertionError',
      `${names.dtype} must be torch.intx, where 1 <= x <= 8, but got ${pyRepr(dtype)}`,
      names.dtype,
    );
  if (!isObject(gran) || (gran.type !== 'PerAxis' && gran.type !== 'PerGroup')) {
    return construction(
      'AssertionError',
      `${names.gran} must be PerAxis or PerGroup, but got ${pyRepr(gran)}`,
      names.gran,
    );
  }
  if (gran.type === 'PerAxis' && gran.fields['axis'] !== 0) {
    return construction(
      'AssertionError',
      `axis must be 0${names.gran === 'granularity' ? ' with PerAxis' : ''}, but got ${pyRepr(gran.fields['axis']!)}`,
      names.gran,
    );
  }
  const m = enumMemberOf(mapping, 'MappingType');
  if (m === null) return construction('AssertionError', `${mappingMsg}${pyStr(mapping)}`, names.mapping);
  return null;
}

/** The block along K of an intx weight: the group size, or all of K for PerAxis(0). */
export function intxBlockCheck(gran: PyValue, w: WeightInfo): WeightCheck {
  const g = granularityOf(gran);
  if (g.kind !== 'PerGroup') return OK;
  const err = blockDivisibility(w.shape, 1, g.groupSize);
  return err ? weightError(err) : OK;
}

export function intxWeightFormat(
  dtype: PyValue,
  gran: PyValue,
  mapping: PyValue,
  scaleDtype: PyValue,
  alg: PyValue,
): FormatSpec['weight'] {
  return {
    layout: 'intx_unpacked_to_int8',
    element: intElement(dtype)!,
    granularity: granularityOf(gran),
    mapping: enumMemberOf(mapping, 'MappingType') as MappingType,
    scaleDtype: floatDtype(scaleDtype),
    algorithm: enumMemberOf(alg, 'IntxChooseQParamsAlgorithm') === 'HQQ_SCALE_ONLY' ? 'hqq_scale_only' : 'affine',
  };
}

export function checkScaleDtype(v: PyValue, name: string): TorchaoError | null {
  return v === null || floatDtype(v)
    ? null
    : ours(`${name} must be torch.float32, torch.bfloat16 or torch.float16, got ${pyRepr(v)}`, name);
}

export function checkAlgorithm(v: PyValue): TorchaoError | null {
  return enumMemberOf(v, 'IntxChooseQParamsAlgorithm')
    ? null
    : ours(
        `unknown intx_choose_qparams_algorithm ${pyStr(v)}; torchao has "affine" and "hqq_scale_only"`,
        'intx_choose_qparams_algorithm',
      );
}

/** The two trailing parameters both intx configs declare: packing format and qparams algorithm. */
export const intxStorageParams = () => [
  param(
    'intx_packing_format',
    T.strEnum('IntxPackingFormat', true),
    enumMember('IntxPackingFormat', 'UNPACKED_TO_INT8'),
  ),
  param(
    'intx_choose_qparams_algorithm',
    T.strEnum('IntxChooseQParamsAlgorithm', true),
    enumMember('IntxChooseQParamsAlgorithm', 'AFFINE'),
  ),
];

const unpacked = (p: Params) => enumMemberOf(p['intx_packing_format']!, 'IntxPackingFormat') === 'UNPACKED_TO_INT8';

export const intxWeightOnly: ConfigDef = {
  name: 'IntxWeightOnlyConfig',
  version: 2,
  params: [
    param('weight_dtype', T.dtype, { py: 'dtype', name: 'int8' }),
    param('granularity', T.granularity, perAxis(0)),
    param('mapping_type', T.enum('MappingType'), sym),
    param('scale_dtype', T.dtype, null, true),
    ...intxStorageParams(),
  ],
  versionPosition: 6,
  parameterLevel: true,
  validate(p, version) {
    const e = checkIntxWeightParams(
      p['weight_dtype']!,
      p['granularity']!,
      p['mapping_type']!,
      { dtype: 'weight_dtype', gran: 'granularity', mapping: 'mapping_type' },
      'mapping_type must be MappingType.ASYMMETRIC, MappingType.SYMMETRIC, or MappingType.SYMMETRIC_NO_CLIPPING_ERR, but got ',
    );
    if (e) return e;
    if (version !== 2) return atQuantization('AssertionError', '', 'version');
    if (!unpacked(p))
      return atQuantization(
        'ValueError',
        `Unsupported packing format: ${pyStr(p['intx_packing_format']!)}`,
        'intx_packing_format',
      );
    return checkScaleDtype(p['scale_dtype']!, 'scale_dtype') ?? checkAlgorithm(p['intx_choose_qparams_algorithm']!);
  },
  checkWeight(p, _v, w) {
    const rank = w.shape.length;
    if (rank !== 2 && rank !== 4)
      return weightError(
        atQuantization('ValueError', `IntxWeightOnlyConfig only works for 2-d and 4-d Tensors, got: ${rank}`),
      );
    return intxBlockCheck(p['granularity']!, w);
  },
  lower(p) {
    return {
      weight: intxWeightFormat(
        p['weight_dtype']!,
        p['granularity']!,
        p['mapping_type']!,
        p['scale_dtype']!,
        p['intx_choose_qparams_algorithm']!,
      ),
      activation: null,
      linear: { kind: 'dequantize_then_matmul' },
    };
  },
};
