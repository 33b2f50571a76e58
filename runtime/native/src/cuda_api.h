// The `cuda` object the TypeScript layer wraps (runtime/src/cuda.ts): availability, device
// memory, host<->device copies and the addon's streams. Every entry point reports a missing
// driver or GPU as a JS error of kind "RuntimeError"; nothing here crashes without a GPU.
#pragma once
#include <napi.h>

namespace qf {

Napi::Object CudaExports(Napi::Env env);

}  // namespace qf
