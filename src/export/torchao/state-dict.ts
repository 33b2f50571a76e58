// Our parameters → torchao's safetensors state dict (torchao-semantics.md §4.2,
// torchao/prototype/safetensors/safetensors_support.py::flatten_tensor_state_dict).
//
// Invariant: pure. A quantized `a.b.weight` becomes one tensor `a.b._weight_<inner>` per
// present inner tensor and one metadata entry `a.b.weight` = json.dumps of
// {"_type", "_data", "_tensor_data_names"}; a plain tensor keeps its key with metadata
// {"_type": "Tensor"}; `tensor_names` lists the state-dict keys in order. Tensors come out in
// the order the reference safetensors writer lays them out (dtype descending, then name) and
// metadata keys sorted, so writing them with `reserveHeaderBytes` minimal reproduces a file
// torchao wrote (after the goldens' sorted-metadata rewrite) byte for byte.
import type { SafetensorsDType } from '../../../runtime/src/safetensors/index.js';
import { toSafetensorsDType } from '../../model/dtypes.js';
import { SafetensorsWriter } from '../../model/safetensors-writer.js';
import { pyJsonDumps } from './python-json.js';
import { subclassMetadata, type WeightToExport } from './subclasses.js';

export interface PlainTensor {
  fqn: string;
  dtype: SafetensorsDType;
  shape: number[];
  data: Uint8Array;
}

export type ExportParameter = ({ kind: 'quantized' } & WeightToExport) | ({ kind: 'plain' } & PlainTensor);

export interface TorchaoStateDict {
  tensors: { name: string; dtype: SafetensorsDType; shape: number[]; data: Uint8Array }[];
  metadata: Record<string, string>;
}

/** `a.b.weight` + `qdata` → `a.b._weight_qdata` (torchao's flattened key). */
export function flattenedKey(fqn: string, inner: string): string {
  const dot = fqn.lastIndexOf('.');
  return `${fqn.slice(0, dot + 1)}_${fqn.slice(dot + 1)}_${inner}`;
}

/** The reference writer's dtype order (safetensors' Rust `Dtype` enum); sorted descending. */
const DTYPE_RANK: readonly string[] = [
  'BOOL',
  'F4',
  'F6_E2M3',
  'F6_E3M2',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'F8_E8M0',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'C64',
  'F64',
  'I64',
  'U64',
];

function rank(dtype: string): number {
  const r = DTYPE_RANK.indexOf(dtype);
  if (r < 0) throw new Error(`safetensors dtype ${dtype} has no place in the reference writer's order`);
  return r;
}

export function toTorchaoStateDict(params: readonly ExportParameter[]): TorchaoStateDict {
  const tensors: TorchaoStateDict['tensors'] = [];
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  const add = (name: string, t: { dtype: SafetensorsDType; shape: number[]; data: Uint8Array }): void => {
    if (seen.has(name)) throw new Error(`torchao state dict: key '${name}' would be written twice`);
    seen.add(name);
    tensors.push({ name, dtype: t.dtype, shape: [...t.shape], data: t.data });
  };
  for (const p of params) {
    if (p.kind === 'plain') {
      add(p.fqn, p);
      entries.push([p.fqn, pyJsonDumps({ _type: 'Tensor' })]);
      continue;
    }
    const meta = subclassMetadata(p);
    for (const inner of meta.tensorNames) {
      const t = p.weight.tensors[inner]!;
      add(flattenedKey(p.fqn, inner), { dtype: toSafetensorsDType(t.dtype), shape: t.shape, data: t.data });
    }
    entries.push([p.fqn, pyJsonDumps({ _type: meta.type, _data: meta.data, _tensor_data_names: meta.tensorNames })]);
  }
  entries.push(['tensor_names', pyJsonDumps(params.map((p) => p.fqn))]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  tensors.sort((a, b) => rank(b.dtype) - rank(a.dtype) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const metadata: Record<string, string> = {};
  for (const [k, v] of entries) Object.defineProperty(metadata, k, { value: v, enumerable: true });
  return { tensors, metadata };
}

/** Writes the state dict as one safetensors file, laid out as the reference writer does. */
export function writeTorchaoStateDict(path: string, sd: TorchaoStateDict): void {
  const writer = new SafetensorsWriter(path, sd.metadata, { reserveHeaderBytes: 16 });
  try {
    for (const t of sd.tensors) writer.add(t.name, t);
    writer.finish();
  } catch (e) {
    writer.abort();
    throw e;
  }
}
