// `quantforge pack` / `unpack`: a bundle as one file (a plain ustar archive) and back.
// pack verifies the bundle first (a corrupted bundle is never packed) and writes FILE
// atomically; unpack extracts into a temporary folder beside OUT, verifies every hash, and only
// then renames it into place.
import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import { writeAtomically, type AtomicOptions } from './atomic.js';
import { listFiles } from './finalize.js';
import { extractTar, writeTar } from './tar.js';
import { verifyBundle } from './verify.js';

export function packBundle(dir: string, file: string): { files: number } {
  const report = verifyBundle(dir);
  if (report.problems.length)
    throw new Error(`${dir} does not verify; not packing it:\n  ${report.problems.join('\n  ')}`);
  // manifest.json first: a reader of the stream learns what follows before the weights.
  const files = ['manifest.json', ...listFiles(dir).filter((f) => f !== 'manifest.json')];
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeTar(fd, dir, files);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
  return { files: files.length };
}

export async function unpackBundle(file: string, out: string, options: AtomicOptions = {}): Promise<{ files: number }> {
  return writeAtomically(
    out,
    async (tmp) => {
      const files = extractTar(file, tmp);
      const report = verifyBundle(tmp);
      if (report.problems.length)
        throw new Error(`${file} unpacked but does not verify:\n  ${report.problems.join('\n  ')}`);
      return { files: files.length };
    },
    options,
  );
}
