// Where the toolchain's inputs live: the tvm-ffi headers and library (from the pinned wheel in
// the project's .venv), nvcc (installed, or NVIDIA's wheels in .venv), and the output cache.
// Every lookup can be overridden by an environment variable, and a miss says how to fix it.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export class ToolchainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolchainError';
  }
}

/** The repository root (codegen/toolchain → ../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** site-packages folders of the project's .venv (any Python 3 minor version). */
function sitePackages(): string[] {
  const lib = join(REPO_ROOT, '.venv', 'lib');
  if (!existsSync(lib)) return [];
  return readdirSync(lib)
    .filter((d) => d.startsWith('python3'))
    .map((d) => join(lib, d, 'site-packages'));
}

export interface TvmFfiPaths {
  /** The wheel's tvm_ffi package folder. */
  root: string;
  includeDir: string;
  libDir: string;
}

/** tvm-ffi's include/ and lib/: $QUANTFORGE_TVM_FFI_ROOT, else the .venv's tvm_ffi package. */
export function tvmFfiPaths(): TvmFfiPaths {
  const candidates = process.env.QUANTFORGE_TVM_FFI_ROOT
    ? [resolve(process.env.QUANTFORGE_TVM_FFI_ROOT)]
    : sitePackages().map((sp) => join(sp, 'tvm_ffi'));
  for (const root of candidates) {
    if (existsSync(join(root, 'include', 'tvm', 'ffi', 'c_api.h')) && existsSync(join(root, 'lib', 'libtvm_ffi.so'))) {
      return { root, includeDir: join(root, 'include'), libDir: join(root, 'lib') };
    }
  }
  throw new ToolchainError(
    `tvm-ffi headers not found (looked in ${candidates.join(', ') || `${REPO_ROOT}/.venv`}). ` +
      'Run `bash scripts/setup.sh`, or set QUANTFORGE_TVM_FFI_ROOT to a tvm_ffi package folder holding include/ and lib/.',
  );
}

function onPath(exe: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, exe))) return join(dir, exe);
  }
  return undefined;
}

/** Every place nvcc may be, in order of preference. */
function nvccCandidates(): string[] {
  const c: (string | undefined)[] = [
    process.env.QUANTFORGE_NVCC,
    onPath('nvcc'),
    process.env.CUDA_HOME && join(process.env.CUDA_HOME, 'bin', 'nvcc'),
    '/usr/local/cuda/bin/nvcc',
    ...sitePackages().map((sp) => join(sp, 'nvidia', 'cu13', 'bin', 'nvcc')),
  ];
  return c.filter((p): p is string => typeof p === 'string' && p.length > 0);
}

/** nvcc's path, or undefined when no CUDA compiler is installed. */
export function findNvcc(): string | undefined {
  return nvccCandidates().find((p) => existsSync(p));
}

export function requireNvcc(): string {
  const nvcc = findNvcc();
  if (nvcc) return nvcc;
  throw new ToolchainError(
    `nvcc (the CUDA compiler) was not found; tried ${nvccCandidates().join(', ')}. ` +
      "Run `bash scripts/setup.sh` (it installs NVIDIA's CUDA 13.0 compiler wheels into .venv where no nvcc exists), " +
      'or set QUANTFORGE_NVCC to an nvcc binary.',
  );
}

/** The compiled-module cache: $QUANTFORGE_CACHE, else <repo>/.cache/quantforge. */
export function cacheRoot(): string {
  return process.env.QUANTFORGE_CACHE ? resolve(process.env.QUANTFORGE_CACHE) : join(REPO_ROOT, '.cache', 'quantforge');
}
