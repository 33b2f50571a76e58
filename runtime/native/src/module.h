// Module loading and function lookup through tvm-ffi's registered globals (guide §2.9), on the
// main thread only (the global registry is not locked, §2.8).
#pragma once
#include <napi.h>

namespace qf {

// Looks up and caches the globals; call once from addon init.
void InitModuleGlobals(Napi::Env env);

// loadModule(absolutePath) -> handle. Modules are never unloaded: objects a kernel library
// created may outlive any JS reference to it (guide §6, issues #264/#322).
Napi::Value LoadModule(const Napi::CallbackInfo& info);
// getFunction(module, name) -> handle | null (absent symbol).
Napi::Value GetFunction(const Napi::CallbackInfo& info);
// functionMetadata(module, name) -> JSON string | undefined (kernels built with
// TVM_FFI_DLL_EXPORT_INCLUDE_METADATA=1 carry their type schema).
Napi::Value FunctionMetadata(const Napi::CallbackInfo& info);

}  // namespace qf
