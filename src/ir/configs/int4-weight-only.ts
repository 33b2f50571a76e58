// Int4WeightOnlyConfig (§3.6): int4 weights, groupwise, in one of torchao's packing formats
// (plain / mslk, tinygemm tile-packed, preshuffled). `version=1` is the seed's layout
// (AffineQuantizedTensor + TensorCoreTiledLayout): the tinygemm path with eps 1e-6 (§3.6.5).
import type { ConfigDef, Params } from './types.js';
import type { FormatSpec } from '../format.js';
import {
  T,
  param,
  atQuantization,
  construction,
  ours,
  OK,
  skip,
  weightError,
  lastDims,
  pyStr,
  torchDtype,
} from './common.js';
import { enumMemberOf } from './names.js';
import { enumMember } from './values.js';

const format = (p: Params) => enumMemberOf(p['int4_packing_format']!, 'Int4PackingFormat');
const algorithm = (p: Params) => enumMemberOf(p['int4_choose_qparams_algorithm']!, 'Int4ChooseQParamsAlgorithm');
const TINYGEMM_GROUPS = [32, 64, 128, 256];

export const int4WeightOnly: ConfigDef = {
  name: 'Int4WeightOnlyConfig',
  version: 2,
  params: [
    param('group_size', T.int, 128),
    param('set_inductor_config', T.bool, true),
    param('int4_packing_format', T.strEnum('Int4PackingFormat', true), enumMember('Int4PackingFormat', 'PLAIN')),
    param(
      'int4_choose_qparams_algorithm',
      T.strEnum('Int4ChooseQParamsAlgorithm', true),
      enumMember('Int4ChooseQParamsAlgorithm', 'TINYGEMM'),
    ),
    param('int4_tile_packed_ntile', T.int, 8),
  ],
  versionPosition: 5,
  parameterLevel: true,
  validate(p, version) {
    const ntile = p['int4_tile_packed_ntile'];
    if (ntile !== 8 && ntile !== 16)
      return construction('AssertionError', 'int4_tile_packed_ntile must be either 8 or 16', 'int4_tile_packed_ntile');
    const g = p['group_size'] as number;
    if (g <= 0) return ours(`group_size must be positive, got ${g}`, 'group_size');
    if (version === 1) {
      if (format(p) !== 'PLAIN' || algorithm(p) !== 'TINYGEMM') {
        return ours(
          'version=1 (TensorCoreTiledLayout) takes only group_size; int4_packing_format and int4_choose_qparams_algorithm are version-2 knobs',
          'version',
        );
      }
      if (!TINYGEMM_GROUPS.includes(g))
        return ours(`version=1 (tinygemm) supports group_size 32, 64, 128 or 256, got ${g}`, 'group_size');
      return null;
    }
    if (version !== 2) return atQuantization('AssertionError', '', 'version');
    const alg = algorithm(p);
    if (alg === null)
      return ours(
        `unknown int4_choose_qparams_algorithm ${pyStr(p['int4_choose_qparams_algorithm']!)}; torchao has "tinygemm" and "hqq"`,
        'int4_choose_qparams_algorithm',
      );
    if (alg === 'HQQ' && format(p) !== 'TILE_PACKED_TO_4D') {
      return atQuantization(
        'AssertionError',
        `Int4ChooseQParamsAlgorithm.HQQ is not supported by packing format ${pyStr(p['int4_packing_format']!)}, it's only supported by Int4PackingFormat.TILE_PACKED_TO_4D currently`,
        'int4_choose_qparams_algorithm',
      );
    }
    const fmt = format(p);
    if (fmt === null)
      return atQuantization(
        'ValueError',
        `Unsupported int4 packing format: ${pyStr(p['int4_packing_format']!)}`,
        'int4_packing_format',
      );
    if (fmt === 'PLAIN_INT32') {
      return ours(
        "plain_int32 runs only on XPU and NPU (torchao raises NotImplementedError: Int4PlainInt32Tensor does not support device 'cpu' yet.)",
        'int4_packing_format',
      );
    }
    if (fmt === 'TILE_PACKED_TO_4D' && !TINYGEMM_GROUPS.includes(g)) {
      return ours(`the tinygemm kernel supports group_size 32, 64, 128 or 256, got ${g}`, 'group_size');
    }
    return null;
  },
  checkWeight(p, version, w) {
    const g = p['group_size'] as number;
    const rank = w.shape.length;
    if (rank !== 2 && rank !== 3) return weightError(ours(`int4 weights must be 2-D or 3-D, got ${rank}-D`));
    const { k } = lastDims(w.shape);
    if (k % g !== 0) return skip(`in_features ${k} is not a multiple of group_size ${g}`);
    const tiled = version === 1 || format(p) === 'TILE_PACKED_TO_4D';
    if (tiled && w.dtype !== 'bfloat16') {
      return weightError(
        atQuantization(
          'AssertionError',
          `Only bfloat16 is supported for Int4TilePackedTo4dTensor, got ${torchDtype(w.dtype)}`,
        ),
      );
    }
    return OK;
  },
  lower(p, version): FormatSpec {
    const groupSize = p['group_size'] as number;
    const ntile = p['int4_tile_packed_ntile'] as 8 | 16;
    if (version === 1) {
      return {
        weight: { layout: 'int4_tile_packed_to_4d', groupSize, qparams: 'tinygemm_v1', ntile: 8 },
        activation: null,
        linear: { kind: 'tinygemm_int4' },
      };
    }
    switch (format(p)) {
      case 'TILE_PACKED_TO_4D': {
        const qparams = algorithm(p) === 'HQQ' ? 'hqq' : 'tinygemm';
        return {
          weight: { layout: 'int4_tile_packed_to_4d', groupSize, qparams, ntile },
          activation: null,
          linear: { kind: 'tinygemm_int4' },
        };
      }
      case 'PRESHUFFLED':
        return {
          weight: { layout: 'int4_preshuffled', groupSize, activation: 'bfloat16' },
          activation: null,
          linear: { kind: 'mslk_int4' },
        };
      default:
        return {
          weight: { layout: 'int4_plain', groupSize, mapping: 'asymmetric' },
          activation: null,
          linear: { kind: 'mslk_int4' },
        };
    }
  },
};
