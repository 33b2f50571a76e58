// Builders of torchao's integer configs (torchao-semantics.md §3.1, 3.2, 3.6, 3.8-3.10), named
// as torchao names the classes: `Int4WeightOnlyConfig({ groupSize: 128 })` is the DSL's
// `Int4WeightOnlyConfig(group_size=128)`. The seed's Int8DynamicActivationInt4WeightConfig too.
import {
  builder,
  type DType,
  type EnumValue,
  type Granularities,
  type Granularity,
  type Inductor,
  type Versioned,
} from './config-builder.js';

export interface Int8WeightOnlyOptions extends Versioned, Inductor {
  groupSize?: number | null;
  granularity?: Granularity;
}
export const Int8WeightOnlyConfig = builder<Int8WeightOnlyOptions>('Int8WeightOnlyConfig', [
  'groupSize',
  'granularity',
  'version',
  'setInductorConfig',
]);

export interface Int8DynamicActivationInt8WeightOptions extends Versioned, Inductor {
  actMappingType?: EnumValue;
  weightOnlyDecode?: boolean;
  granularity?: Granularities | null;
  reduceRange?: boolean;
}
export const Int8DynamicActivationInt8WeightConfig = builder<Int8DynamicActivationInt8WeightOptions>(
  'Int8DynamicActivationInt8WeightConfig',
  ['actMappingType', 'weightOnlyDecode', 'granularity', 'reduceRange', 'version', 'setInductorConfig'],
);

export interface Int4WeightOnlyOptions extends Versioned, Inductor {
  groupSize?: number;
  int4PackingFormat?: EnumValue;
  int4ChooseQparamsAlgorithm?: EnumValue;
  int4TilePackedNtile?: number;
}
export const Int4WeightOnlyConfig = builder<Int4WeightOnlyOptions>('Int4WeightOnlyConfig', [
  'groupSize',
  'int4PackingFormat',
  'int4ChooseQparamsAlgorithm',
  'int4TilePackedNtile',
  'version',
  'setInductorConfig',
]);

/** As the seed describes it: int8 per-token asymmetric activations, int4 per-group symmetric weights. */
export interface Int8DynamicActivationInt4WeightOptions extends Versioned, Inductor {
  groupSize?: number;
  mappingType?: EnumValue;
  actMappingType?: EnumValue;
}
export const Int8DynamicActivationInt4WeightConfig = builder<Int8DynamicActivationInt4WeightOptions>(
  'Int8DynamicActivationInt4WeightConfig',
  ['groupSize', 'mappingType', 'actMappingType', 'version', 'setInductorConfig'],
);

export interface IntxWeightOnlyOptions extends Versioned {
  weightDtype?: DType;
  granularity?: Granularity;
  mappingType?: EnumValue;
  scaleDtype?: DType | null;
  intxPackingFormat?: EnumValue;
  intxChooseQparamsAlgorithm?: EnumValue;
}
export const IntxWeightOnlyConfig = builder<IntxWeightOnlyOptions>('IntxWeightOnlyConfig', [
  'weightDtype',
  'granularity',
  'mappingType',
  'scaleDtype',
  'intxPackingFormat',
  'intxChooseQparamsAlgorithm',
  'version',
]);

export interface Int8DynamicActivationIntxWeightOptions extends Versioned {
  weightDtype?: DType;
  weightGranularity?: Granularity;
  weightMappingType?: EnumValue;
  weightScaleDtype?: DType | null;
  actMappingType?: EnumValue;
  intxPackingFormat?: EnumValue;
  intxChooseQparamsAlgorithm?: EnumValue;
}
export const Int8DynamicActivationIntxWeightConfig = builder<Int8DynamicActivationIntxWeightOptions>(
  'Int8DynamicActivationIntxWeightConfig',
  [
    'weightDtype',
    'weightGranularity',
    'weightMappingType',
    'weightScaleDtype',
    'actMappingType',
    'intxPackingFormat',
    'intxChooseQparamsAlgorithm',
    'version',
  ],
);
