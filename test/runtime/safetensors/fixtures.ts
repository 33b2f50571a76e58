// Hand-made safetensors files for the reader's tests: the header text is written verbatim, so a
// test can put anything (hostile or not) in it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function fileBytes(
  headerText: string | Uint8Array,
  data: Uint8Array = new Uint8Array(0),
  lengthOverride?: bigint,
): Uint8Array {
  const json = typeof headerText === 'string' ? new TextEncoder().encode(headerText) : headerText;
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'qf-st-'));
}

/** Writes a file and returns its path. */
export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A header with the given tensors laid out back to back, in the order given. */
export function layout(tensors: { name: string; dtype: string; shape: number[]; bytes: number }[]): string {
  let at = 0;
  const obj: Record<string, unknown> = {};
  for (const t of tensors) {
    obj[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + t.bytes] };
    at += t.bytes;
  }
  return JSON.stringify(obj);
}
