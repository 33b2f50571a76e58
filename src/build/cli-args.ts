// Argument helpers shared by the build and bundle commands (build, inspect, verify, pack,
// unpack, merge): parse with node:util, and turn bad input into a UserError with the usage.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../cli/command.js';

export function parseOrUsage<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UserError(`${(e as Error).message}\n${usage}`);
  }
}

/** `512MB`, `2GB`, `1.5GiB`, `1000000` → bytes. */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/i.exec(text.trim());
  if (!m) throw new UserError(`${flag} expects a size such as 512MB or 2GiB, got '${text}'`);
  const unit = (m[2] ?? 'B').toLowerCase();
  const scale: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
  const bytes = Math.floor(Number(m[1]) * scale[unit]);
  if (bytes < 1) throw new UserError(`${flag} must be at least one byte`);
  return bytes;
}

/** Runs `f`, turning any plain Error into a UserError (messages already name files and tensors). */
export async function asUserError<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof UserError || !(e instanceof Error)) throw e;
    throw new UserError(e.message);
  }
}
