// Granularity builders, written as the DSL writes them: `perGroup(32)` is `PerGroup(32)`,
// `perRow()` is `PerRow()`, `perBlock([1, 128])` is `PerBlock([1, 128])`.
import type { ConfigCall } from '../ir/recipe.js';
import { call, configCall } from './values.js';

export const perTensor = (): ConfigCall => call('PerTensor');
/** `dim` defaults to -1 in torchao; give it only to change it. */
export const perRow = (dim?: number): ConfigCall => call('PerRow', dim === undefined ? [] : [dim]);
export const perAxis = (axis: number): ConfigCall => call('PerAxis', [axis]);
export const perGroup = (groupSize: number): ConfigCall => call('PerGroup', [groupSize]);
export const perToken = (): ConfigCall => call('PerToken');
export const perBlock = (blockSize: readonly number[]): ConfigCall => call('PerBlock', [blockSize]);

/** `Float8MMConfig(use_fast_accum=True)` */
export const float8MMConfig = (
  options: { emulate?: boolean; useFastAccum?: boolean; padInnerDim?: boolean } = {},
): ConfigCall => configCall('Float8MMConfig', options);
