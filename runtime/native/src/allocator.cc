#include "allocator.h"

#include <dlpack/dlpack.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "cuda_driver.h"

namespace qf {
namespace {

// One heap block per tensor: the managed struct plus its shape and compact strides.
struct Managed {
  DLManagedTensorVersioned managed;
  int64_t dims[2 * 16];
};

constexpr int kMaxDims = 16;

void Deleter(DLManagedTensorVersioned* self) {
  auto* m = reinterpret_cast<Managed*>(self);
  DLTensor& t = m->managed.dl_tensor;
  if (t.device.device_type == kDLCUDA) {
    const cuda::Driver* d = cuda::GetDriver(nullptr);
    if (d != nullptr) {
      try {
        cuda::UseDevice(t.device.device_id);
        d->cuMemFree(reinterpret_cast<cuda::CUdeviceptr>(t.data));
      } catch (const std::exception&) {
        // A deleter cannot report failure; leaking is the only safe option.
      }
    }
  } else {
    std::free(t.data);
  }
  delete m;
}

int Allocate(DLTensor* proto, DLManagedTensorVersioned** out, void* error_ctx,
             void (*set_error)(void*, const char*, const char*)) {
  if (proto->ndim > kMaxDims) {
    set_error(error_ctx, "ValueError", "tensor rank above 16 is not supported by the Node runtime allocator");
    return -1;
  }
  if (proto->device.device_type != kDLCPU && proto->device.device_type != kDLCUDA) {
    set_error(error_ctx, "ValueError", "the Node runtime allocates only CPU and CUDA tensors");
    return -1;
  }
  auto* m = new (std::nothrow) Managed();
  if (m == nullptr) {
    set_error(error_ctx, "MemoryError", "out of host memory");
    return -1;
  }
  DLTensor& t = m->managed.dl_tensor;
  t = *proto;
  t.byte_offset = 0;
  t.shape = m->dims;
  t.strides = m->dims + kMaxDims;
  int64_t numel = 1;
  for (int i = proto->ndim - 1; i >= 0; --i) {
    m->dims[i] = proto->shape[i];
    m->dims[kMaxDims + i] = numel;
    numel *= proto->shape[i];
  }
  size_t bytes = static_cast<size_t>((numel * proto->dtype.bits * proto->dtype.lanes + 7) / 8);
  size_t rounded = (bytes + 63) / 64 * 64;
  if (proto->device.device_type == kDLCPU) {
    t.data = std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
  } else {
    try {
      cuda::UseDevice(proto->device.device_id);
      cuda::CUdeviceptr p = 0;
      cuda::Check(cuda::GetDriver(nullptr)->cuMemAlloc(&p, rounded == 0 ? 64 : rounded), "cuMemAlloc");
      t.data = reinterpret_cast<void*>(p);
    } catch (const std::exception& e) {
      delete m;
      set_error(error_ctx, "RuntimeError", e.what());
      return -1;
    }
  }
  if (t.data == nullptr) {
    delete m;
    set_error(error_ctx, "MemoryError", "out of host memory");
    return -1;
  }
  m->managed.version = DLPackVersion{DLPACK_MAJOR_VERSION, DLPACK_MINOR_VERSION};
  m->managed.manager_ctx = nullptr;
  m->managed.flags = 0;
  m->managed.deleter = Deleter;
  *out = &m->managed;
  return 0;
}

}  // namespace

void InstallTensorAllocator() { TVMFFIEnvSetDLPackManagedTensorAllocator(Allocate, 1, nullptr); }

}  // namespace qf
