// The one place the compiled addon is loaded. It tries each candidate folder in turn and, when
// none works, explains every failure with the fix. Loading order matters (guide §5.2): the tiny
// sigsegv_guard addon snapshots Node's SIGSEGV handler, then the runtime addon loads
// libtvm_ffi.so (whose constructor replaces that handler), then the guard restores it — so
// WebAssembly out-of-bounds traps keep throwing JS exceptions instead of killing the process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Encoded call arguments: see runtime/native/src/call_record.h. */
export type NativeArg =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | NativeTensorArg
  | { kind: 'bytes'; bytes: Uint8Array };

export interface NativeTensorArg {
  kind: 'tensor';
  bytes?: Uint8Array;
  ptr?: bigint;
  dtype: [number, number, number];
  shape: number[];
  strides: number[];
  device: [number, number];
}

export interface NativeTensorResult {
  kind: 'tensor';
  dtype: [number, number, number];
  shape: number[];
  strides: number[];
  device: [number, number];
  buffer?: ArrayBuffer;
  ptr?: bigint;
  handle?: NativeHandle;
}

/** An opaque native handle (a JS External). */
export type NativeHandle = { readonly __nativeHandle: unique symbol };
/** [deviceId, stream handle]: env streams to set for a call. */
export type NativeStream = [number, bigint];

export interface NativeCuda {
  status(): { available: boolean; reason?: string; deviceCount?: number };
  deviceInfo(device: number): { name: string; computeCapability: string };
  malloc(device: number, bytes: number): bigint;
  free(device: number, ptr: bigint): void;
  copyToDevice(device: number, dst: bigint, src: Uint8Array): void;
  copyToHost(device: number, dst: Uint8Array, src: bigint): void;
  memset(device: number, ptr: bigint, value: number, bytes: number): void;
  stream(device: number): bigint;
  synchronize(device: number): void;
}

export interface NativeAddon {
  version(): string;
  loadModule(path: string): NativeHandle;
  getFunction(module: NativeHandle, name: string): NativeHandle | null;
  functionMetadata(module: NativeHandle, name: string): string | undefined;
  call(fn: NativeHandle, args: NativeArg[], streams: NativeStream[]): unknown;
  callAsync(fn: NativeHandle, args: NativeArg[], streams: NativeStream[]): Promise<unknown>;
  releaseObject(handle: NativeHandle): void;
  addressOf(view: ArrayBufferView): bigint;
  cuda: NativeCuda;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Folders that may hold the built addon, most specific first. */
function candidateDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.QUANTFORGE_NATIVE_DIR) dirs.push(resolve(process.env.QUANTFORGE_NATIVE_DIR));
  dirs.push(join(here, '..', 'native', 'build', 'Release')); // runtime/src → runtime/native
  dirs.push(join(here, '..', '..', '..', 'runtime', 'native', 'build', 'Release')); // dist/runtime/src
  return dirs;
}

function loadFrom(dir: string): NativeAddon {
  const guardPath = join(dir, 'sigsegv_guard.node');
  const addonPath = join(dir, 'quantforge_native.node');
  if (!existsSync(addonPath)) throw new Error(`${addonPath} does not exist`);
  if (!existsSync(join(dir, 'libtvm_ffi.so'))) throw new Error(`libtvm_ffi.so is missing beside ${addonPath}`);
  const guard = require(guardPath) as { restore(): boolean };
  const addon = require(addonPath) as NativeAddon;
  if (!guard.restore()) throw new Error("could not restore Node's SIGSEGV handler after loading tvm-ffi");
  return addon;
}

let cached: NativeAddon | undefined;

/** The runtime addon, loaded on first use. Throws an Error listing what was tried and the fix. */
export function native(): NativeAddon {
  if (cached) return cached;
  const failures: string[] = [];
  for (const dir of candidateDirs()) {
    try {
      cached = loadFrom(dir);
      return cached;
    } catch (e) {
      failures.push(`  ${dir}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `quantforge: the native runtime addon could not be loaded.\n${failures.join('\n')}\n` +
      'Fix: run `bash scripts/setup.sh` (it builds runtime/native and copies libtvm_ffi.so beside it), ' +
      'or set QUANTFORGE_NATIVE_DIR to a folder holding quantforge_native.node, sigsegv_guard.node and libtvm_ffi.so.',
  );
}
