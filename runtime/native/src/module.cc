#include "module.h"

#include <tvm/ffi/c_api.h>

#include <cstring>
#include <string>
#include <vector>

#include "ffi_error.h"
#include "result.h"

namespace qf {
namespace {

TVMFFIObjectHandle g_load_from_file = nullptr;
TVMFFIObjectHandle g_get_function = nullptr;
TVMFFIObjectHandle g_get_metadata = nullptr;
std::vector<TVMFFIObjectHandle> g_loaded_modules;  // intentionally never released

TVMFFIObjectHandle Global(Napi::Env env, const char* name) {
  TVMFFIByteArray key{name, std::strlen(name)};
  TVMFFIObjectHandle out = nullptr;
  if (TVMFFIFunctionGetGlobal(&key, &out) != 0) throw ToJsError(env, TakeRaised());
  if (out == nullptr) throw AddonError(env, "RuntimeError", std::string("libtvm_ffi.so lacks the global ") + name);
  return out;
}

TVMFFIAny Any(int32_t type_index) {
  TVMFFIAny a;
  std::memset(&a, 0, sizeof(a));
  a.type_index = type_index;
  return a;
}

// Calls a global with (module?, name, false) style arguments; returns the owned result.
TVMFFIAny CallGlobal(Napi::Env env, TVMFFIObjectHandle fn, std::vector<TVMFFIAny> args) {
  TVMFFIAny result = Any(kTVMFFINone);
  if (TVMFFIFunctionCall(fn, args.data(), static_cast<int32_t>(args.size()), &result) != 0) {
    throw ToJsError(env, TakeRaised());
  }
  return result;
}

TVMFFIAny ModuleArg(TVMFFIObjectHandle mod) {
  TVMFFIAny a = Any(TVMFFIObjectGetTypeIndex(mod));
  a.v_obj = static_cast<TVMFFIObject*>(mod);
  return a;
}

TVMFFIAny StrArg(const std::string& s) {
  TVMFFIAny a = Any(kTVMFFIRawStr);
  a.v_c_str = s.c_str();
  return a;
}

TVMFFIAny BoolArg(bool b) {
  TVMFFIAny a = Any(kTVMFFIBool);
  a.v_int64 = b ? 1 : 0;
  return a;
}

TVMFFIObjectHandle ModuleHandle(const Napi::CallbackInfo& info) {
  if (!info[0].IsExternal()) throw AddonError(info.Env(), "TypeError", "expected a module handle");
  return info[0].As<Napi::External<TVMFFIObject>>().Data();
}

}  // namespace

void InitModuleGlobals(Napi::Env env) {
  g_load_from_file = Global(env, "ffi.ModuleLoadFromFile");
  g_get_function = Global(env, "ffi.ModuleGetFunction");
  g_get_metadata = Global(env, "ffi.ModuleGetFunctionMetadata");
}

Napi::Value LoadModule(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>().Utf8Value();
  TVMFFIAny r = CallGlobal(env, g_load_from_file, {StrArg(path)});
  if (r.type_index != kTVMFFIModule) {
    if (r.type_index >= kTVMFFIStaticObjectBegin) TVMFFIObjectDecRef(r.v_obj);
    throw AddonError(env, "RuntimeError", "ffi.ModuleLoadFromFile did not return a module for " + path);
  }
  g_loaded_modules.push_back(r.v_obj);
  return Napi::External<TVMFFIObject>::New(env, static_cast<TVMFFIObject*>(r.v_obj));
}

Napi::Value GetFunction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[1].As<Napi::String>().Utf8Value();
  TVMFFIAny r = CallGlobal(env, g_get_function, {ModuleArg(ModuleHandle(info)), StrArg(name), BoolArg(false)});
  if (r.type_index == kTVMFFINone) return env.Null();  // absent: never call a NULL handle (§3.8)
  if (r.type_index != kTVMFFIFunction) {
    if (r.type_index >= kTVMFFIStaticObjectBegin) TVMFFIObjectDecRef(r.v_obj);
    throw AddonError(env, "TypeError", "'" + name + "' is not a function");
  }
  return WrapOwnedObject(env, r.v_obj);
}

Napi::Value FunctionMetadata(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[1].As<Napi::String>().Utf8Value();
  TVMFFIAny r = CallGlobal(env, g_get_metadata, {ModuleArg(ModuleHandle(info)), StrArg(name), BoolArg(false)});
  if (r.type_index == kTVMFFINone) return env.Undefined();
  return ConvertResult(env, r);
}

}  // namespace qf
