// Optional declared signatures: what a kernel function expects, checked in TypeScript before any
// native code runs, so a wrong dtype, rank, shape or device is reported with the argument's name
// instead of surfacing as a kernel error (or worse, as a kernel reading the wrong memory).
// Symbolic dimensions (strings) must agree across all arguments of one call: GEMV is
// `W: ['N', 'K'], x: ['K'], y: ['N']`.
import type { DeviceType } from './device.js';
import type { DType } from './dtype.js';
import { ArgumentError } from './errors.js';
import { fmt, isContiguous } from './layout.js';
import type { DeviceTensor } from './cuda.js';
import type { Tensor } from './tensor.js';

export interface TensorSpec {
  kind: 'tensor';
  name: string;
  dtype?: DType | readonly DType[];
  /** Per dimension: a fixed size, a symbol shared across arguments, or null for any size. */
  shape?: readonly (number | string | null)[];
  device?: DeviceType;
  contiguous?: boolean;
}

export interface ScalarSpec {
  kind: 'int' | 'float' | 'bool' | 'string' | 'bytes';
  name: string;
}

export type ArgSpec = TensorSpec | ScalarSpec;

export interface Signature {
  args: readonly ArgSpec[];
}

type AnyTensor = Tensor | DeviceTensor;

function label(index: number, spec: ArgSpec): string {
  return `argument ${index} (${spec.name})`;
}

function checkTensor(what: string, spec: TensorSpec, t: AnyTensor, dims: Map<string, number>, fn: string): void {
  const dtypes = spec.dtype === undefined ? undefined : typeof spec.dtype === 'string' ? [spec.dtype] : spec.dtype;
  if (dtypes && !dtypes.includes(t.dtype)) {
    throw new ArgumentError('TypeError', what, `expected dtype ${dtypes.join(' or ')}, got ${t.dtype}`, fn);
  }
  if (spec.device && t.device.type !== spec.device) {
    throw new ArgumentError('ValueError', what, `expected a ${spec.device} tensor, got one on ${t.device.type}`, fn);
  }
  if (spec.contiguous && !isContiguous(t.shape, t.strides)) {
    throw new ArgumentError('ValueError', what, `expected a contiguous tensor, got strides ${fmt(t.strides)}`, fn);
  }
  if (!spec.shape) return;
  if (t.shape.length !== spec.shape.length) {
    throw new ArgumentError('ValueError', what, `expected ${spec.shape.length} dimensions [${spec.shape.map((d) => d ?? '*').join(', ')}], got shape ${fmt(t.shape)}`, fn);
  }
  spec.shape.forEach((want, i) => {
    const got = t.shape[i];
    if (typeof want === 'number' && got !== want) {
      throw new ArgumentError('ValueError', what, `dimension ${i} must be ${want}, got shape ${fmt(t.shape)}`, fn);
    }
    if (typeof want === 'string') {
      const bound = dims.get(want);
      if (bound === undefined) dims.set(want, got);
      else if (bound !== got) {
        throw new ArgumentError('ValueError', what, `dimension ${i} (${want}) is ${got}, but ${want} = ${bound} from an earlier argument; shape ${fmt(t.shape)}`, fn);
      }
    }
  });
}

function checkScalar(what: string, spec: ScalarSpec, v: unknown, fn: string): void {
  const ok =
    spec.kind === 'int' ? (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint'
    : spec.kind === 'float' ? typeof v === 'number'
    : spec.kind === 'bool' ? typeof v === 'boolean'
    : spec.kind === 'string' ? typeof v === 'string'
    : typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'bytes';
  if (!ok) throw new ArgumentError('TypeError', what, `expected ${spec.kind}, got ${describe(v)}`, fn);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return `${typeof v} ${String(v)}`;
}

/** Checks one call's arguments (tensors already wrapped) against a signature. */
export function checkSignature(fn: string, sig: Signature, args: readonly unknown[], isTensor: (v: unknown) => v is AnyTensor): void {
  if (args.length !== sig.args.length) {
    throw new ArgumentError('TypeError', 'arguments', `expected ${sig.args.length} (${sig.args.map((a) => a.name).join(', ')}), got ${args.length}`, fn);
  }
  const dims = new Map<string, number>();
  sig.args.forEach((spec, i) => {
    const what = label(i, spec);
    const v = args[i];
    if (spec.kind !== 'tensor') return checkScalar(what, spec, v, fn);
    if (!isTensor(v)) throw new ArgumentError('TypeError', what, `expected a tensor, got ${describe(v)}`, fn);
    checkTensor(what, spec, v, dims, fn);
  });
}
