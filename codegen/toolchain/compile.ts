// The toolchain driver: a generated C++ or CUDA source → a TVM-FFI module (.so) in the cache.
// Each output lives in <cache>/kernels/<key>/ next to its source, so a compiler error's
// file:line points at a file that exists; the .so is written under a temporary name and
// renamed into place, so concurrent compiles of the same key never see a half-written file.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { cacheKey, compilerVersion, tvmFfiFingerprint } from './cache.js';
import { CompileError } from './diagnostics.js';
import { COMMON_CXX_FLAGS, cpuFlags, cudaGencode, EXPORT_MAP, isCpuIsa, isCudaArch, type CpuIsa, type CudaArch } from './flags.js';
import { cacheRoot, requireNvcc, ToolchainError, tvmFfiPaths } from './paths.js';

const run = promisify(execFile);

export interface CompiledModule {
  /** Absolute path of the .so, loadable with the runtime's loadModule(). */
  path: string;
  /** True when the module came from the cache without compiling. */
  cached: boolean;
  /** The cache key (hash of source, flags, compiler version and tvm-ffi). */
  key: string;
  /** The compiler command line that builds it. */
  command: string[];
}

interface CommonOptions {
  /** Source text. */
  source: string;
  /** Module name: the file stem of the source and the .so ([A-Za-z0-9_.-]). */
  name: string;
  includeDirs?: readonly string[];
  extraFlags?: readonly string[];
}

export interface CpuModuleOptions extends CommonOptions {
  /** Target instruction set (default "x86-64", runs on any x86-64). */
  isa?: CpuIsa;
  openmp?: boolean;
  /** The C++ compiler (default $CXX, else g++). */
  compiler?: string;
}

export interface CudaModuleOptions extends CommonOptions {
  /** Target architecture (default sm_90a, Hopper). */
  arch?: CudaArch;
  /** Also embed PTX for the same virtual architecture (default true). */
  ptx?: boolean;
}

function checkName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
    throw new ToolchainError(`module name '${name}' must match [A-Za-z_][A-Za-z0-9_.-]* (it becomes a file name)`);
  }
}

async function build(kind: string, name: string, ext: string, source: string, exe: string, argsFor: (src: string, out: string) => string[]): Promise<CompiledModule> {
  checkName(name);
  const version = await compilerVersion(exe);
  const probe = argsFor('<src>', '<out>');
  const key = cacheKey([kind, source, version, tvmFfiFingerprint(tvmFfiPaths()), ...probe]);
  const dir = join(cacheRoot(), 'kernels', key);
  const src = join(dir, `${name}.${ext}`);
  const out = join(dir, `lib${name}.so`);
  const command = [exe, ...argsFor(src, out)];
  if (existsSync(out)) return { path: out, cached: true, key, command };
  mkdirSync(dir, { recursive: true });
  writeFileSync(src, source);
  const tmp = `${out}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await run(exe, argsFor(src, tmp), { maxBuffer: 64 << 20 });
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new CompileError(`compiling ${src} (${kind})`, command, `${err.stderr ?? ''}${err.stdout ?? ''}` || err.message);
  }
  renameSync(tmp, out);
  return { path: out, cached: false, key, command };
}

function exportMap(): string {
  const p = join(cacheRoot(), 'kernels.map');
  if (!existsSync(p)) {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, EXPORT_MAP);
  }
  return p;
}

/** Compiles a C++17 TVM-FFI kernel library with g++ for one CPU instruction set. */
export function compileCpuModule(opts: CpuModuleOptions): Promise<CompiledModule> {
  const isa = opts.isa ?? 'x86-64';
  if (!isCpuIsa(isa)) return Promise.reject(new ToolchainError(`unknown CPU ISA '${String(isa)}'`));
  const tvm = tvmFfiPaths();
  const map = exportMap();
  const args = (src: string, out: string): string[] => [
    ...cpuFlags(isa, opts.openmp ?? false),
    `-I${tvm.includeDir}`,
    ...(opts.includeDirs ?? []).map((d) => `-I${d}`),
    ...(opts.extraFlags ?? []),
    src,
    '-shared',
    '-o',
    out,
    `-L${tvm.libDir}`,
    '-ltvm_ffi',
    `-Wl,--version-script=${map}`,
    '-Wl,--no-undefined',
    '-Wl,-z,noexecstack',
  ];
  return build(`cpu:${isa}`, opts.name, 'cc', opts.source, opts.compiler ?? process.env.CXX ?? 'g++', args);
}

/** Compiles a CUDA TVM-FFI kernel library with nvcc: a cubin for `arch` plus PTX. */
export function compileCudaModule(opts: CudaModuleOptions): Promise<CompiledModule> {
  const arch = opts.arch ?? 'sm_90a';
  if (!isCudaArch(arch)) return Promise.reject(new ToolchainError(`unknown CUDA architecture '${String(arch)}'`));
  const nvcc = requireNvcc();
  const tvm = tvmFfiPaths();
  const map = exportMap();
  // NVIDIA's wheels keep libcudart_static.a in <cu13>/lib, which nvcc.profile does not search.
  const cudaLib = join(dirname(nvcc), '..', 'lib');
  const args = (src: string, out: string): string[] => [
    ...COMMON_CXX_FLAGS.filter((f) => f !== '-fPIC' && f !== '-fvisibility=hidden'),
    ...cudaGencode(arch, opts.ptx ?? true),
    '-Xcompiler',
    '-fPIC,-fvisibility=hidden',
    `-I${tvm.includeDir}`,
    ...(opts.includeDirs ?? []).map((d) => `-I${d}`),
    ...(opts.extraFlags ?? []),
    src,
    '-shared',
    '-o',
    out,
    `-L${tvm.libDir}`,
    `-L${cudaLib}`,
    '-ltvm_ffi',
    '-Xlinker',
    `--version-script=${map},--no-undefined,-z,noexecstack`,
  ];
  return build(`cuda:${arch}`, opts.name, 'cu', opts.source, nvcc, args);
}
