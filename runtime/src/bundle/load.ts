// load(bundle): open a bundle written by `quantforge build` for use at run time.
//
// Reads manifest.json, checks its format and version, optionally re-hashes every file against
// the manifest (verify: true), and opens the weight files' headers. Tensor bytes are read lazily,
// on first access of a parameter's inner tensor, with one positioned read each, and cached
// until the bundle is closed; nothing else of the weights is held in memory.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { SafetensorsReader, type TensorBytes } from '../safetensors/index.js';
import { checkManifestSeal } from './self-hash.js';
import { readAsTensor, runtimeDType } from './tensors.js';
import { Tensor } from '../tensor.js';
import type { TypedArray } from '../dtype.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleManifest,
  type ParameterEntry,
  type StoredTensor,
} from './manifest.js';

export interface LoadOptions {
  /** Re-hash every file against the manifest before returning (reads the whole bundle). */
  verify?: boolean;
}

export class BundleError extends Error {
  constructor(
    readonly bundle: string,
    detail: string,
  ) {
    super(`${bundle}: ${detail}`);
    this.name = 'BundleError';
  }
}

export class LoadedParameter {
  private readonly cache = new Map<string | null, TensorBytes>();
  constructor(
    readonly entry: ParameterEntry,
    private readonly readerOf: (file: string) => SafetensorsReader,
  ) {}

  get fqn(): string {
    return this.entry.fqn;
  }
  get decision(): ParameterEntry['decision'] {
    return this.entry.decision;
  }
  /** Inner tensor names (`qdata`, `scale`...), or [null] for an unquantized parameter. */
  get inners(): (string | null)[] {
    return this.entry.tensors.map((t) => t.inner);
  }

  /** The stored bytes of an inner tensor (default: the first, e.g. `qdata` or the raw weight). */
  tensor(inner: string | null = this.entry.tensors[0]?.inner ?? null): TensorBytes {
    const hit = this.cache.get(inner);
    if (hit) return hit;
    const stored = this.stored(inner);
    const t = this.readerOf(stored.file).readTensorSync(stored.name);
    this.cache.set(inner, t);
    return t;
  }

  /**
   * The inner tensor's values as a typed view of its stored bytes (no copy): Float32Array for
   * F32, Int8Array for I8, ...; 16-bit floats (BF16, F16) as their Uint16Array bit patterns and
   * 8-bit floats as Uint8Array codes, as the runtime's Tensor.typedArray() gives them.
   */
  typed(inner: string | null = this.entry.tensors[0]?.inner ?? null): TypedArray {
    const t = this.tensor(inner);
    return Tensor.fromBuffer(t.data, { dtype: runtimeDType(t.dtype), shape: t.shape }).typedArray();
  }

  /**
   * The inner tensor as a runtime Tensor in 64-byte-aligned memory, ready for kernels (a fresh
   * read each call: the caller owns it).
   */
  asTensor(inner: string | null = this.entry.tensors[0]?.inner ?? null): Tensor {
    const stored = this.stored(inner);
    return readAsTensor(this.readerOf(stored.file), stored);
  }

  stored(inner: string | null): StoredTensor {
    const s = this.entry.tensors.find((t) => t.inner === inner);
    if (!s)
      throw new Error(
        `parameter '${this.fqn}' has no inner tensor ${JSON.stringify(inner)} (has ${this.inners.map((i) => JSON.stringify(i)).join(', ')})`,
      );
    return s;
  }
}

export class Bundle {
  readonly parameters = new Map<string, LoadedParameter>();
  private readonly readers = new Map<string, SafetensorsReader>();

  constructor(
    readonly dir: string,
    readonly manifest: BundleManifest,
  ) {
    for (const p of manifest.parameters) this.parameters.set(p.fqn, new LoadedParameter(p, (f) => this.reader(f)));
  }

  parameter(fqn: string): LoadedParameter {
    const p = this.parameters.get(fqn);
    if (!p) throw new BundleError(this.dir, `no parameter '${fqn}' in this bundle`);
    return p;
  }

  close(): void {
    for (const r of this.readers.values()) r.close();
    this.readers.clear();
  }

  private reader(file: string): SafetensorsReader {
    let r = this.readers.get(file);
    if (!r) {
      r = SafetensorsReader.open(join(this.dir, file));
      this.readers.set(file, r);
    }
    return r;
  }
}

/** The checked manifest; a shard output (build --shard) only with allowShard (merge reads those). */
export function readManifest(dir: string, options: { allowShard?: boolean } = {}): BundleManifest {
  let m: BundleManifest;
  try {
    m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  } catch (e) {
    throw new BundleError(dir, `cannot read manifest.json: ${(e as Error).message}`);
  }
  if (m?.format !== BUNDLE_FORMAT)
    throw new BundleError(
      dir,
      `manifest.json is not a quantforge bundle manifest (format ${JSON.stringify(m?.format)})`,
    );
  if (typeof m.version !== 'number' || m.version > BUNDLE_VERSION) {
    throw new BundleError(
      dir,
      `bundle format version ${m.version} is newer than this runtime reads (${BUNDLE_VERSION}): upgrade quantforge`,
    );
  }
  if (m.shard && !options.allowShard)
    throw new BundleError(
      dir,
      `this is shard ${m.shard.index}/${m.shard.count} of a build: join the shards with \`quantforge merge\` first`,
    );
  return m;
}

export function load(dir: string, options: LoadOptions = {}): Bundle {
  const manifest = readManifest(dir);
  if (options.verify) {
    const bad = verifyFiles(dir, manifest);
    if (bad.length) throw new BundleError(dir, `verification failed:\n  ${bad.join('\n  ')}`);
  }
  return new Bundle(dir, manifest);
}

/** Re-hashes every file the manifest lists; returns one line per problem (empty when intact). */
export function verifyFiles(dir: string, manifest: Pick<BundleManifest, 'files'>): string[] {
  const problems: string[] = [];
  let text: Uint8Array | null = null;
  try {
    text = readFileSync(join(dir, 'manifest.json'));
  } catch {
    problems.push('manifest.json: missing or unreadable');
  }
  const seal = text === null ? null : checkManifestSeal(text);
  if (seal) problems.push(seal);
  for (const [path, want] of Object.entries(manifest.files)) {
    let got: { sha256: string; bytes: number };
    try {
      got = sha256File(join(dir, path));
    } catch (e) {
      problems.push(`${path}: missing or unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    if (got.bytes !== want.bytes) problems.push(`${path}: ${got.bytes} bytes, manifest says ${want.bytes}`);
    else if (got.sha256 !== want.sha256)
      problems.push(
        `${path}: SHA-256 ${got.sha256} differs from the manifest's ${want.sha256} (the file was modified or corrupted)`,
      );
  }
  return problems;
}

export function sha256File(path: string): { sha256: string; bytes: number } {
  const fd = openSync(path, 'r');
  try {
    const h = createHash('sha256');
    const buf = new Uint8Array(4 << 20);
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, bytes);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      bytes += n;
    }
    return { sha256: h.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}
