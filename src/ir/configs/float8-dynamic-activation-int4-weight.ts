// Float8DynamicActivationInt4WeightConfig (§3.7): symmetric int4 weights in groups of 128
// (mslk helpers), float8 per-row activations (mslk quantize_fp8_row), mslk GEMMs.
import type { ConfigDef, Params } from './types.js';
import { T, param, atQuantization, ours, OK, weightError, pyStr } from './common.js';
import { enumMemberOf } from './names.js';

const format = (p: Params) => enumMemberOf(p['int4_packing_format']!, 'Int4PackingFormat');

export const float8DynamicActivationInt4Weight: ConfigDef = {
  name: 'Float8DynamicActivationInt4WeightConfig',
  version: 1,
  params: [param('int4_packing_format', T.strEnum('Int4PackingFormat', true), 'preshuffled')],
  versionPosition: 1,
  parameterLevel: true,
  validate(p, version) {
    if (version !== 1)
      return ours(`Float8DynamicActivationInt4WeightConfig has only version 1, got ${version}`, 'version');
    const fmt = format(p);
    if (fmt !== 'PRESHUFFLED' && fmt !== 'PLAIN') {
      return atQuantization(
        'AssertionError',
        `only preshuffled and plain int4_packing_format supported right now, got: ${pyStr(p['int4_packing_format']!)}`,
        'int4_packing_format',
      );
    }
    return null;
  },
  checkWeight(_p, _v, w) {
    // No K % 128 check in torchao: the last group of a row may be shorter (§3.7).
    const rank = w.shape.length;
    if (rank !== 2 && rank !== 3) return weightError(ours(`int4 weights must be 2-D or 3-D, got ${rank}-D`));
    return OK;
  },
  lower(p) {
    if (format(p) === 'PLAIN') {
      return {
        weight: { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' },
        activation: { kind: 'float8_row_mslk' },
        linear: { kind: 'mslk_int4' },
      };
    }
    return {
      weight: { layout: 'int4_preshuffled', groupSize: 128, activation: 'float8_e4m3fn' },
      activation: { kind: 'float8_row_mslk' },
      linear: { kind: 'mslk_int4' },
    };
  },
};
