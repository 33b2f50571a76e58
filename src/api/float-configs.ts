// Builders of torchao's float8, MX and NVFP4 configs (torchao-semantics.md §3.3, 3.4, 3.7,
// 3.11, 3.12), and the seed names torchao renamed (dsl.md "Config names").
import type { ConfigCall, ConfigValue } from '../ir/recipe.js';
import {
  builder,
  type DType,
  type EnumValue,
  type Granularities,
  type Granularity,
  type Inductor,
  type Versioned,
} from './config-builder.js';

export interface Float8WeightOnlyOptions extends Versioned, Inductor {
  weightDtype?: DType;
  granularity?: Granularity | null;
}
export const Float8WeightOnlyConfig = builder<Float8WeightOnlyOptions>('Float8WeightOnlyConfig', [
  'weightDtype',
  'granularity',
  'version',
  'setInductorConfig',
]);

export interface Float8DynamicActivationFloat8WeightOptions extends Versioned, Inductor {
  activationDtype?: DType;
  weightDtype?: DType;
  granularity?: Granularities | null;
  packingFormat?: EnumValue;
  mmConfig?: ConfigCall | null;
  /** float (write `float(1)` for 1.0) */
  activationValueLb?: number | ConfigValue | null;
  activationValueUb?: number | ConfigValue | null;
  kernelPreference?: EnumValue;
  algId?: number;
}
export const Float8DynamicActivationFloat8WeightConfig = builder<Float8DynamicActivationFloat8WeightOptions>(
  'Float8DynamicActivationFloat8WeightConfig',
  [
    'activationDtype',
    'weightDtype',
    'granularity',
    'packingFormat',
    'mmConfig',
    'activationValueLb',
    'activationValueUb',
    'kernelPreference',
    'algId',
    'version',
    'setInductorConfig',
  ],
);

/** Seed name; torchao today: Float8DynamicActivationFloat8WeightConfig(packing_format=SPARSE_2D_DATA_2D_METADATA, granularity=PerRow()). */
export interface Float8DynamicActivationFloat8SemiSparseWeightOptions extends Versioned {
  activationDtype?: DType;
  weightDtype?: DType;
}
export const Float8DynamicActivationFloat8SemiSparseWeightConfig =
  builder<Float8DynamicActivationFloat8SemiSparseWeightOptions>('Float8DynamicActivationFloat8SemiSparseWeightConfig', [
    'activationDtype',
    'weightDtype',
    'version',
  ]);

export interface Float8DynamicActivationInt4WeightOptions extends Versioned {
  int4PackingFormat?: EnumValue;
}
export const Float8DynamicActivationInt4WeightConfig = builder<Float8DynamicActivationInt4WeightOptions>(
  'Float8DynamicActivationInt4WeightConfig',
  ['int4PackingFormat', 'version'],
);

export interface MXDynamicActivationMXWeightOptions extends Versioned {
  blockSize?: number;
  activationDtype?: DType | string;
  weightDtype?: DType | string;
  kernelPreference?: EnumValue;
  scalingMode?: EnumValue;
}
export const MXDynamicActivationMXWeightConfig = builder<MXDynamicActivationMXWeightOptions>(
  'MXDynamicActivationMXWeightConfig',
  ['blockSize', 'activationDtype', 'weightDtype', 'kernelPreference', 'scalingMode', 'version'],
);

/** Seed name of MXDynamicActivationMXWeightConfig. */
export interface MXFPInferenceOptions extends MXDynamicActivationMXWeightOptions {
  gemmKernelChoice?: EnumValue | null;
}
export const MXFPInferenceConfig = builder<MXFPInferenceOptions>('MXFPInferenceConfig', [
  'blockSize',
  'activationDtype',
  'weightDtype',
  'kernelPreference',
  'scalingMode',
  'version',
  'gemmKernelChoice',
]);

export interface NVFP4DynamicActivationNVFP4WeightOptions extends Versioned {
  useTritonKernel?: boolean;
  useDynamicPerTensorScale?: boolean;
  step?: EnumValue | null;
}
export const NVFP4DynamicActivationNVFP4WeightConfig = builder<NVFP4DynamicActivationNVFP4WeightOptions>(
  'NVFP4DynamicActivationNVFP4WeightConfig',
  ['useTritonKernel', 'useDynamicPerTensorScale', 'step', 'version'],
);

export interface NVFP4WeightOnlyOptions extends Versioned {
  useDynamicPerTensorScale?: boolean;
}
export const NVFP4WeightOnlyConfig = builder<NVFP4WeightOnlyOptions>('NVFP4WeightOnlyConfig', [
  'useDynamicPerTensorScale',
  'version',
]);

/** Seed name: `mm_config=NVFP4MMConfig.DYNAMIC` or `.WEIGHT_ONLY` picks one of the two configs above. */
export interface NVFP4InferenceOptions extends Versioned {
  mmConfig?: EnumValue;
  useTritonKernel?: boolean;
  useDynamicPerTensorScale?: boolean;
}
export const NVFP4InferenceConfig = builder<NVFP4InferenceOptions>('NVFP4InferenceConfig', [
  'mmConfig',
  'useTritonKernel',
  'useDynamicPerTensorScale',
  'version',
]);
