// The weights of a model folder (or a bundle's weights/ folder): one safetensors file or a
// sharded set with its `<prefix>.safetensors.index.json`, read one tensor at a time.
//
// Opening reads and validates every header and the index, and checks that they agree: each
// indexed tensor is in the file the index names, no tensor is in two files, and no file holds a
// tensor the index does not list. After open() a name resolves to exactly one file and offset.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafetensorsReader, type SafetensorsDType, type TensorBytes } from '../../runtime/src/safetensors/index.js';
import type { HostTensor } from '../numerics/host-tensor.js';
import { toDType } from './dtypes.js';

export interface WeightInfo {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  bytes: number;
  /** File name relative to the folder. */
  file: string;
}

export class ModelWeights {
  private readonly byName = new Map<string, { info: WeightInfo; reader: SafetensorsReader }>();

  /** Use ModelWeights.open; the readers must be open and are owned from here on. */
  constructor(
    readonly dir: string,
    private readonly readers: Map<string, SafetensorsReader>,
    readonly indexPath: string | null,
  ) {
    for (const [file, r] of readers) {
      for (const e of r.header.tensors) {
        const other = this.byName.get(e.name);
        if (other)
          throw new Error(
            `${join(dir, file)}: tensor '${e.name}' is also in ${other.info.file}; a tensor must live in one file`,
          );
        this.byName.set(e.name, {
          reader: r,
          info: { name: e.name, dtype: e.dtype, shape: e.shape, bytes: e.end - e.begin, file },
        });
      }
    }
  }

  /** Opens `<prefix>.safetensors.index.json` if present, else `<prefix>.safetensors`. */
  static open(dir: string, prefix = 'model'): ModelWeights {
    const indexPath = join(dir, `${prefix}.safetensors.index.json`);
    if (existsSync(indexPath)) return openIndexed(dir, indexPath);
    const single = `${prefix}.safetensors`;
    if (existsSync(join(dir, single)))
      return new ModelWeights(dir, new Map([[single, SafetensorsReader.open(join(dir, single))]]), null);
    const found = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(bin|pt|pth|ckpt|h5|msgpack)$/.test(f)) : [];
    const hint = found.length
      ? ` It holds ${found.join(', ')}: convert it to safetensors first (safetensors.torch.save_file in Python does this).`
      : '';
    throw new Error(`${dir}: no ${single} or ${prefix}.safetensors.index.json found.${hint}`);
  }

  /** Every tensor, files in name order and tensors in offset order within each. */
  get tensors(): WeightInfo[] {
    return [...this.byName.values()].map((v) => v.info);
  }

  get files(): string[] {
    return [...this.readers.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  info(name: string): WeightInfo {
    const v = this.byName.get(name);
    if (!v) throw new Error(`${this.dir}: no tensor '${name}' in this model's weights`);
    return v.info;
  }

  readRaw(name: string, into?: Uint8Array): Promise<TensorBytes> {
    this.info(name);
    return this.byName.get(name)!.reader.readTensor(name, into);
  }

  /** The tensor as a HostTensor; an error for dtypes the numerics have no name for. */
  async read(name: string): Promise<HostTensor> {
    const raw = await this.readRaw(name);
    const dtype = toDType(raw.dtype);
    if (!dtype)
      throw new Error(
        `${join(this.dir, this.info(name).file)}: tensor '${name}' has dtype ${raw.dtype}, which cannot be quantized`,
      );
    return { dtype, shape: raw.shape, data: raw.data };
  }

  close(): void {
    for (const r of this.readers.values()) r.close();
  }
}

function openIndexed(dir: string, indexPath: string): ModelWeights {
  let index: unknown;
  try {
    index = JSON.parse(readFileSync(indexPath, 'utf8'));
  } catch (e) {
    throw new Error(`${indexPath}: not valid JSON (${(e as Error).message})`);
  }
  const map = (index as { weight_map?: unknown })?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw new Error(`${indexPath}: no "weight_map" object`);
  const entries = Object.entries(map as Record<string, unknown>);
  const files = [
    ...new Set(
      entries.map(([name, f]) => {
        if (typeof f !== 'string' || f.includes('/') || f.includes('\\') || f.startsWith('.')) {
          throw new Error(
            `${indexPath}: weight_map entry '${name}' names ${JSON.stringify(f)}, not a file beside the index`,
          );
        }
        return f;
      }),
    ),
  ].sort();
  const readers = new Map<string, SafetensorsReader>();
  try {
    for (const f of files) readers.set(f, SafetensorsReader.open(join(dir, f)));
    const w = new ModelWeights(dir, readers, indexPath);
    for (const [name, f] of entries) {
      if (!w.has(name) || w.info(name).file !== f)
        throw new Error(`${indexPath}: tensor '${name}' is mapped to ${f} but that file does not hold it`);
    }
    const unlisted = w.tensors.find((t) => (map as Record<string, unknown>)[t.name] !== t.file);
    if (unlisted)
      throw new Error(`${indexPath}: tensor '${unlisted.name}' in ${unlisted.file} is not in the weight_map`);
    return w;
  } catch (e) {
    for (const r of readers.values()) r.close();
    throw e;
  }
}
