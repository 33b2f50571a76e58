#include "ffi_error.h"

#include <tvm/ffi/c_api.h>

namespace qf {
namespace {
std::string FromBytes(const TVMFFIByteArray& b) { return std::string(b.data, b.size); }
}  // namespace

FfiError TakeRaised() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err == nullptr) return {"InternalError", "a tvm-ffi call failed but raised no error", ""};
  const TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(err);
  FfiError out{FromBytes(cell->kind), FromBytes(cell->message), FromBytes(cell->backtrace)};
  TVMFFIObjectDecRef(err);
  return out;
}

Napi::Error ToJsError(Napi::Env env, const FfiError& e) {
  Napi::Error err = Napi::Error::New(env, e.kind + ": " + e.message);
  err.Set("ffiKind", Napi::String::New(env, e.kind));
  err.Set("ffiMessage", Napi::String::New(env, e.message));
  err.Set("ffiBacktrace", Napi::String::New(env, e.backtrace));
  return err;
}

Napi::Error AddonError(Napi::Env env, const std::string& kind, const std::string& message) {
  return ToJsError(env, FfiError{kind, message, ""});
}

}  // namespace qf
