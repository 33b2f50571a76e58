#include "result.h"

#include <string>
#include <vector>

#include "ffi_error.h"

namespace qf {
namespace {

struct OwnedBox {
  TVMFFIObjectHandle obj;
  bool released = false;
};

Napi::Array ToArray(Napi::Env env, const int64_t* v, int32_t n) {
  Napi::Array a = Napi::Array::New(env, n);
  for (int32_t i = 0; i < n; ++i) a.Set(i, Napi::Number::New(env, static_cast<double>(v[i])));
  return a;
}

Napi::Value FromByteArray(Napi::Env env, const TVMFFIByteArray& b, bool text) {
  if (text) return Napi::String::New(env, b.data, b.size);
  return Napi::Buffer<char>::Copy(env, b.data, b.size);
}

// Bytes from the first element to one past the last one reachable through shape/strides.
size_t SpanBytes(const DLTensor& t, const std::vector<int64_t>& strides) {
  int64_t last = 0;
  for (int32_t i = 0; i < t.ndim; ++i) {
    if (t.shape[i] == 0) return 0;
    last += (t.shape[i] - 1) * strides[i];
  }
  return static_cast<size_t>(((last + 1) * t.dtype.bits * t.dtype.lanes + 7) / 8);
}

Napi::Value ConvertTensor(Napi::Env env, TVMFFIObjectHandle obj) {
  const DLTensor& t = *TVMFFITensorGetDLTensorPtr(obj);
  std::vector<int64_t> strides(t.ndim);
  for (int32_t i = t.ndim - 1, s = 1; i >= 0; --i) {  // NULL strides mean compact row-major
    strides[i] = t.strides != nullptr ? t.strides[i] : s;
    s *= static_cast<int32_t>(t.shape[i]);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("kind", "tensor");
  Napi::Array dtype = Napi::Array::New(env, 3);
  dtype.Set(0u, Napi::Number::New(env, t.dtype.code));
  dtype.Set(1u, Napi::Number::New(env, t.dtype.bits));
  dtype.Set(2u, Napi::Number::New(env, t.dtype.lanes));
  out.Set("dtype", dtype);
  out.Set("shape", ToArray(env, t.shape, t.ndim));
  out.Set("strides", ToArray(env, strides.data(), t.ndim));
  Napi::Array device = Napi::Array::New(env, 2);
  device.Set(0u, Napi::Number::New(env, t.device.device_type));
  device.Set(1u, Napi::Number::New(env, t.device.device_id));
  out.Set("device", device);
  char* data = static_cast<char*>(t.data) + t.byte_offset;
  if (t.device.device_type == kDLCPU) {
    // Zero copy: the ArrayBuffer owns the tensor reference and drops it when collected.
    out.Set("buffer", Napi::ArrayBuffer::New(env, data, SpanBytes(t, strides),
                                             [](Napi::Env, void*, TVMFFIObjectHandle h) { TVMFFIObjectDecRef(h); },
                                             obj));
  } else {
    out.Set("ptr", Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(data))));
    out.Set("handle", WrapOwnedObject(env, obj));
  }
  return out;
}

}  // namespace

Napi::Value WrapOwnedObject(Napi::Env env, TVMFFIObjectHandle obj) {
  return Napi::External<OwnedBox>::New(env, new OwnedBox{obj}, [](Napi::Env, OwnedBox* box) {
    if (!box->released) TVMFFIObjectDecRef(box->obj);
    delete box;
  });
}

TVMFFIObjectHandle UnwrapOwned(Napi::Env env, Napi::Value handle, const char* what) {
  if (!handle.IsExternal()) throw AddonError(env, "TypeError", std::string(what) + " is not a native handle");
  OwnedBox* box = handle.As<Napi::External<OwnedBox>>().Data();
  if (box->released) throw AddonError(env, "ValueError", std::string(what) + " was already released");
  return box->obj;
}

Napi::Value ReleaseObject(const Napi::CallbackInfo& info) {
  OwnedBox* box = info[0].As<Napi::External<OwnedBox>>().Data();
  if (!box->released) {
    box->released = true;
    TVMFFIObjectDecRef(box->obj);
  }
  return info.Env().Undefined();
}

Napi::Value ConvertResult(Napi::Env env, TVMFFIAny r) {
  switch (r.type_index) {
    case kTVMFFINone:
      return env.Undefined();
    case kTVMFFIBool:
      return Napi::Boolean::New(env, r.v_int64 != 0);
    case kTVMFFIInt:
      if (r.v_int64 > 9007199254740991LL || r.v_int64 < -9007199254740991LL) return Napi::BigInt::New(env, r.v_int64);
      return Napi::Number::New(env, static_cast<double>(r.v_int64));
    case kTVMFFIFloat:
      return Napi::Number::New(env, r.v_float64);
    case kTVMFFISmallStr:
    case kTVMFFISmallBytes:
      return FromByteArray(env, TVMFFISmallBytesGetContentByteArray(&r), r.type_index == kTVMFFISmallStr);
    case kTVMFFIStr:
    case kTVMFFIBytes: {
      Napi::Value v = FromByteArray(env, *TVMFFIBytesGetByteArrayPtr(r.v_obj), r.type_index == kTVMFFIStr);
      TVMFFIObjectDecRef(r.v_obj);
      return v;
    }
    case kTVMFFITensor:
      return ConvertTensor(env, r.v_obj);
    default:
      if (r.type_index >= kTVMFFIStaticObjectBegin) TVMFFIObjectDecRef(r.v_obj);
      throw AddonError(env, "TypeError",
                       "the function returned a value of tvm-ffi type index " + std::to_string(r.type_index) +
                           ", which the Node runtime does not convert (return a scalar, string, bytes or tensor)");
  }
}

}  // namespace qf
