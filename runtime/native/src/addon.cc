// Entry point of the runtime addon. Everything here runs on the JS main thread at load time:
// the tvm-ffi version check, caching the module globals, installing the tensor allocator.
// The TypeScript side (runtime/src/native.ts) restores Node's SIGSEGV handler right after this
// module loads (guide §5.2).
#include <napi.h>
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <string>

#include "allocator.h"
#include "async_call.h"
#include "cuda_api.h"
#include "module.h"
#include "result.h"

namespace qf {
namespace {

// A tvm-ffi minor bump is a C-ABI break: refuse a libtvm_ffi.so other than the built-against one.
void CheckVersion(Napi::Env env) {
  TVMFFIVersion v;
  TVMFFIGetVersion(&v);
  if (v.major != TVM_FFI_VERSION_MAJOR || v.minor != TVM_FFI_VERSION_MINOR) {
    throw Napi::Error::New(env, "libtvm_ffi.so is version " + std::to_string(v.major) + "." + std::to_string(v.minor) +
                                    " but the addon was built against " + std::to_string(TVM_FFI_VERSION_MAJOR) + "." +
                                    std::to_string(TVM_FFI_VERSION_MINOR) + "; rerun `bash scripts/setup.sh`");
  }
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  TVMFFIVersion v;
  TVMFFIGetVersion(&v);
  return Napi::String::New(info.Env(), std::to_string(v.major) + "." + std::to_string(v.minor) + "." +
                                           std::to_string(v.patch));
}

// addressOf(view) -> bigint: where a TypedArray's first byte lives (alignment checks, tests).
Napi::Value AddressOf(const Napi::CallbackInfo& info) {
  Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
  auto base = reinterpret_cast<uintptr_t>(ta.ArrayBuffer().Data());
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(base + ta.ByteOffset()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  CheckVersion(env);
  InitModuleGlobals(env);
  InstallTensorAllocator();
  exports.Set("version", Napi::Function::New(env, Version));
  exports.Set("loadModule", Napi::Function::New(env, LoadModule));
  exports.Set("getFunction", Napi::Function::New(env, GetFunction));
  exports.Set("functionMetadata", Napi::Function::New(env, FunctionMetadata));
  exports.Set("call", Napi::Function::New(env, CallSync));
  exports.Set("callAsync", Napi::Function::New(env, CallAsync));
  exports.Set("releaseObject", Napi::Function::New(env, ReleaseObject));
  exports.Set("addressOf", Napi::Function::New(env, AddressOf));
  exports.Set("cuda", CudaExports(env));
  return exports;
}

}  // namespace
}  // namespace qf

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return qf::Init(env, exports); }

NODE_API_MODULE(quantforge_native, InitAddon)
