// Converting a call's owned result (TVMFFIAny) into a JS value on the main thread (guide §5.3).
// Every object reference is either handed to a JS owner or released here.
#pragma once
#include <napi.h>
#include <tvm/ffi/c_api.h>

namespace qf {

// Consumes `owned`. Tensor results come back as {kind: "tensor", dtype, shape, strides, device}
// plus, for host memory, `buffer` (an external ArrayBuffer whose finalizer drops the reference)
// or, for device memory, `ptr` (bigint) and `handle` (see ReleaseObject).
Napi::Value ConvertResult(Napi::Env env, TVMFFIAny owned);

// Wraps an owned object reference in a JS External; the reference is dropped by ReleaseObject
// or, failing that, by the garbage collector.
Napi::Value WrapOwnedObject(Napi::Env env, TVMFFIObjectHandle obj);

// The object behind such a handle; throws a JS error if it was already released.
TVMFFIObjectHandle UnwrapOwned(Napi::Env env, Napi::Value handle, const char* what);

// releaseObject(handle): drops the reference now (idempotent).
Napi::Value ReleaseObject(const Napi::CallbackInfo& info);

}  // namespace qf
