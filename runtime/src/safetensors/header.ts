// Parse and validate a safetensors header (8-byte little-endian length, then UTF-8 JSON).
//
// Guarantees of a returned header, whatever the file held: every tensor has a known dtype, a
// shape of non-negative safe integers whose byte count is whole and matches its data_offsets,
// and the tensors tile the data section exactly: no overlap, no gap, none past the end, in
// ascending order of offsets once sorted. Metadata is a string→string map. Anything else is a
// SafetensorsError naming the file and the tensor.
import { byteSizeOf, isSafetensorsDType, SAFETENSORS_DTYPES, type SafetensorsDType } from './dtypes.js';
import { SafetensorsError } from './errors.js';
import { JsonSyntaxError, parseStrictJson, type JsonObject, type JsonValue } from './strict-json.js';

/** Same bound as the reference implementation: larger headers are refused unread. */
export const MAX_HEADER_BYTES = 100_000_000;
const MAX_RANK = 32;

export interface TensorEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** Offsets relative to the start of the data section (just after the header). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Bytes before the data section: 8 + the JSON length. */
  dataStart: number;
  /** Tensors in the order of their offsets. */
  tensors: TensorEntry[];
  metadata: Record<string, string> | null;
}

/** Reads the 8-byte length prefix; checks it against the file size before anything is read. */
export function headerLengthOf(prefix: Uint8Array, file: string, fileSize: number): number {
  if (fileSize < 8 || prefix.length < 8) {
    throw new SafetensorsError(
      file,
      null,
      `file of ${fileSize} bytes is too short for a safetensors header (8-byte length prefix)`,
    );
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(fileSize - 8)) {
    throw new SafetensorsError(
      file,
      null,
      `header length ${n} runs past the end of the file (${fileSize} bytes): truncated or not a safetensors file`,
    );
  }
  if (n > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(file, null, `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  return Number(n);
}

/** Validates the JSON header bytes; `fileSize` bounds the data section. */
export function parseHeader(json: Uint8Array, file: string, fileSize: number): SafetensorsHeader {
  const dataStart = 8 + json.length;
  const dataSize = fileSize - dataStart;
  const root = decodeJson(json, file);
  let metadata: Record<string, string> | null = null;
  const tensors: TensorEntry[] = [];
  for (const [name, entry] of Object.entries(root)) {
    if (name === '__metadata__') metadata = parseMetadata(entry, file);
    else tensors.push(parseEntry(name, entry, file, dataSize));
  }
  checkTiling(tensors, file, dataSize);
  return { dataStart, tensors, metadata };
}

function decodeJson(bytes: Uint8Array, file: string): JsonObject {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new SafetensorsError(file, null, 'header is not valid UTF-8');
  }
  if (!text.startsWith('{')) throw new SafetensorsError(file, null, "header does not start with '{'");
  let root: JsonValue;
  try {
    root = parseStrictJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new SafetensorsError(file, null, `header JSON is invalid: ${e.message}`);
  }
  if (!isObject(root)) throw new SafetensorsError(file, null, 'header JSON is not an object');
  return root;
}

function isObject(v: JsonValue): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseMetadata(v: JsonValue, file: string): Record<string, string> | null {
  if (v === null) return null;
  if (!isObject(v)) throw new SafetensorsError(file, '__metadata__', 'must be an object of string values');
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(file, '__metadata__', `value of '${k}' is ${JSON.stringify(value)}, not a string`);
    }
    // defineProperty, not assignment: a key may be `__proto__`.
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function parseEntry(name: string, v: JsonValue, file: string, dataSize: number): TensorEntry {
  const bad = (detail: string): never => {
    throw new SafetensorsError(file, name, detail);
  };
  if (!isObject(v)) return bad('entry is not an object with dtype, shape and data_offsets');
  for (const key of Object.keys(v)) {
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') bad(`unexpected field '${key}'`);
  }
  const { dtype, shape, data_offsets: offsets } = v;
  if (typeof dtype !== 'string') return bad('dtype is missing or not a string');
  if (!isSafetensorsDType(dtype)) return bad(`unknown dtype '${dtype}' (known: ${SAFETENSORS_DTYPES.join(' ')})`);
  if (!Array.isArray(shape)) return bad('shape is missing or not an array');
  if (shape.length > MAX_RANK) bad(`shape has rank ${shape.length}, more than ${MAX_RANK}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)
      bad(`shape [${shape.join(', ')}] holds ${JSON.stringify(d)}, not a non-negative integer`);
  }
  const dims = shape as number[];
  const bytes = byteSizeOf(dtype, dims);
  if (bytes === null)
    return bad(`shape [${dims.join(', ')}] of ${dtype} is not a whole, representable number of bytes`);
  if (bytes > dataSize)
    bad(`shape [${dims.join(', ')}] of ${dtype} needs ${bytes} bytes but the file's data section holds ${dataSize}`);
  if (!Array.isArray(offsets) || offsets.length !== 2) return bad('data_offsets is missing or not a [begin, end] pair');
  const [begin, end] = offsets;
  for (const o of [begin, end]) {
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0)
      bad(`data_offsets holds ${JSON.stringify(o)}, not a non-negative integer`);
  }
  const b = begin as number;
  const e = end as number;
  if (e < b) bad(`data_offsets [${b}, ${e}] are out of order (end before begin)`);
  if (e > dataSize) bad(`data_offsets [${b}, ${e}] run past the data section (${dataSize} bytes)`);
  if (e - b !== bytes)
    bad(`data_offsets [${b}, ${e}] span ${e - b} bytes but ${dtype} [${dims.join(', ')}] needs ${bytes}`);
  return { name, dtype, shape: dims, begin: b, end: e };
}

/** The tensors must cover the data section exactly, each byte owned by one tensor. */
function checkTiling(tensors: TensorEntry[], file: string, dataSize: number): void {
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev: TensorEntry | null = null;
  for (const t of tensors) {
    if (t.begin < at) {
      throw new SafetensorsError(
        file,
        t.name,
        `data_offsets [${t.begin}, ${t.end}] overlap tensor '${prev?.name}' ending at ${at}`,
      );
    }
    if (t.begin > at) {
      throw new SafetensorsError(
        file,
        t.name,
        `data_offsets [${t.begin}, ${t.end}] leave a gap of ${t.begin - at} unowned bytes after offset ${at}`,
      );
    }
    at = t.end;
    prev = t;
  }
  if (at !== dataSize) {
    throw new SafetensorsError(
      file,
      prev?.name ?? null,
      `tensors end at data offset ${at} but the data section holds ${dataSize} bytes (trailing bytes)`,
    );
  }
}
