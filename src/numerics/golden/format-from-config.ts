// A golden manifest's config (torchao config_to_dict JSON) -> FormatSpec, for the harness.
//
// Interim: the config registry (src/ir/configs/) will own this mapping with full validation;
// until it exports one, the harness uses this table for the configs the golden folder holds.
// Returns a reason string for configs it does not map, so the case is reported skipped.
import type { ActivationFormat, FloatDType, FormatSpec, Granularity, IntElement, MappingType } from '../../ir/format.js';

type Json = Record<string, unknown>;

function data(j: unknown): Json {
  return ((j as Json)?._data ?? j) as Json;
}

function enumValue(j: unknown): string {
  const v = (j as Json)?._data ?? j;
  return String(v).toUpperCase();
}

function dtypeName(j: unknown): string | null {
  if (j === null || j === undefined) return null;
  return String((j as Json)._data ?? j);
}

export function granularityOf(j: unknown): Granularity {
  const type = (j as Json)._type as string;
  const d = data(j);
  switch (type) {
    case 'PerTensor': return { kind: 'PerTensor' };
    case 'PerRow': return { kind: 'PerRow', dim: (d.dim as number) ?? -1 };
    case 'PerAxis': return { kind: 'PerAxis', axis: d.axis as number };
    case 'PerGroup': return { kind: 'PerGroup', groupSize: d.group_size as number };
    case 'PerToken': return { kind: 'PerToken' };
    case 'PerBlock': return { kind: 'PerBlock', blockSize: d.block_size as number[] };
    default: throw new Error(`unknown granularity type '${type}'`);
  }
}

type Mapper = (d: Json) => FormatSpec | string;

const mappers: Record<string, Mapper> = {
  Int8WeightOnlyConfig: (d) => ({
    weight: { layout: 'int8', granularity: granularityOf(d.granularity), reduceRange: false },
    activation: null,
    linear: { kind: 'int8_weight_only_scaled' },
  }),
  Int8DynamicActivationInt8WeightConfig: (d) => {
    const g = d.granularity;
    const [act, weight] = Array.isArray(g) ? g.map(granularityOf) : [granularityOf(g), granularityOf(g)];
    const reduceRange = Boolean(d.reduce_range);
    const mapping = enumValue(d.act_mapping_type) as 'SYMMETRIC' | 'ASYMMETRIC';
    return {
      weight: { layout: 'int8', granularity: weight, reduceRange },
      activation: { kind: 'int8', granularity: act, mapping, reduceRange },
      linear: { kind: 'int8_int_mm' },
    };
  },
  Int4WeightOnlyConfig: (d) => {
    const packing = enumValue(d.int4_packing_format);
    const groupSize = d.group_size as number;
    if (packing === 'PLAIN') {
      return { weight: { layout: 'int4_plain', groupSize, mapping: 'asymmetric' }, activation: null, linear: { kind: 'mslk_int4' } };
    }
    if (packing === 'TILE_PACKED_TO_4D') {
      const qparams = enumValue(d.int4_choose_qparams_algorithm) === 'HQQ' ? 'hqq' : 'tinygemm';
      const ntile = d.int4_tile_packed_ntile === 16 ? 16 : 8;
      return { weight: { layout: 'int4_tile_packed_to_4d', groupSize, qparams, ntile }, activation: null, linear: { kind: 'tinygemm_int4' } };
    }
    return `int4 packing format ${packing} has no reference here`;
  },
  Float8DynamicActivationInt4WeightConfig: (d) => {
    if (enumValue(d.int4_packing_format) !== 'PLAIN') return 'only the plain int4 packing has a reference';
    return {
      weight: { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' },
      activation: { kind: 'float8_row_mslk' },
      linear: { kind: 'mslk_int4' },
    };
  },
  IntxWeightOnlyConfig: (d) => intxSpec(d.weight_dtype, d.granularity, d.mapping_type, d.scale_dtype, d.intx_choose_qparams_algorithm, null),
  Int8DynamicActivationIntxWeightConfig: (d) =>
    intxSpec(d.weight_dtype, d.weight_granularity, d.weight_mapping_type, d.weight_scale_dtype, d.intx_choose_qparams_algorithm, {
      kind: 'int8_asym_per_token_fake_quant',
    }),
  FqnToConfig: (d) => {
    const configs = Object.values((d.fqn_to_config ?? {}) as Json);
    if (configs.length !== 1) return 'FqnToConfig with several configs: a module-selection case';
    return formatSpecFromConfigDict(configs[0]);
  },
};

function intxSpec(
  dtype: unknown,
  granularity: unknown,
  mapping: unknown,
  scaleDtype: unknown,
  algorithm: unknown,
  activation: ActivationFormat | null,
): FormatSpec {
  return {
    weight: {
      layout: 'intx_unpacked_to_int8',
      element: dtypeName(dtype) as IntElement,
      granularity: granularityOf(granularity),
      mapping: enumValue(mapping) as MappingType,
      scaleDtype: dtypeName(scaleDtype) as FloatDType | null,
      algorithm: enumValue(algorithm) === 'HQQ_SCALE_ONLY' ? 'hqq_scale_only' : 'affine',
    },
    activation,
    linear: { kind: 'dequantize_then_matmul' },
  };
}

/** FormatSpec of a torchao config dict, or why there is none (reported as a skip reason). */
export function formatSpecFromConfigDict(config: unknown): FormatSpec | string {
  const type = (config as Json | null)?._type;
  if (typeof type !== 'string') return 'manifest has no config_to_dict';
  const mapper = mappers[type];
  if (!mapper) return `no FormatSpec mapping for ${type} yet`;
  return mapper(data(config));
}
