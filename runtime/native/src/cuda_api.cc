#include "cuda_api.h"

#include <stdexcept>
#include <string>

#include "cuda_driver.h"
#include "ffi_error.h"

namespace qf {
namespace {

using cuda::CUdeviceptr;
using cuda::CUstream;

const cuda::Driver& Driver() {
  std::string why;
  const cuda::Driver* d = cuda::GetDriver(&why);
  if (d == nullptr) throw std::runtime_error("CUDA is not available: " + why);
  return *d;
}

uint64_t U64(const Napi::Value& v) {
  bool lossless = false;
  return v.As<Napi::BigInt>().Uint64Value(&lossless);
}

int DeviceArg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }

// Runs `body`, converting C++ failures into JS errors of kind RuntimeError.
template <typename F>
Napi::Value Guarded(const Napi::CallbackInfo& info, F body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw AddonError(info.Env(), "RuntimeError", e.what());
  }
}

Napi::Value Status(const Napi::CallbackInfo& info) {
  std::string why;
  const cuda::Driver* d = cuda::GetDriver(&why);
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("available", d != nullptr);
  if (d == nullptr) {
    out.Set("reason", why);
    return out;
  }
  int count = 0;
  d->cuDeviceGetCount(&count);
  out.Set("deviceCount", count);
  return out;
}

Napi::Value DeviceInfo(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    const cuda::Driver& d = Driver();
    cuda::UseDevice(DeviceArg(info, 0));
    cuda::CUdevice dev;
    cuda::Check(d.cuDeviceGet(&dev, DeviceArg(info, 0)), "cuDeviceGet");
    char name[256] = {0};
    int major = 0, minor = 0;
    cuda::Check(d.cuDeviceGetName(name, sizeof(name) - 1, dev), "cuDeviceGetName");
    cuda::Check(d.cuDeviceGetAttribute(&major, 75, dev), "cuDeviceGetAttribute");  // COMPUTE_CAPABILITY_MAJOR
    cuda::Check(d.cuDeviceGetAttribute(&minor, 76, dev), "cuDeviceGetAttribute");  // COMPUTE_CAPABILITY_MINOR
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("name", name);
    out.Set("computeCapability", std::to_string(major) + "." + std::to_string(minor));
    return out;
  });
}

// malloc(device, bytes) -> bigint device pointer
Napi::Value Malloc(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    cuda::UseDevice(DeviceArg(info, 0));
    CUdeviceptr p = 0;
    size_t bytes = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value());
    cuda::Check(Driver().cuMemAlloc(&p, bytes == 0 ? 1 : bytes), "cuMemAlloc");
    return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(p));
  });
}

// free(device, ptr): waits for the addon stream first so no queued kernel still uses the memory.
Napi::Value Free(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    CUstream s = cuda::DefaultStream(DeviceArg(info, 0));
    cuda::Check(Driver().cuStreamSynchronize(s), "cuStreamSynchronize");
    cuda::Check(Driver().cuMemFree(static_cast<CUdeviceptr>(U64(info[1]))), "cuMemFree");
    return info.Env().Undefined();
  });
}

// Copies are ordered on the addon stream and complete before returning (host memory is pageable).
// copyToDevice(device, dstPtr, srcView), copyToHost(device, dstView, srcPtr)
Napi::Value CopyToDevice(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    CUstream s = cuda::DefaultStream(DeviceArg(info, 0));
    Napi::TypedArray src = info[2].As<Napi::TypedArray>();
    const char* p = static_cast<const char*>(src.ArrayBuffer().Data()) + src.ByteOffset();
    cuda::Check(Driver().cuMemcpyHtoDAsync(U64(info[1]), p, src.ByteLength(), s), "cuMemcpyHtoDAsync");
    cuda::Check(Driver().cuStreamSynchronize(s), "cuStreamSynchronize");
    return info.Env().Undefined();
  });
}

Napi::Value CopyToHost(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    CUstream s = cuda::DefaultStream(DeviceArg(info, 0));
    Napi::TypedArray dst = info[1].As<Napi::TypedArray>();
    char* p = static_cast<char*>(dst.ArrayBuffer().Data()) + dst.ByteOffset();
    cuda::Check(Driver().cuMemcpyDtoHAsync(p, U64(info[2]), dst.ByteLength(), s), "cuMemcpyDtoHAsync");
    cuda::Check(Driver().cuStreamSynchronize(s), "cuStreamSynchronize");
    return info.Env().Undefined();
  });
}

// memset(device, ptr, byte, bytes): stream-ordered fill.
Napi::Value Memset(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    CUstream s = cuda::DefaultStream(DeviceArg(info, 0));
    auto value = static_cast<unsigned char>(info[2].As<Napi::Number>().Uint32Value());
    size_t bytes = static_cast<size_t>(info[3].As<Napi::Number>().Int64Value());
    cuda::Check(Driver().cuMemsetD8Async(U64(info[1]), value, bytes, s), "cuMemsetD8Async");
    return info.Env().Undefined();
  });
}

// stream(device) -> bigint handle of the addon's stream for that device
Napi::Value Stream(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    CUstream s = cuda::DefaultStream(DeviceArg(info, 0));
    return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(s)));
  });
}

Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  return Guarded(info, [&]() -> Napi::Value {
    CUstream s = cuda::DefaultStream(DeviceArg(info, 0));
    cuda::Check(Driver().cuStreamSynchronize(s), "cuStreamSynchronize");
    return info.Env().Undefined();
  });
}

}  // namespace

Napi::Object CudaExports(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("status", Napi::Function::New(env, Status));
  o.Set("deviceInfo", Napi::Function::New(env, DeviceInfo));
  o.Set("malloc", Napi::Function::New(env, Malloc));
  o.Set("free", Napi::Function::New(env, Free));
  o.Set("copyToDevice", Napi::Function::New(env, CopyToDevice));
  o.Set("copyToHost", Napi::Function::New(env, CopyToHost));
  o.Set("memset", Napi::Function::New(env, Memset));
  o.Set("stream", Napi::Function::New(env, Stream));
  o.Set("synchronize", Napi::Function::New(env, Synchronize));
  return o;
}

}  // namespace qf
