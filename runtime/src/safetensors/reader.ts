// Reads a safetensors file one tensor at a time with positioned reads.
//
// Memory held: the parsed header plus the one tensor asked for; nothing is mapped or read
// ahead, so a model larger than RAM streams through. The file descriptor stays open until
// close(); reads are independent of each other (no shared cursor), so they may interleave.
import { openSync, closeSync, fstatSync, readSync, read } from 'node:fs';
import { promisify } from 'node:util';
import type { SafetensorsDType } from './dtypes.js';
import { SafetensorsError } from './errors.js';
import { headerLengthOf, parseHeader, type SafetensorsHeader, type TensorEntry } from './header.js';

const readAsync = promisify(read);
/** fs.read moves at most 2 GiB - 1 per call; larger tensors take several. */
const MAX_READ = 0x7fff_f000;

export interface TensorBytes {
  dtype: SafetensorsDType;
  shape: number[];
  /** The tensor's raw little-endian bytes, exactly as stored. */
  data: Uint8Array;
}

/** Reads and validates only the header of `path`. */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  const reader = SafetensorsReader.open(path);
  reader.close();
  return reader.header;
}

export class SafetensorsReader {
  private fd: number | null;
  private readonly byName: Map<string, TensorEntry>;

  private constructor(
    readonly path: string,
    fd: number,
    readonly header: SafetensorsHeader,
  ) {
    this.fd = fd;
    this.byName = new Map(header.tensors.map((t) => [t.name, t]));
  }

  static open(path: string): SafetensorsReader {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new SafetensorsError(path, null, `cannot open: ${(e as Error).message}`);
    }
    try {
      const size = fstatSync(fd).size;
      const prefix = new Uint8Array(Math.min(8, size));
      fullReadSync(fd, prefix, 0, path);
      const n = headerLengthOf(prefix, path, size);
      const json = new Uint8Array(n);
      fullReadSync(fd, json, 8, path);
      return new SafetensorsReader(path, fd, parseHeader(json, path, size));
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Tensor names in the order of their offsets in the file. */
  get names(): string[] {
    return this.header.tensors.map((t) => t.name);
  }

  get metadata(): Record<string, string> | null {
    return this.header.metadata;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): TensorEntry {
    const e = this.byName.get(name);
    if (!e) throw new SafetensorsError(this.path, name, 'no such tensor in this file');
    return e;
  }

  /** Reads one tensor's bytes into a fresh buffer (or into `into`, which must be large enough). */
  async readTensor(name: string, into?: Uint8Array): Promise<TensorBytes> {
    const e = this.entry(name);
    const data = this.target(e, into);
    let done = 0;
    while (done < data.length) {
      const want = Math.min(MAX_READ, data.length - done);
      const { bytesRead } = await readAsync(this.openFd(), data, done, want, this.header.dataStart + e.begin + done);
      if (bytesRead === 0)
        throw new SafetensorsError(this.path, name, 'file shrank while reading (unexpected end of file)');
      done += bytesRead;
    }
    return { dtype: e.dtype, shape: [...e.shape], data };
  }

  /** Synchronous readTensor, for callers that map weights lazily on first use. */
  readTensorSync(name: string, into?: Uint8Array): TensorBytes {
    const e = this.entry(name);
    const data = this.target(e, into);
    fullReadSync(this.openFd(), data, this.header.dataStart + e.begin, this.path, name);
    return { dtype: e.dtype, shape: [...e.shape], data };
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private openFd(): number {
    if (this.fd === null) throw new SafetensorsError(this.path, null, 'reader is closed');
    return this.fd;
  }

  private target(e: TensorEntry, into?: Uint8Array): Uint8Array {
    const n = e.end - e.begin;
    if (!into) return new Uint8Array(n);
    if (into.length < n)
      throw new SafetensorsError(this.path, e.name, `buffer of ${into.length} bytes cannot hold ${n}`);
    return into.subarray(0, n);
  }
}

function fullReadSync(
  fd: number,
  into: Uint8Array,
  position: number,
  file: string,
  tensor: string | null = null,
): void {
  let done = 0;
  while (done < into.length) {
    const got = readSync(fd, into, done, Math.min(MAX_READ, into.length - done), position + done);
    if (got === 0) throw new SafetensorsError(file, tensor, 'unexpected end of file');
    done += got;
  }
}
