// Golden `stage` cases: torchao's last packing op is CUDA-only, so the case holds the exact
// intermediate tensors computed before it. One handler per weight layout recomputes them
// with the oracle and compares every one the case holds, bit for bit.
import type { FormatSpec } from '../../ir/format.js';
import { tilePackedStages } from '../formats/int4-tile-packed.js';
import { sparse2x4Stages } from '../formats/float8-sparse-2x4.js';
import type { HostTensor } from '../host-tensor.js';
import type { WeightLayout } from '../index.js';
import type { GoldenCase } from './case.js';
import { type Check, compareExact } from './compare.js';

export type StageHandler = (spec: FormatSpec, c: GoldenCase) => Check[];

function compareAll(c: GoldenCase, ours: Record<string, HostTensor>): Check[] {
  return Object.keys(c.manifest.tensors ?? {})
    .filter((name) => name !== 'weight')
    .map((name) => (ours[name] ? compareExact(name, ours[name], c.tensor(name)) : { name, ok: false, detail: 'the oracle has no such stage tensor' }));
}

export const STAGES: { [L in WeightLayout]?: StageHandler } = {
  float8_sparse_2x4: (spec, c) => {
    if (spec.weight.layout !== 'float8_sparse_2x4') return [];
    const s = sparse2x4Stages(spec.weight, c.tensor('weight'));
    const keep = { dtype: 'uint8' as const, shape: s.pruned.shape, data: s.keep };
    return compareAll(c, { pruned_weight: s.pruned, keep_mask: keep, rowwise_scale: s.scale, rowwise_qdata_dense: s.qdataDense });
  },
  int4_tile_packed_to_4d: (spec, c) => {
    if (spec.weight.layout !== 'int4_tile_packed_to_4d') return [];
    return compareAll(c, { ...tilePackedStages(spec.weight, c.tensor('weight'), 'cpu') });
  },
};
