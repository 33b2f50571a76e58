// Int8WeightOnlyConfig (torchao-semantics.md §3.1): symmetric int8 weights (Int8Tensor),
// fp32 scales, activations stay in high precision.
import type { ConfigDef } from './types.js';
import {
  T,
  param,
  PER_ROW,
  construction,
  atQuantization,
  OK,
  weightError,
  granularityOf,
  lastDims,
  pyRepr,
} from './common.js';
import { isObject } from './values.js';

export const removedVersion1 = (name: string) =>
  construction(
    'ValueError',
    `version 1 of ${name} has been removed, please use version 2, see https://github.com/pytorch/ao/issues/2752 for more details`,
    'version',
  );

export const int8WeightOnly: ConfigDef = {
  name: 'Int8WeightOnlyConfig',
  version: 2,
  params: [
    param('group_size', T.int, null, true),
    param('granularity', T.granularity, PER_ROW),
    param('set_inductor_config', T.bool, true),
  ],
  versionPosition: 3,
  parameterLevel: true,
  validate(p, version) {
    if (version !== 2) return removedVersion1('Int8WeightOnlyConfig');
    const g = p['group_size'];
    if (g !== null) {
      return construction(
        'AssertionError',
        `Only support version 2 with group_size=None, got ${pyRepr(g!)}. Use granularity=PerGroup(${pyRepr(g!)}) instead.`,
        'group_size',
      );
    }
    const gran = p['granularity']!;
    if (!isObject(gran) || !['PerTensor', 'PerRow', 'PerGroup'].includes(gran.type)) {
      return construction(
        'AssertionError',
        `granularity must be PerTensor, PerRow, or PerGroup, but got ${pyRepr(gran)}`,
        'granularity',
      );
    }
    return null;
  },
  checkWeight(p, _v, w) {
    const g = granularityOf(p['granularity']!);
    const { k } = lastDims(w.shape);
    if (g.kind === 'PerGroup' && k % g.groupSize !== 0) {
      return weightError(
        atQuantization('AssertionError', `Last dimension of input ${k} is not divisible by group size ${g.groupSize}`),
      );
    }
    return OK;
  },
  lower(p) {
    const granularity = granularityOf(p['granularity']!);
    return {
      weight: { layout: 'int8', granularity, reduceRange: false },
      activation: null,
      linear:
        granularity.kind === 'PerGroup' ? { kind: 'dequantize_then_matmul' } : { kind: 'int8_weight_only_scaled' },
    };
  },
};
