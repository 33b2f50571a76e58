// Helpers shared by the config entries: parameter declarations, torchao's error shapes, and
// granularity / dtype conversions from Python values to FormatSpec data.
import type { Granularity, FloatDType, Float8Element, IntElement } from '../format.js';
import { enumMemberOf } from './names.js';
import { object, isObject, pyRepr, pyStr, dtype, enumMember, type PyValue } from './values.js';
import type { ParamSpec, ParamType, TorchaoError, WeightCheck } from './types.js';

export const T = {
  bool: { kind: 'bool' } as ParamType,
  int: { kind: 'int' } as ParamType,
  float: { kind: 'float' } as ParamType,
  dtype: { kind: 'dtype' } as ParamType,
  dtypeOrStr: { kind: 'dtypeOrStr' } as ParamType,
  granularity: { kind: 'granularity' } as ParamType,
  granularities: { kind: 'granularities' } as ParamType,
  /** A plain enum (members only). */
  enum: (e: string): ParamType => ({ kind: 'enum', enum: e, strings: false }),
  /** A str-enum; `anyString` lets the config refuse unknown strings with torchao's own message. */
  strEnum: (e: string, anyString = false): ParamType => ({ kind: 'enum', enum: e, strings: true, anyString }),
  object: (type: string): ParamType => ({ kind: 'object', type }),
};

export const param = (name: string, type: ParamType, def: PyValue, optional = false): ParamSpec =>
  optional ? { name, type, default: def, optional } : { name, type, default: def };

export const PER_TENSOR = object('PerTensor');
export const PER_ROW = object('PerRow', { dim: -1 });
export const perGroup = (g: number) => object('PerGroup', { group_size: g });
export const perAxis = (a: number) => object('PerAxis', { axis: a });
export const E4M3 = dtype('float8_e4m3fn');
export const sym = enumMember('MappingType', 'SYMMETRIC');
export const asym = enumMember('MappingType', 'ASYMMETRIC');

export const construction = (exception: TorchaoError['exception'], message: string, param?: string): TorchaoError =>
  param ? { exception, message, when: 'construction', param } : { exception, message, when: 'construction' };
export const atQuantization = (exception: TorchaoError['exception'], message: string, param?: string): TorchaoError =>
  param ? { exception, message, when: 'quantization', param } : { exception, message, when: 'quantization' };
/** A refusal of ours: torchao would crash later, misbehave, or needs hardware we do not target. */
export const ours = (message: string, param?: string, hint?: string): TorchaoError => ({
  exception: 'ValueError',
  message,
  when: 'construction',
  ours: true,
  ...(param ? { param } : {}),
  ...(hint ? { hint } : {}),
});

export const OK: WeightCheck = { status: 'ok' };
export const weightError = (e: TorchaoError): WeightCheck => ({ status: 'error', error: e });
export const skip = (reason: string): WeightCheck => ({ status: 'skip', reason });

/** Python's `type(x)` as printed in torchao messages. */
export const granularityClass = (g: PyValue): string =>
  isObject(g) ? `<class 'torchao.quantization.granularity.${g.type}'>` : `<class '${typeof g}'>`;

/** `torch.Size([32, 48])` */
export const torchSize = (shape: number[]): string => `torch.Size([${shape.join(', ')}])`;
export const torchDtype = (d: string): string => `torch.${d}`;

export function granularityOf(v: PyValue): Granularity {
  if (!isObject(v)) throw new Error(`not a granularity: ${pyRepr(v)}`);
  const f = v.fields;
  switch (v.type) {
    case 'PerTensor':
      return { kind: 'PerTensor' };
    case 'PerAxis':
      return { kind: 'PerAxis', axis: f['axis'] as number };
    case 'PerRow':
      return { kind: 'PerRow', dim: f['dim'] as number };
    case 'PerGroup':
      return { kind: 'PerGroup', groupSize: f['group_size'] as number };
    case 'PerToken':
      return { kind: 'PerToken' };
    case 'PerBlock': {
      const b = f['block_size'] as PyValue;
      const items = Array.isArray(b) ? b : isObject(b) ? [] : (b as { items: PyValue[] }).items;
      return { kind: 'PerBlock', blockSize: items as number[] };
    }
  }
  throw new Error(`not a granularity: ${v.type}`);
}

export const dtypeName = (v: PyValue): string | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.py === 'dtype' ? v.name : null;

const INT_ELEMENTS = new Set(['int1', 'int2', 'int3', 'int4', 'int5', 'int6', 'int7', 'int8']);
export const intElement = (v: PyValue): IntElement | null => {
  const n = dtypeName(v);
  return n && INT_ELEMENTS.has(n) ? (n as IntElement) : null;
};
export const float8Element = (v: PyValue): Float8Element | null => {
  const n = dtypeName(v);
  return n === 'float8_e4m3fn' || n === 'float8_e5m2' ? n : null;
};
export const floatDtype = (v: PyValue): FloatDType | null => {
  const n = dtypeName(v);
  return n === 'float32' || n === 'bfloat16' || n === 'float16' ? n : null;
};

/** The member a str-enum value names, or its string for messages when it names none. */
export const member = (v: PyValue, e: string): string | null => enumMemberOf(v, e);
export { pyStr, pyRepr };

/** K (in_features) and N (out_features) of a weight `[..., N, K]`. */
export const lastDims = (shape: number[]): { n: number; k: number } => ({
  n: shape.length >= 2 ? shape[shape.length - 2]! : 1,
  k: shape[shape.length - 1] ?? 1,
});

/** §2.2's divisibility assertion, raised by quantization through `_get_reduction_params`. */
export function blockDivisibility(shape: number[], dim: number, block: number): TorchaoError | null {
  const size = shape[dim]!;
  if (block <= 1 || block === size || size % block === 0) return null;
  return atQuantization(
    'AssertionError',
    `Expecting input size at ${dim} dimension: ${size} to be divisible by block_size at ${dim} dimension: ${block}`,
  );
}

/** Fails version checks the way the canonical v2 configs do when the weight is quantized. */
export const unexpectedVersion = (v: number): TorchaoError =>
  atQuantization('AssertionError', `Unexpected version: ${v}`, 'version');
