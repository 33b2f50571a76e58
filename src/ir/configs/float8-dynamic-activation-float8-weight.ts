// Float8DynamicActivationFloat8WeightConfig (§3.4): float8 weights and per-tensor / per-row /
// 1x128-128x128 blockwise float8 activations, `_scaled_mm` linear; 2:4 sparse packing formats.
import type { ConfigDef, Params, TorchaoError } from './types.js';
import type { FormatSpec } from '../format.js';
import {
  T,
  param,
  PER_TENSOR,
  E4M3,
  construction,
  atQuantization,
  ours,
  OK,
  skip,
  weightError,
  granularityOf,
  float8Element,
  lastDims,
  unexpectedVersion,
  pyRepr,
  torchSize,
} from './common.js';
import { enumMemberOf } from './names.js';
import { object, isObject, isTuple, pyEqual, type PyValue } from './values.js';

const BLOCK_ACT = object('PerBlock', { block_size: [1, 128] });
const BLOCK_WEIGHT = object('PerBlock', { block_size: [128, 128] });
const isBlockwisePair = (a: PyValue, w: PyValue) => pyEqual(a, BLOCK_ACT) && pyEqual(w, BLOCK_WEIGHT);

/** torchao/float8/inference.py::_normalize_granularity: `[act, weight]` or its ValueError. */
export function normalizeGranularity(g: PyValue): PyValue[] | TorchaoError {
  const err = (m: string) => construction('ValueError', m, 'granularity');
  if (g === null) return [PER_TENSOR, PER_TENSOR];
  if (isObject(g)) {
    if (g.type === 'PerTensor' || g.type === 'PerRow') return [g, g];
    return err(`Invalid granularity specification: ${pyRepr(g)}.`);
  }
  const items = Array.isArray(g) ? g : isTuple(g) ? g.items : null;
  if (!items || items.length !== 2) return err(`Invalid granularity specification: ${pyRepr(g)}.`);
  const [a, w] = items as [PyValue, PyValue];
  if (isBlockwisePair(a, w)) return [a, w];
  const simple = (x: PyValue) => isObject(x) && (x.type === 'PerTensor' || x.type === 'PerRow');
  if (!simple(a) || !simple(w) || (a as { type: string }).type !== (w as { type: string }).type) {
    return err(`Unsupported granularity types: ${pyRepr(g)}.`);
  }
  if (!pyEqual(a, w)) return err(`Different granularities for activation and weight are not supported: ${pyRepr(g)}.`);
  return [a, w];
}

const pairOf = (p: Params) => p['granularity'] as PyValue[];
const packing = (p: Params) => enumMemberOf(p['packing_format']!, 'Float8PackingFormat');
const kernelPreference = (p: Params) => enumMemberOf(p['kernel_preference']!, 'KernelPreference');

export const float8DynamicActivationFloat8Weight: ConfigDef = {
  name: 'Float8DynamicActivationFloat8WeightConfig',
  version: 2,
  params: [
    param('activation_dtype', T.dtype, E4M3),
    param('weight_dtype', T.dtype, E4M3),
    param('granularity', T.granularities, null, true),
    param('packing_format', T.strEnum('Float8PackingFormat', true), {
      py: 'enum',
      type: 'Float8PackingFormat',
      member: 'PLAIN',
    }),
    param('mm_config', T.object('Float8MMConfig'), null, true),
    param('activation_value_lb', T.float, null, true),
    param('activation_value_ub', T.float, null, true),
    param('kernel_preference', T.strEnum('KernelPreference'), { py: 'enum', type: 'KernelPreference', member: 'AUTO' }),
    param('set_inductor_config', T.bool, true),
    param('alg_id', T.int, 0),
  ],
  versionPosition: 9,
  parameterLevel: true,
  normalize(p) {
    const pair = normalizeGranularity(p['granularity']!) as PyValue[];
    const blockwise = isBlockwisePair(pair[0]!, pair[1]!);
    const mm =
      p['mm_config'] ?? object('Float8MMConfig', { emulate: false, use_fast_accum: !blockwise, pad_inner_dim: false });
    return { ...p, granularity: pair, mm_config: mm };
  },
  validate(p, version) {
    const pair = normalizeGranularity(p['granularity']!);
    if (!Array.isArray(pair)) return pair;
    const kp = kernelPreference(p);
    if (isBlockwisePair(pair[0]!, pair[1]!) && (!(kp === 'AUTO' || kp === 'TORCH') || version < 2)) {
      return construction('AssertionError', 'unimplemented', 'kernel_preference');
    }
    if (version !== 2) return unexpectedVersion(version);
    for (const name of ['activation_dtype', 'weight_dtype']) {
      if (!float8Element(p[name]!))
        return ours(`${name} must be torch.float8_e4m3fn or torch.float8_e5m2, got ${pyRepr(p[name]!)}`, name);
    }
    const fmt = packing(p);
    if (fmt === null) {
      return ours(
        `unknown packing_format ${pyRepr(p['packing_format']!)}: torchao returns None and leaves an empty weight`,
        'packing_format',
        'use Float8PackingFormat.PLAIN, SPARSE_2D_DATA_2D_METADATA or SPARSE_1D_DATA_1D_METADATA',
      );
    }
    const wType = (pair[1] as { type: string }).type;
    if (fmt === 'SPARSE_2D_DATA_2D_METADATA' && wType !== 'PerRow') {
      return atQuantization(
        'AssertionError',
        'Sparse packing format only supports per-row quantization',
        'granularity',
      );
    }
    if (fmt === 'SPARSE_1D_DATA_1D_METADATA' && wType !== 'PerTensor') {
      return atQuantization(
        'AssertionError',
        'Sparse 1D data 1D metadata packing format only supports per-tensor quantization',
        'granularity',
      );
    }
    if (fmt !== 'PLAIN' && float8Element(p['weight_dtype']!) !== 'float8_e4m3fn') {
      return ours('sparse float8 packing formats store float8_e4m3fn weights only', 'weight_dtype');
    }
    if (kp === 'EMULATED')
      return ours('kernel_preference EMULATED is not supported by Float8Tensor', 'kernel_preference');
    return null;
  },
  checkWeight(p, _v, w) {
    const rank = w.shape.length;
    const [, wg] = pairOf(p) as [PyValue, PyValue];
    const wType = (wg as { type: string }).type;
    if (rank === 4 || rank === 5) {
      if (wType !== 'PerTensor')
        return weightError(
          atQuantization('AssertionError', '4D/5D tensor only supports per tensor activation and weight quantization'),
        );
      const [cOut, cIn] = w.shape as [number, number];
      if (cOut % 16 !== 0 || cIn % 16 !== 0) return skip(`conv channels ${cOut}x${cIn} are not multiples of 16`);
      return OK;
    }
    if (rank !== 2 && rank !== 3)
      return weightError(
        atQuantization('AssertionError', `float8 quantization only works for 2/3-D tensors, got ${rank}D tensor`),
      );
    const { n, k } = lastDims(w.shape);
    if (n % 16 !== 0 || k % 16 !== 0)
      return skip(`out_features ${n} and in_features ${k} must both be multiples of 16 for _scaled_mm`);
    if (packing(p) === 'PLAIN' && wType === 'PerRow' && w.dtype !== 'bfloat16') {
      return weightError(
        atQuantization('AssertionError', 'PerRow quantization only works for bfloat16 precision input weight'),
      );
    }
    if (wType === 'PerBlock' && (n % 128 !== 0 || k % 128 !== 0)) {
      return weightError(
        atQuantization(
          'AssertionError',
          `Not all shapes in input shape ${torchSize(w.shape)} are divisible by block size [128, 128]`,
        ),
      );
    }
    return OK;
  },
  lower(p): FormatSpec {
    const [ag, wg] = pairOf(p) as [PyValue, PyValue];
    const element = float8Element(p['weight_dtype']!)!;
    const actElement = float8Element(p['activation_dtype']!)!;
    const fmt = packing(p);
    const lb = p['activation_value_lb'] as number | null;
    const ub = p['activation_value_ub'] as number | null;
    const activation = {
      kind: 'float8' as const,
      element: actElement,
      granularity: granularityOf(ag),
      lowerBound: lb,
      upperBound: ub,
    };
    if (fmt !== 'PLAIN') {
      const metadata = fmt === 'SPARSE_2D_DATA_2D_METADATA' ? ('2d' as const) : ('1d' as const);
      return {
        weight: { layout: 'float8_sparse_2x4', element, metadata, granularity: granularityOf(wg) },
        activation,
        linear: { kind: 'sparse_scaled_mm' },
      };
    }
    const weight = { layout: 'float8' as const, element, granularity: granularityOf(wg) };
    if (isBlockwisePair(ag, wg)) return { weight, activation, linear: { kind: 'blockwise_scaled_mm' } };
    const mm = p['mm_config'] as { fields: Record<string, PyValue> };
    const useFastAccum = mm.fields['use_fast_accum'] === true;
    const mslkRow =
      kernelPreference(p) === 'MSLK' &&
      (wg as { type: string }).type === 'PerRow' &&
      actElement === 'float8_e4m3fn' &&
      lb === null;
    return {
      weight,
      activation: mslkRow ? { kind: 'float8_row_mslk' } : activation,
      linear: { kind: 'scaled_mm', useFastAccum },
    };
  },
};
