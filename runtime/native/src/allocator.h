// The process-wide DLPack tensor allocator behind TVMFFIEnvTensorAlloc (guide §3.4, §5.5), so
// kernels that must allocate (Tensor::FromEnvAlloc) get memory whose deleter lives in this
// addon, which is never unloaded. Host memory is 64-byte aligned; CUDA memory comes from the
// driver on the device the prototype names.
#pragma once

namespace qf {

// Installs the allocator globally (write_to_global_context = 1). Main thread, at addon init.
void InstallTensorAllocator();

}  // namespace qf
