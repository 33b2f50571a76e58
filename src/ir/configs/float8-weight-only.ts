// Float8WeightOnlyConfig (§3.3): float8 weights (Float8Tensor), dequantize-then-matmul linear.
import type { ConfigDef } from './types.js';
import {
  T,
  param,
  PER_ROW,
  E4M3,
  construction,
  atQuantization,
  ours,
  OK,
  weightError,
  granularityOf,
  granularityClass,
  float8Element,
  lastDims,
  unexpectedVersion,
  pyRepr,
} from './common.js';
import { isObject } from './values.js';

export const float8WeightOnly: ConfigDef = {
  name: 'Float8WeightOnlyConfig',
  version: 2,
  params: [
    param('weight_dtype', T.dtype, E4M3),
    param('set_inductor_config', T.bool, true),
    param('granularity', T.granularity, null, true),
  ],
  versionPosition: 2,
  parameterLevel: true,
  normalize: (p) => (p['granularity'] === null ? { ...p, granularity: PER_ROW } : p),
  validate(p, version) {
    const g = p['granularity'] ?? PER_ROW;
    if (!isObject(g) || !['PerTensor', 'PerRow', 'PerGroup'].includes(g.type)) {
      return construction(
        'AssertionError',
        `granularity must be PerTensor, PerRow, or PerGroup, got ${granularityClass(g)}`,
        'granularity',
      );
    }
    if (version !== 2) return unexpectedVersion(version);
    if (!float8Element(p['weight_dtype']!)) {
      return ours(
        `weight_dtype must be torch.float8_e4m3fn or torch.float8_e5m2, got ${pyRepr(p['weight_dtype']!)} (torchao does not check and quantizes to whatever finfo.max says)`,
        'weight_dtype',
      );
    }
    return null;
  },
  checkWeight(p, _v, w) {
    const g = granularityOf(p['granularity'] ?? PER_ROW);
    const { k } = lastDims(w.shape);
    if (g.kind === 'PerGroup' && k % g.groupSize !== 0) {
      return weightError(
        atQuantization('AssertionError', `Last dimension of input ${k} is not divisible by group size ${g.groupSize}`),
      );
    }
    return OK;
  },
  lower(p) {
    return {
      weight: {
        layout: 'float8',
        element: float8Element(p['weight_dtype']!)!,
        granularity: granularityOf(p['granularity'] ?? PER_ROW),
      },
      activation: null,
      linear: { kind: 'dequantize_then_matmul' },
    };
  },
};
