// The CUDA driver API, loaded lazily with dlopen("libcuda.so.1") so that the addon loads (and
// every CPU path works) on machines without a GPU or driver. Only the handful of entry points the
// runtime needs are declared here, with the driver's ABI types, so no CUDA header is needed to
// build the addon. Kernels compiled by nvcc use the runtime API on the same primary context.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace qf::cuda {

using CUresult = int;
using CUdevice = int;
using CUcontext = void*;
using CUstream = void*;
using CUdeviceptr = unsigned long long;

struct Driver {
  CUresult (*cuInit)(unsigned int);
  CUresult (*cuDeviceGetCount)(int*);
  CUresult (*cuDeviceGet)(CUdevice*, int);
  CUresult (*cuDeviceGetName)(char*, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int*, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext*, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuMemAlloc)(CUdeviceptr*, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoDAsync)(CUdeviceptr, const void*, size_t, CUstream);
  CUresult (*cuMemcpyDtoHAsync)(void*, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemcpyDtoDAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD8Async)(CUdeviceptr, unsigned char, size_t, CUstream);
  CUresult (*cuStreamCreate)(CUstream*, unsigned int);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuGetErrorName)(CUresult, const char**);
  CUresult (*cuGetErrorString)(CUresult, const char**);
};

// The loaded driver, or nullptr with `why` set (no libcuda, cuInit failed, no device).
const Driver* GetDriver(std::string* why);

// Throws std::runtime_error "<what>: <CUDA_ERROR_NAME> (<description>)" when r != 0.
void Check(CUresult r, const char* what);

// Makes device `id`'s primary context current on the calling thread (the context is per thread).
void UseDevice(int id);

// The addon's non-blocking stream for device `id`, created on first use and never destroyed.
CUstream DefaultStream(int id);

}  // namespace qf::cuda
