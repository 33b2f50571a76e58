// quantforge's runtime: load TVM-FFI kernel modules and call them from TypeScript on host
// tensors (zero-copy views over Buffers/TypedArrays) and CUDA device tensors. Imports nothing
// else of the project; a deployed application needs only this folder (plus the built addon).
export { loadModule, tvmFfiVersion, Module, KernelFunction } from './module.js';
export { Tensor, type TensorViewOptions } from './tensor.js';
export { DeviceTensor, cuda } from './cuda.js';
export { FfiBytes } from './marshal.js';
export { CPU, cudaDevice, formatDevice, type Device, type DeviceType } from './device.js';
export { DTYPE_NAMES, isDType, dtypeInfo, byteSize, bytesPerElement, isSubByte, type DType, type DTypeInfo, type TypedArray } from './dtype.js';
export { TvmFfiError, ArgumentError } from './errors.js';
export { contiguousStrides, isContiguous, numelOf } from './layout.js';
export { QuantizedLinear, type QuantizedLinearOptions } from './ops/quantized-linear.js';
export type { Signature, ArgSpec, TensorSpec, ScalarSpec } from './signature.js';
export * from './bundle/index.js';
