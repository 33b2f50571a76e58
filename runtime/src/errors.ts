// The runtime's one error family. Errors raised by a kernel (tvm-ffi's TypeError, ValueError,
// RuntimeError, ...) and errors found by the runtime's own checks before any native code runs
// are all TvmFfiError, so callers catch one type and switch on `kind`.

export class TvmFfiError extends Error {
  /** tvm-ffi's error kind, e.g. "TypeError", "ValueError", "RuntimeError", "InternalError". */
  readonly kind: string;
  /** The kernel's own message, without the kind prefix. */
  readonly ffiMessage: string;
  /** tvm-ffi's backtrace, oldest call first (empty for errors found before native code). */
  readonly ffiBacktrace: string;
  /** The TVM-FFI function being called, when known. */
  readonly functionName: string | undefined;

  constructor(kind: string, message: string, opts: { functionName?: string; backtrace?: string } = {}) {
    const where = opts.functionName ? `${opts.functionName}: ` : '';
    super(`${where}${kind}: ${message}`);
    this.name = 'TvmFfiError';
    this.kind = kind;
    this.ffiMessage = message;
    this.ffiBacktrace = opts.backtrace ?? '';
    this.functionName = opts.functionName;
  }
}

/** A bad argument caught in TypeScript, before native code: names the argument. */
export class ArgumentError extends TvmFfiError {
  readonly argument: string;

  constructor(kind: 'TypeError' | 'ValueError', argument: string, message: string, functionName?: string) {
    super(kind, `${argument}: ${message}`, { functionName });
    this.name = 'ArgumentError';
    this.argument = argument;
  }
}

interface NativeErrorShape {
  ffiKind: string;
  ffiMessage: string;
  ffiBacktrace: string;
}

function isNativeError(e: unknown): e is Error & NativeErrorShape {
  return e instanceof Error && typeof (e as Partial<NativeErrorShape>).ffiKind === 'string';
}

/** tvm-ffi stores backtraces most recent call first; show them oldest first, like Python. */
function reverseBacktrace(bt: string): string {
  return bt.split('\n').filter((l) => l.length > 0).reverse().join('\n');
}

/** Turns an error thrown by the addon into a TvmFfiError; other errors pass through unchanged. */
export function fromNativeError(e: unknown, functionName?: string): unknown {
  if (!isNativeError(e)) return e;
  return new TvmFfiError(e.ffiKind, e.ffiMessage, { functionName, backtrace: reverseBacktrace(e.ffiBacktrace) });
}
