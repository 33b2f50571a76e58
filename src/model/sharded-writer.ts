// Writes tensors into one or more safetensors files of at most `maxShardBytes` of data each,
// in the Hugging Face layout: `<prefix>.safetensors` when one file suffices, otherwise
// `<prefix>-00001-of-0000N.safetensors` plus `<prefix>.safetensors.index.json` mapping every
// tensor to its file. Tensors are never split; a tensor larger than the limit gets a file
// of its own. Which tensor lands in which file depends only on the sequence of (name, size)
// added, so the same sequence always yields the same files.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafetensorsWriter, type TensorToWrite } from './safetensors-writer.js';

export interface ShardedWriterOptions {
  /** Default 2 GiB of tensor data per file. */
  maxShardBytes?: number;
  /** File name stem; default `model`. */
  prefix?: string;
  /** __metadata__ of every file. */
  metadata?: Record<string, string>;
}

export interface ShardedIndex {
  metadata: { total_size: number };
  weight_map: Record<string, string>;
}

export const DEFAULT_SHARD_BYTES = 2 * 1024 ** 3;

export class ShardedSafetensorsWriter {
  private readonly maxBytes: number;
  private readonly prefix: string;
  private readonly reserve: number;
  private readonly done: { path: string; names: string[] }[] = [];
  private current: SafetensorsWriter | null = null;
  private names: string[] = [];
  private total = 0;
  private readonly fileOf = new Map<string, string>();

  constructor(
    readonly dir: string,
    private readonly options: ShardedWriterOptions = {},
  ) {
    this.maxBytes = options.maxShardBytes ?? DEFAULT_SHARD_BYTES;
    this.prefix = options.prefix ?? 'model';
    // Header room in proportion to what a file may hold (~1 KiB per MiB, 4 KiB to 1 MiB): a
    // 2 GiB file of tensors of 1 MiB or more never outgrows it; smaller ones cost one rewrite.
    this.reserve = Math.min(1 << 20, Math.max(4096, Math.floor(this.maxBytes / 1024)));
  }

  get totalBytes(): number {
    return this.total;
  }

  add(name: string, t: TensorToWrite): void {
    if (this.current && this.current.count > 0 && this.current.dataBytes + t.data.length > this.maxBytes)
      this.closeCurrent();
    if (!this.current) {
      const path = join(this.dir, `${this.prefix}.part${this.done.length + 1}.safetensors`);
      this.current = new SafetensorsWriter(path, this.options.metadata ?? null, { reserveHeaderBytes: this.reserve });
    }
    this.current.add(name, t);
    this.names.push(name);
    this.total += t.data.length;
  }

  /** Renames the parts to their final names and writes the index; returns the file names. */
  finish(): string[] {
    if (this.current || this.done.length === 0) {
      this.current ??= new SafetensorsWriter(
        join(this.dir, `${this.prefix}.part1.safetensors`),
        this.options.metadata ?? null,
        { reserveHeaderBytes: this.reserve },
      );
      this.closeCurrent();
    }
    const n = this.done.length;
    const finalNames = this.done.map((_, i) =>
      n === 1 ? `${this.prefix}.safetensors` : `${this.prefix}-${pad(i + 1)}-of-${pad(n)}.safetensors`,
    );
    this.done.forEach((d, i) => {
      renameSync(d.path, join(this.dir, finalNames[i]));
      for (const name of d.names) this.fileOf.set(name, finalNames[i]);
    });
    if (n > 1) {
      const index: ShardedIndex = { metadata: { total_size: this.total }, weight_map: {} };
      this.done.forEach((d, i) =>
        d.names.forEach((name) =>
          Object.defineProperty(index.weight_map, name, { value: finalNames[i], enumerable: true }),
        ),
      );
      writeFileSync(join(this.dir, `${this.prefix}.safetensors.index.json`), `${JSON.stringify(index, null, 2)}\n`);
    }
    return n > 1 ? [...finalNames, `${this.prefix}.safetensors.index.json`] : finalNames;
  }

  /** After finish(): the file (relative to the folder) holding each tensor. */
  get weightMap(): ReadonlyMap<string, string> {
    return this.fileOf;
  }

  abort(): void {
    this.current?.abort();
    this.current = null;
  }

  private closeCurrent(): void {
    const w = this.current!;
    w.finish();
    this.done.push({ path: w.path, names: this.names });
    this.names = [];
    this.current = null;
  }
}

function pad(i: number): string {
  return String(i).padStart(5, '0');
}
