// Where the hand-written CPU kernel headers live, and a fingerprint of their contents: the
// toolchain caches modules by source text and flags, so the fingerprint travels as a -D flag
// and a header edit rebuilds every module that includes it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function cpuIncludeDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'include');
}

let fingerprint: string | null = null;

/** SHA-256 (16 hex digits) over the names and bytes of every header under include/qf. */
export function cpuHeadersFingerprint(): string {
  if (fingerprint !== null) return fingerprint;
  const dir = join(cpuIncludeDir(), 'qf');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) {
    h.update(f);
    h.update(readFileSync(join(dir, f)));
  }
  fingerprint = h.digest('hex').slice(0, 16);
  return fingerprint;
}
