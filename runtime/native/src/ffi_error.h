// Errors crossing the native boundary. tvm-ffi keeps a raised error in thread-local storage, so
// it is taken (TakeRaised) on the thread that made the failing call — possibly a libuv worker —
// copied into plain strings, and turned into a JS exception later on the main thread.
#pragma once
#include <napi.h>

#include <string>

namespace qf {

struct FfiError {
  std::string kind;       // tvm-ffi error kind: TypeError, ValueError, RuntimeError, ...
  std::string message;    // the kernel's message
  std::string backtrace;  // most recent call first, as tvm-ffi stores it
};

// Moves the error raised on this thread out of tvm-ffi's TLS slot.
FfiError TakeRaised();

// A JS Error whose `ffiKind`, `ffiMessage`, `ffiBacktrace` properties the TypeScript layer
// turns into a TvmFfiError (runtime/src/errors.ts).
Napi::Error ToJsError(Napi::Env env, const FfiError& e);

// For failures detected by the addon itself (bad descriptor, CUDA unavailable, ...).
Napi::Error AddonError(Napi::Env env, const std::string& kind, const std::string& message);

}  // namespace qf
