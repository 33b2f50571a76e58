// The shape of one config-registry entry. One file per config under src/ir/configs/ exports a
// `ConfigDef` (or an `AliasDef` for the seed names torchao renamed); index.ts lists them.
import type { FormatSpec, DType } from '../format.js';
import type { PyValue } from './values.js';

/** What a parameter accepts, before the config's own checks. */
export type ParamType =
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'float' }
  | { kind: 'str' }
  | { kind: 'dtype' }
  /** A torch dtype or a string (MX element types: `torch.float8_e4m3fn` or `"fp6_e2m3"`). */
  | { kind: 'dtypeOrStr' }
  /** `strings`: a str-enum, which also accepts its string values (and, with `anyString`, any string). */
  | { kind: 'enum'; enum: string; strings: boolean; anyString?: boolean }
  | { kind: 'granularity' }
  /** A granularity or a list/tuple of them; the config decides which shapes it takes. */
  | { kind: 'granularities' }
  | { kind: 'object'; type: string };

export interface ParamSpec {
  name: string;
  type: ParamType;
  /** `Optional[...]`: None allowed. */
  optional?: boolean;
  default: PyValue;
}

export type Params = Record<string, PyValue>;

/** An exception torchao raises, with the parameter it is about (to point at its source). */
export interface TorchaoError {
  exception: 'ValueError' | 'AssertionError' | 'NotImplementedError' | 'RuntimeError' | 'TypeError';
  message: string;
  /** 'construction' (config __init__/__post_init__) or 'quantization' (the handler). */
  when: 'construction' | 'quantization';
  param?: string;
  /** Not torchao's refusal but ours (a path torchao cannot take on our targets). */
  ours?: boolean;
  hint?: string;
}

/** A weight as bind sees it: no data, only what torchao's shape/dtype rules look at. */
export interface WeightInfo {
  shape: number[];
  dtype: DType | string;
  kind: 'linear' | 'embedding' | 'moe_experts' | 'other';
}

export type WeightCheck =
  | { status: 'ok' }
  /** torchao leaves the weight unchanged without an error (shape rules). */
  | { status: 'skip'; reason: string }
  | { status: 'error'; error: TorchaoError };

export interface ConfigDef {
  /** torchao's class name (canonical). */
  name: string;
  /** Class default of `version` (torchao/core/config.py). */
  version: number;
  /** Dataclass fields in declaration (= positional) order, `version` excluded. */
  params: ParamSpec[];
  /** Index in the positional order at which `version` sits (dataclass field order). */
  versionPosition: number;
  /** Whether its handler takes `parameter_name` (parameter-level FqnToConfig keys, §1.3). */
  parameterLevel: boolean;
  /** `__post_init__` effects (normalized granularities, forced flags). */
  normalize?(p: Params, version: number): Params;
  /**
   * torchao's checks in torchao's order; the first failing one (torchao raises once).
   * Quantization-time checks that depend only on the config are included: we report them early.
   */
  validate(p: Params, version: number): TorchaoError | null;
  /** Shape/dtype rules torchao applies when it quantizes one weight. */
  checkWeight(p: Params, version: number, w: WeightInfo): WeightCheck;
  lower(p: Params, version: number): FormatSpec;
}

/** A seed name that torchao renamed or removed: its own parameters, mapped onto a ConfigDef. */
export interface AliasDef {
  name: string;
  params: ParamSpec[];
  /** Positional arguments allowed (the seed configs were dataclasses too). */
  canonical(p: Params): { config: string; args: Params; error?: TorchaoError };
  note: string;
}

export interface ResolvedConfig {
  /** torchao's class name. */
  name: string;
  /** The name as written (an alias such as `MXFPInferenceConfig`). */
  writtenAs: string;
  version: number;
  /** Every field, defaults filled, torchao's field order, snake_case. */
  params: Params;
  format: FormatSpec;
}
