// safetensors for the runtime: the project's one reader of the format (and the shared header
// validation the writer in src/model relies on). Self-contained: imports nothing of ours.
export { SAFETENSORS_DTYPE_BITS, SAFETENSORS_DTYPES, isSafetensorsDType, byteSizeOf, numelOf } from './dtypes.js';
export type { SafetensorsDType } from './dtypes.js';
export { SafetensorsError } from './errors.js';
export { MAX_HEADER_BYTES, headerLengthOf, parseHeader } from './header.js';
export type { SafetensorsHeader, TensorEntry } from './header.js';
export { SafetensorsReader, readSafetensorsHeader } from './reader.js';
export type { TensorBytes } from './reader.js';
