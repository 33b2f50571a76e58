// One function call, copied out of JS values into plain C++ storage (guide §5.3-5.4), so that it
// can run on any thread: the main thread for call(), a libuv worker for callAsync(). The record
// owns every string, shape and stride array and every DLTensor it points at; JS memory (Buffers,
// TypedArrays) is borrowed, and the async path keeps references to it until completion.
//
// Argument encoding produced by runtime/src/marshal.ts (already validated there):
//   null/undefined -> None, boolean -> Bool, number -> Int when integral and safe else Float,
//   bigint -> Int, string -> RawStr,
//   {kind: "tensor", bytes?: Uint8Array, ptr?: bigint, dtype: [code, bits, lanes],
//    shape: number[], strides: number[], device: [type, id]}  -> DLTensorPtr (borrowed view)
//   {kind: "bytes", bytes: Uint8Array} -> ByteArrayPtr
#pragma once
#include <napi.h>
#include <tvm/ffi/c_api.h>

#include <deque>
#include <string>
#include <vector>

#include "ffi_error.h"

namespace qf {

class CallRecord {
 public:
  // Throws Napi::Error (kind TypeError) naming the argument index on a malformed encoding.
  CallRecord(Napi::Env env, TVMFFIObjectHandle fn, Napi::Array args, Napi::Array streams, bool keep_alive);
  ~CallRecord();
  CallRecord(const CallRecord&) = delete;
  CallRecord& operator=(const CallRecord&) = delete;

  // Thread-agnostic: sets the env streams on the calling thread, calls, restores them, and on
  // failure takes the raised error. Never throws, never touches JS.
  bool Invoke();
  // Waits for the streams the call used (worker threads only: this blocks).
  bool SynchronizeStreams();

  // Main thread, after Invoke(): the result as a JS value (consumes the owned result).
  Napi::Value TakeResult(Napi::Env env);
  const FfiError& error() const { return error_; }
  // Main thread: true if a borrowed buffer was detached while the call ran.
  bool AnyBufferDetached() const;

 private:
  void AddArg(Napi::Env env, uint32_t index, Napi::Value v);
  void AddTensor(Napi::Env env, uint32_t index, Napi::Object o);
  void* BorrowBytes(Napi::Env env, uint32_t index, Napi::Value v, size_t* size);

  TVMFFIObjectHandle fn_;
  bool keep_alive_;
  std::vector<TVMFFIAny> args_;
  std::deque<DLTensor> tensors_;
  std::deque<std::vector<int64_t>> dims_;
  std::deque<std::string> strings_;
  std::deque<TVMFFIByteArray> byte_arrays_;
  std::vector<Napi::Reference<Napi::Value>> borrowed_;
  std::vector<std::pair<int32_t, void*>> streams_;
  TVMFFIAny result_;
  FfiError error_;
};

}  // namespace qf
