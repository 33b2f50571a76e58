// Writes one safetensors file, one tensor at a time.
//
// A safetensors header (names, dtypes, shapes, offsets) precedes the data, but a streaming
// producer learns each tensor only when it makes it. So data goes to a spill file beside the
// output as it arrives (memory: the tensor being added), and finish() writes the header and
// copies the spill after it in bounded chunks. The output is a pure function of the tensors
// added and their order: no timestamps, the header padded with spaces to a multiple of 8
// (the alignment the reference writer uses), so two builds of the same input are identical.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { byteSizeOf, type SafetensorsDType } from '../../runtime/src/safetensors/index.js';

const COPY_CHUNK = 8 << 20;

export interface TensorToWrite {
  dtype: SafetensorsDType;
  shape: readonly number[];
  data: Uint8Array;
}

interface Entry {
  dtype: SafetensorsDType;
  shape: number[];
  data_offsets: [number, number];
}

export class SafetensorsWriter {
  private readonly entries = new Map<string, Entry>();
  private spill: number | null;
  private size = 0;
  private readonly spillPath: string;

  /** Creates `path` on finish(); until then only `<path>.spill` exists. */
  constructor(
    readonly path: string,
    private readonly metadata: Record<string, string> | null = null,
  ) {
    this.spillPath = `${path}.spill`;
    this.spill = openSync(this.spillPath, 'w+');
  }

  /** Bytes of tensor data added so far. */
  get dataBytes(): number {
    return this.size;
  }

  get count(): number {
    return this.entries.size;
  }

  add(name: string, t: TensorToWrite): void {
    const fd = this.open();
    if (name === '__metadata__') throw new Error(`${this.path}: '__metadata__' is reserved and cannot name a tensor`);
    if (this.entries.has(name)) throw new Error(`${this.path}: tensor '${name}' added twice`);
    const want = byteSizeOf(t.dtype, t.shape);
    if (want !== t.data.length) {
      throw new Error(`${this.path}: tensor '${name}' has ${t.data.length} bytes but ${t.dtype} [${t.shape.join(', ')}] needs ${want ?? 'a whole number of'}`);
    }
    writeAll(fd, t.data);
    this.entries.set(name, { dtype: t.dtype, shape: [...t.shape], data_offsets: [this.size, this.size + t.data.length] });
    this.size += t.data.length;
  }

  /** Writes the file and removes the spill. */
  finish(): void {
    const spill = this.open();
    const out = openSync(this.path, 'w');
    try {
      writeAll(out, encodeHeader(this.metadata, this.entries));
      const buf = new Uint8Array(Math.min(COPY_CHUNK, Math.max(this.size, 1)));
      for (let at = 0; at < this.size; ) {
        const n = readSync(spill, buf, 0, Math.min(buf.length, this.size - at), at);
        if (n === 0) throw new Error(`${this.spillPath}: shrank while copying`);
        writeAll(out, buf.subarray(0, n));
        at += n;
      }
    } finally {
      closeSync(out);
    }
    this.dispose();
  }

  /** Drops everything written so far (the output, if any, is left to the caller). */
  abort(): void {
    this.dispose();
  }

  private dispose(): void {
    if (this.spill !== null) closeSync(this.spill);
    this.spill = null;
    rmSync(this.spillPath, { force: true });
  }

  private open(): number {
    if (this.spill === null) throw new Error(`${this.path}: writer already finished`);
    return this.spill;
  }
}

/** The length prefix and JSON header, padded with spaces so the data starts 8-aligned. */
export function encodeHeader(metadata: Record<string, string> | null, entries: Map<string, Entry>): Uint8Array {
  // Built by hand, not from an object: a tensor may be called `__proto__`.
  const parts = metadata ? [`"__metadata__":${JSON.stringify(metadata)}`] : [];
  for (const [name, e] of entries) parts.push(`${JSON.stringify(name)}:${JSON.stringify(e)}`);
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded).fill(0x20, 8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  return out;
}

function writeAll(fd: number, data: Uint8Array): void {
  for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
}
