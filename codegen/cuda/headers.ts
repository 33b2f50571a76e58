// The hand-written device headers that generated CUDA sources include, and a digest of their
// contents. The toolchain cache keys on source text and flags, so callers pass the digest as
// a -D flag: editing a header then rebuilds every module that includes it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** codegen/cuda/include: pass it to the compiler with -I. */
export const CUDA_INCLUDE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'include');

/** SHA-256 (hex, first 16 digits) over every header's path and bytes, in sorted order. */
export function cudaHeadersDigest(dir: string = CUDA_INCLUDE_DIR): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        h.update(p.slice(dir.length));
        h.update(readFileSync(p));
      }
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

/** Where scripts/gpu/cublas-headers.sh puts cublasLt.h (optional: see include/qf/cublaslt.cuh). */
export const CUDA_EXTRA_INCLUDE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache', 'cuda-extra', 'include');
