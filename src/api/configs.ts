// One typed builder per torchao config (torchao-semantics.md §3), named as torchao names the
// class and taking camelCase options: `Int4WeightOnlyConfig({ groupSize: 128 })` is the DSL's
// `Int4WeightOnlyConfig(group_size=128)`, the same ConfigCall IR (keyword arguments in the
// order the options are written). Validation is the config registry's, at recipe build time.
// The seed names torchao renamed are here too (dsl.md "Config names").
// test/api/configs.test.ts checks these option lists against the registry's parameters.
import type { ConfigCall, ConfigValue } from '../ir/recipe.js';
import { configCall } from './values.js';

/** A torch dtype: `torch.int4`, `torch.float8_e4m3fn`. */
export type DType = ConfigValue;
/** A granularity call: `perRow()`, `perGroup(32)`. */
export type Granularity = ConfigCall;
/** One granularity, a list of them, or a tuple (`tuple(perBlock([1, 128]), perBlock([128, 128]))`). */
export type Granularities = Granularity | readonly Granularity[] | ConfigValue;
/** A str-enum: a member (`Int4PackingFormat.PLAIN`) or its string value (`"plain"`). */
export type EnumValue = ConfigValue | string;

interface Versioned {
  /** torchao's config `version`; version 1 layouts are accepted where the seed documents them. */
  version?: number;
}
interface Inductor {
  setInductorConfig?: boolean;
}

/**
 * `keys` lists the options (a test compares them with the registry's parameters); an option
 * outside it is a TypeError, for callers from plain JavaScript.
 */
export interface ConfigBuilder<O> {
  (options?: O): ConfigCall;
  readonly configName: string;
  readonly optionKeys: readonly string[];
}

function builder<O extends object>(name: string, keys: readonly (keyof O & string)[]): ConfigBuilder<O> {
  const build = (options: O = {} as O): ConfigCall => {
    const unknown = Object.keys(options).filter((k) => !(keys as readonly string[]).includes(k));
    if (unknown.length) throw new TypeError(`${name} has no option ${unknown.map((k) => `\`${k}\``).join(', ')}; options: ${keys.join(', ')}`);
    return configCall(name, options as Record<string, never>);
  };
  return Object.assign(build, { configName: name, optionKeys: keys });
}

export interface Int8WeightOnlyOptions extends Versioned, Inductor {
  groupSize?: number | null;
  granularity?: Granularity;
}
export const Int8WeightOnlyConfig = builder<Int8WeightOnlyOptions>('Int8WeightOnlyConfig', ['groupSize', 'granularity', 'version', 'setInductorConfig']);

export interface Int8DynamicActivationInt8WeightOptions extends Versioned, Inductor {
  actMappingType?: EnumValue;
  weightOnlyDecode?: boolean;
  granularity?: Granularities | null;
  reduceRange?: boolean;
}
export const Int8DynamicActivationInt8WeightConfig = builder<Int8DynamicActivationInt8WeightOptions>('Int8DynamicActivationInt8WeightConfig', ['actMappingType', 'weightOnlyDecode', 'granularity', 'reduceRange', 'version', 'setInductorConfig']);

export interface Float8WeightOnlyOptions extends Versioned, Inductor {
  weightDtype?: DType;
  granularity?: Granularity | null;
}
export const Float8WeightOnlyConfig = builder<Float8WeightOnlyOptions>('Float8WeightOnlyConfig', ['weightDtype', 'granularity', 'version', 'setInductorConfig']);

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
export const Float8DynamicActivationFloat8WeightConfig = builder<Float8DynamicActivationFloat8WeightOptions>('Float8DynamicActivationFloat8WeightConfig', ['activationDtype', 'weightDtype', 'granularity', 'packingFormat', 'mmConfig', 'activationValueLb', 'activationValueUb', 'kernelPreference', 'algId', 'version', 'setInductorConfig']);

/** Seed name; torchao today: Float8DynamicActivationFloat8WeightConfig(packing_format=SPARSE_2D_DATA_2D_METADATA, granularity=PerRow()). */
export interface Float8DynamicActivationFloat8SemiSparseWeightOptions extends Versioned {
  activationDtype?: DType;
  weightDtype?: DType;
}
export const Float8DynamicActivationFloat8SemiSparseWeightConfig = builder<Float8DynamicActivationFloat8SemiSparseWeightOptions>('Float8DynamicActivationFloat8SemiSparseWeightConfig', ['activationDtype', 'weightDtype', 'version']);

export interface Int4WeightOnlyOptions extends Versioned, Inductor {
  groupSize?: number;
  int4PackingFormat?: EnumValue;
  int4ChooseQparamsAlgorithm?: EnumValue;
  int4TilePackedNtile?: number;
}
export const Int4WeightOnlyConfig = builder<Int4WeightOnlyOptions>('Int4WeightOnlyConfig', ['groupSize', 'int4PackingFormat', 'int4ChooseQparamsAlgorithm', 'int4TilePackedNtile', 'version', 'setInductorConfig']);

export interface Float8DynamicActivationInt4WeightOptions extends Versioned {
  int4PackingFormat?: EnumValue;
}
export const Float8DynamicActivationInt4WeightConfig = builder<Float8DynamicActivationInt4WeightOptions>('Float8DynamicActivationInt4WeightConfig', ['int4PackingFormat', 'version']);

/** As the seed describes it: int8 per-token asymmetric activations, int4 per-group symmetric weights. */
export interface Int8DynamicActivationInt4WeightOptions extends Versioned, Inductor {
  groupSize?: number;
  mappingType?: EnumValue;
  actMappingType?: EnumValue;
}
export const Int8DynamicActivationInt4WeightConfig = builder<Int8DynamicActivationInt4WeightOptions>('Int8DynamicActivationInt4WeightConfig', ['groupSize', 'mappingType', 'actMappingType', 'version', 'setInductorConfig']);

export interface IntxWeightOnlyOptions extends Versioned {
  weightDtype?: DType;
  granularity?: Granularity;
  mappingType?: EnumValue;
  scaleDtype?: DType | null;
  intxPackingFormat?: EnumValue;
  intxChooseQparamsAlgorithm?: EnumValue;
}
export const IntxWeightOnlyConfig = builder<IntxWeightOnlyOptions>('IntxWeightOnlyConfig', ['weightDtype', 'granularity', 'mappingType', 'scaleDtype', 'intxPackingFormat', 'intxChooseQparamsAlgorithm', 'version']);

export interface Int8DynamicActivationIntxWeightOptions extends Versioned {
  weightDtype?: DType;
  weightGranularity?: Granularity;
  weightMappingType?: EnumValue;
  weightScaleDtype?: DType | null;
  actMappingType?: EnumValue;
  intxPackingFormat?: EnumValue;
  intxChooseQparamsAlgorithm?: EnumValue;
}
export const Int8DynamicActivationIntxWeightConfig = builder<Int8DynamicActivationIntxWeightOptions>('Int8DynamicActivationIntxWeightConfig', ['weightDtype', 'weightGranularity', 'weightMappingType', 'weightScaleDtype', 'actMappingType', 'intxPackingFormat', 'intxChooseQparamsAlgorithm', 'version']);

export interface MXDynamicActivationMXWeightOptions extends Versioned {
  blockSize?: number;
  activationDtype?: DType | string;
  weightDtype?: DType | string;
  kernelPreference?: EnumValue;
  scalingMode?: EnumValue;
}
export const MXDynamicActivationMXWeightConfig = builder<MXDynamicActivationMXWeightOptions>('MXDynamicActivationMXWeightConfig', ['blockSize', 'activationDtype', 'weightDtype', 'kernelPreference', 'scalingMode', 'version']);

/** Seed name of MXDynamicActivationMXWeightConfig. */
export interface MXFPInferenceOptions extends MXDynamicActivationMXWeightOptions {
  gemmKernelChoice?: EnumValue | null;
}
export const MXFPInferenceConfig = builder<MXFPInferenceOptions>('MXFPInferenceConfig', ['blockSize', 'activationDtype', 'weightDtype', 'kernelPreference', 'scalingMode', 'version', 'gemmKernelChoice']);

export interface NVFP4DynamicActivationNVFP4WeightOptions extends Versioned {
  useTritonKernel?: boolean;
  useDynamicPerTensorScale?: boolean;
  step?: EnumValue | null;
}
export const NVFP4DynamicActivationNVFP4WeightConfig = builder<NVFP4DynamicActivationNVFP4WeightOptions>('NVFP4DynamicActivationNVFP4WeightConfig', ['useTritonKernel', 'useDynamicPerTensorScale', 'step', 'version']);

export interface NVFP4WeightOnlyOptions extends Versioned {
  useDynamicPerTensorScale?: boolean;
}
export const NVFP4WeightOnlyConfig = builder<NVFP4WeightOnlyOptions>('NVFP4WeightOnlyConfig', ['useDynamicPerTensorScale', 'version']);

/** Seed name: `mm_config=NVFP4MMConfig.DYNAMIC` or `.WEIGHT_ONLY` picks one of the two configs above. */
export interface NVFP4InferenceOptions extends Versioned {
  mmConfig?: EnumValue;
  useTritonKernel?: boolean;
  useDynamicPerTensorScale?: boolean;
}
export const NVFP4InferenceConfig = builder<NVFP4InferenceOptions>('NVFP4InferenceConfig', ['mmConfig', 'useTritonKernel', 'useDynamicPerTensorScale', 'version']);

/** Every builder by config name (emit-ts and the staleness test use it). */
export const CONFIG_BUILDERS: Readonly<Record<string, ConfigBuilder<never>>> = {
  Int8WeightOnlyConfig, Int8DynamicActivationInt8WeightConfig, Float8WeightOnlyConfig,
  Float8DynamicActivationFloat8WeightConfig, Float8DynamicActivationFloat8SemiSparseWeightConfig,
  Int4WeightOnlyConfig, Float8DynamicActivationInt4WeightConfig, Int8DynamicActivationInt4WeightConfig,
  IntxWeightOnlyConfig, Int8DynamicActivationIntxWeightConfig, MXDynamicActivationMXWeightConfig,
  MXFPInferenceConfig, NVFP4DynamicActivationNVFP4WeightConfig, NVFP4WeightOnlyConfig, NVFP4InferenceConfig,
};
