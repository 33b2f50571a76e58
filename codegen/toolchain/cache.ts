// Content-addressed cache of compiled modules: the key hashes everything that can change the
// output — source text, flags, the compiler's own version and the tvm-ffi headers — so a hit
// is always safe to reuse and a changed input never is.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TvmFfiPaths } from './paths.js';

const run = promisify(execFile);

export function cacheKey(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 32);
}

const versions = new Map<string, Promise<string>>();

/** The compiler's full `--version` text (memoized per process). */
export function compilerVersion(exe: string): Promise<string> {
  let v = versions.get(exe);
  if (!v) {
    v = run(exe, ['--version']).then((r) => r.stdout.trim());
    versions.set(exe, v);
  }
  return v;
}

const fingerprints = new Map<string, string>();

/** Identifies the tvm-ffi build kernels link against: its C ABI header and library size. */
export function tvmFfiFingerprint(p: TvmFfiPaths): string {
  let f = fingerprints.get(p.root);
  if (!f) {
    const header = readFileSync(join(p.includeDir, 'tvm', 'ffi', 'c_api.h'));
    f = cacheKey([header.toString('latin1'), String(statSync(join(p.libDir, 'libtvm_ffi.so')).size)]);
    fingerprints.set(p.root, f);
  }
  return f;
}
