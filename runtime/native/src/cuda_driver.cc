#include "cuda_driver.h"

#include <dlfcn.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace qf::cuda {
namespace {

constexpr unsigned int kStreamNonBlocking = 0x1;

struct State {
  Driver driver{};
  bool ok = false;
  std::string why;
  std::vector<CUcontext> contexts;
  std::vector<CUstream> streams;
};

template <typename F>
bool Bind(void* lib, const char* name, F* out) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  return *out != nullptr;
}

void Load(State* s) {
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    s->why = "the NVIDIA driver library libcuda.so.1 was not found (no GPU driver on this machine)";
    return;
  }
  Driver& d = s->driver;
  bool all = Bind(lib, "cuInit", &d.cuInit) && Bind(lib, "cuDeviceGetCount", &d.cuDeviceGetCount) &&
             Bind(lib, "cuDeviceGet", &d.cuDeviceGet) && Bind(lib, "cuDeviceGetName", &d.cuDeviceGetName) &&
             Bind(lib, "cuDeviceGetAttribute", &d.cuDeviceGetAttribute) &&
             Bind(lib, "cuDevicePrimaryCtxRetain", &d.cuDevicePrimaryCtxRetain) &&
             Bind(lib, "cuCtxSetCurrent", &d.cuCtxSetCurrent) && Bind(lib, "cuMemAlloc_v2", &d.cuMemAlloc) &&
             Bind(lib, "cuMemFree_v2", &d.cuMemFree) && Bind(lib, "cuMemcpyHtoDAsync_v2", &d.cuMemcpyHtoDAsync) &&
             Bind(lib, "cuMemcpyDtoHAsync_v2", &d.cuMemcpyDtoHAsync) &&
             Bind(lib, "cuMemcpyDtoDAsync_v2", &d.cuMemcpyDtoDAsync) &&
             Bind(lib, "cuMemsetD8Async", &d.cuMemsetD8Async) && Bind(lib, "cuStreamCreate", &d.cuStreamCreate) &&
             Bind(lib, "cuStreamSynchronize", &d.cuStreamSynchronize) &&
             Bind(lib, "cuGetErrorName", &d.cuGetErrorName) && Bind(lib, "cuGetErrorString", &d.cuGetErrorString);
  if (!all) {
    s->why = "libcuda.so.1 lacks a required entry point (driver too old?)";
    return;
  }
  CUresult r = d.cuInit(0);
  int count = 0;
  if (r == 0) r = d.cuDeviceGetCount(&count);
  if (r != 0 || count == 0) {
    const char* name = "no CUDA device";
    if (r != 0) d.cuGetErrorName(r, &name);
    s->why = std::string("the CUDA driver found no usable GPU (") + name + ")";
    return;
  }
  s->contexts.assign(count, nullptr);
  s->streams.assign(count, nullptr);
  s->ok = true;
}

State& GetState() {
  static State state;
  static std::once_flag once;
  std::call_once(once, [] { Load(&state); });
  return state;
}

std::mutex& DeviceMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

const Driver* GetDriver(std::string* why) {
  State& s = GetState();
  if (!s.ok && why != nullptr) *why = s.why;
  return s.ok ? &s.driver : nullptr;
}

void Check(CUresult r, const char* what) {
  if (r == 0) return;
  const char* name = "CUDA_ERROR_UNKNOWN";
  const char* desc = "";
  const Driver* d = GetDriver(nullptr);
  if (d != nullptr) {
    d->cuGetErrorName(r, &name);
    d->cuGetErrorString(r, &desc);
  }
  throw std::runtime_error(std::string(what) + ": " + name + " (" + desc + ")");
}

void UseDevice(int id) {
  std::string why;
  const Driver* d = GetDriver(&why);
  if (d == nullptr) throw std::runtime_error("CUDA is not available: " + why);
  State& s = GetState();
  if (id < 0 || id >= static_cast<int>(s.contexts.size())) {
    throw std::runtime_error("CUDA device " + std::to_string(id) + " does not exist (this machine has " +
                             std::to_string(s.contexts.size()) + ")");
  }
  CUcontext ctx;
  {
    std::lock_guard<std::mutex> lock(DeviceMutex());
    if (s.contexts[id] == nullptr) {
      CUdevice dev;
      Check(d->cuDeviceGet(&dev, id), "cuDeviceGet");
      Check(d->cuDevicePrimaryCtxRetain(&s.contexts[id], dev), "cuDevicePrimaryCtxRetain");
    }
    ctx = s.contexts[id];
  }
  Check(d->cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
}

CUstream DefaultStream(int id) {
  UseDevice(id);
  State& s = GetState();
  std::lock_guard<std::mutex> lock(DeviceMutex());
  if (s.streams[id] == nullptr) {
    Check(s.driver.cuStreamCreate(&s.streams[id], kStreamNonBlocking), "cuStreamCreate");
  }
  return s.streams[id];
}

}  // namespace qf::cuda
