// Runs a plain C++ program against the CUDA headers on the CPU (g++, or $CXX): the host-side
// rules of codegen/cuda/include/qf that need no GPU (launch geometry, default configurations).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUDA_INCLUDE_DIR } from '../../../codegen/cuda/headers.js';

/** Compiles `source` (warnings are errors) and returns its standard output, one entry per line. */
export function runHostProgram(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'qf-host-program-'));
  try {
    writeFileSync(join(dir, 'p.cc'), source);
    execFileSync(process.env.CXX ?? 'g++', ['-std=c++17', '-O1', '-Wall', '-Werror', `-I${CUDA_INCLUDE_DIR}`, join(dir, 'p.cc'), '-o', join(dir, 'p')]);
    return execFileSync(join(dir, 'p'), { encoding: 'utf8' }).trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
