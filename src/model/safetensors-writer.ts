// Writes one safetensors file, one tensor at a time.
//
// A safetensors header (names, dtypes, shapes, offsets) precedes the data, but a streaming
// producer learns each tensor only when it makes it. So the writer reserves `reserveHeaderBytes`
// at the start of the file, writes each tensor's data after it as it arrives (memory: the
// tensor being added), and on finish() writes the header into the reserved space, padded with
// spaces (the format allows trailing whitespace in the header). A header that outgrows the
// reservation is handled by rewriting the file once with the exact header. Either way the
// output is a pure function of the tensors added, their order and the reservation: no
// timestamps, so two builds of the same input are identical byte for byte.
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { byteSizeOf, type SafetensorsDType } from '../../runtime/src/safetensors/index.js';

const COPY_CHUNK = 8 << 20;
/** Default reservation: room for the header of ~400 tensors. */
export const DEFAULT_HEADER_RESERVE = 64 * 1024;

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
  private fd: number | null;
  private size = 0;
  private readonly partial: string;
  private readonly reserve: number;

  /** Creates `path` on finish(); until then only `<path>.partial` exists. */
  constructor(
    readonly path: string,
    private readonly metadata: Record<string, string> | null = null,
    options: { reserveHeaderBytes?: number } = {},
  ) {
    // A multiple of 8, so the data section starts 8-aligned as the reference writer's does.
    this.reserve = Math.max(16, Math.ceil((options.reserveHeaderBytes ?? DEFAULT_HEADER_RESERVE) / 8) * 8);
    this.partial = `${path}.partial`;
    this.fd = openSync(this.partial, 'w+');
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
      throw new Error(
        `${this.path}: tensor '${name}' has ${t.data.length} bytes but ${t.dtype} [${t.shape.join(', ')}] needs ${want ?? 'a whole number of'}`,
      );
    }
    writeAll(fd, t.data, this.reserve + this.size);
    this.entries.set(name, {
      dtype: t.dtype,
      shape: [...t.shape],
      data_offsets: [this.size, this.size + t.data.length],
    });
    this.size += t.data.length;
  }

  /** Writes the header and moves the file to `path`. */
  finish(): void {
    const fd = this.open();
    const json = headerJson(this.metadata, this.entries);
    if (8 + json.length <= this.reserve) {
      writeAll(fd, encodeHeader(json, this.reserve - 8), 0);
      closeSync(fd);
      this.fd = null;
      renameSync(this.partial, this.path);
      return;
    }
    const out = openSync(this.path, 'w');
    try {
      const header = encodeHeader(json, Math.ceil(json.length / 8) * 8);
      writeAll(out, header, 0);
      const buf = new Uint8Array(Math.min(COPY_CHUNK, Math.max(this.size, 1)));
      for (let at = 0; at < this.size;) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, this.size - at), this.reserve + at);
        if (n === 0) throw new Error(`${this.partial}: shrank while copying`);
        writeAll(out, buf.subarray(0, n), header.length + at);
        at += n;
      }
    } finally {
      closeSync(out);
    }
    this.abort();
  }

  /** Drops the partial file. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.partial, { force: true });
  }

  private open(): number {
    if (this.fd === null) throw new Error(`${this.path}: writer already finished`);
    return this.fd;
  }
}

/** The header JSON. Built by hand, not from an object: a tensor may be called `__proto__`. */
function headerJson(metadata: Record<string, string> | null, entries: Map<string, Entry>): Uint8Array {
  const parts = metadata ? [`"__metadata__":${JSON.stringify(metadata)}`] : [];
  for (const [name, e] of entries) parts.push(`${JSON.stringify(name)}:${JSON.stringify(e)}`);
  return new TextEncoder().encode(`{${parts.join(',')}}`);
}

/** The length prefix and the JSON padded with spaces to `paddedLength` bytes. */
function encodeHeader(json: Uint8Array, paddedLength: number): Uint8Array {
  const out = new Uint8Array(8 + paddedLength).fill(0x20, 8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(paddedLength), true);
  out.set(json, 8);
  return out;
}

function writeAll(fd: number, data: Uint8Array, position: number): void {
  for (let at = 0; at < data.length;) at += writeSync(fd, data, at, data.length - at, position + at);
}
