// TVM-FFI modules (.so kernel libraries) and their functions. Loading and lookup happen on the
// main thread (tvm-ffi's registry is not locked); call() runs the kernel synchronously on the
// main thread, callAsync() on a libuv worker so the event loop keeps running. Modules are never
// unloaded (guide §6): objects a kernel created may outlive every JS reference to its module.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArgumentError, fromNativeError, TvmFfiError } from './errors.js';
import { decodeResult, encodeArgs, isTensor } from './marshal.js';
import { native, type NativeHandle } from './native.js';
import { checkSignature, type Signature } from './signature.js';

export class KernelFunction {
  readonly name: string;
  readonly module: Module;
  readonly signature: Signature | undefined;
  readonly #handle: NativeHandle;

  /** Use Module.fn(). */
  constructor(module: Module, name: string, handle: NativeHandle, signature?: Signature) {
    this.module = module;
    this.name = name;
    this.#handle = handle;
    this.signature = signature;
  }

  /** Calls the kernel on this thread and returns its result (undefined for void kernels). */
  call(...args: unknown[]): unknown {
    const { args: encoded, streams } = this.encode(args);
    try {
      return decodeResult(native().call(this.#handle, encoded, streams));
    } catch (e) {
      throw fromNativeError(e, this.name);
    }
  }

  /**
   * Calls the kernel on a worker thread. For CUDA tensors the promise resolves once the work
   * queued on the runtime stream has finished. Do not transfer or detach a Buffer passed here
   * before the promise settles.
   */
  async callAsync(...args: unknown[]): Promise<unknown> {
    const { args: encoded, streams } = this.encode(args);
    // The JS objects stay referenced by this frame until the call settles.
    const keep = args;
    try {
      return decodeResult(await native().callAsync(this.#handle, encoded, streams));
    } catch (e) {
      throw fromNativeError(e, this.name);
    } finally {
      void keep;
    }
  }

  /** The same native function, checking every call against `signature` first. */
  withSignature(signature: Signature): KernelFunction {
    return new KernelFunction(this.module, this.name, this.#handle, signature);
  }

  private encode(args: unknown[]) {
    if (this.signature) checkSignature(this.name, this.signature, args, isTensor);
    return encodeArgs(this.name, args);
  }
}

export class Module {
  readonly path: string;
  readonly #handle: NativeHandle;
  readonly #functions = new Map<string, KernelFunction>();

  /** Use loadModule(). */
  constructor(path: string, handle: NativeHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /** True when the module exports `name`. */
  has(name: string): boolean {
    return this.lookup(name) !== null;
  }

  /**
   * The exported function `name`; throws a TvmFfiError (kind "AttributeError") when it is
   * absent. With a signature, the returned function checks every call's arguments in
   * TypeScript first (other lookups of `name` are unaffected).
   */
  fn(name: string, signature?: Signature): KernelFunction {
    let plain = this.#functions.get(name);
    if (!plain) {
      const handle = this.lookup(name);
      if (handle === null) {
        throw new TvmFfiError('AttributeError', `module ${this.path} has no function '${name}' (no exported symbol __tvm_ffi_${name})`, { functionName: name });
      }
      plain = new KernelFunction(this, name, handle);
      this.#functions.set(name, plain);
    }
    // A signature belongs to the KernelFunction it was given to, never to other callers' lookups.
    return signature === undefined ? plain : plain.withSignature(signature);
  }

  /** The function's type schema, when the module was built with TVM_FFI_DLL_EXPORT_INCLUDE_METADATA. */
  metadata(name: string): unknown {
    try {
      const json = native().functionMetadata(this.#handle, name);
      if (json === undefined) return undefined;
      const meta = JSON.parse(json) as Record<string, unknown>;
      // tvm-ffi nests the schema as a JSON string; hand back plain objects.
      if (typeof meta.type_schema === 'string') meta.type_schema = JSON.parse(meta.type_schema);
      return meta;
    } catch (e) {
      throw fromNativeError(e, name);
    }
  }

  private lookup(name: string): NativeHandle | null {
    if (typeof name !== 'string' || name.length === 0) throw new ArgumentError('TypeError', 'name', 'expected a non-empty function name');
    try {
      return native().getFunction(this.#handle, name);
    } catch (e) {
      throw fromNativeError(e, name);
    }
  }
}

const loaded = new Map<string, Module>();

/** Loads a TVM-FFI module (.so); loading the same path twice returns the same Module. */
export function loadModule(path: string): Module {
  const abs = resolve(path); // tvm-ffi dlopens: a bare name would search the library path
  const known = loaded.get(abs);
  if (known) return known;
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    throw new ArgumentError('ValueError', 'path', `no module file at ${abs}`);
  }
  let handle: NativeHandle;
  try {
    handle = native().loadModule(abs);
  } catch (e) {
    const err = fromNativeError(e);
    if (err instanceof TvmFfiError) {
      throw new TvmFfiError(err.kind, `cannot load TVM-FFI module ${abs}: ${err.ffiMessage}`, { backtrace: err.ffiBacktrace });
    }
    throw err;
  }
  const mod = new Module(abs, handle);
  loaded.set(abs, mod);
  return mod;
}

/** The tvm-ffi version of the loaded libtvm_ffi.so. */
export function tvmFfiVersion(): string {
  return native().version();
}
