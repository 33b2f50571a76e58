// torchao's safetensors format (torchao-semantics.md §4.2): export our quantized weights so
// torchao's `unflatten_tensor_state_dict` loads them, and read files torchao wrote.
export { toTorchaoStateDict, writeTorchaoStateDict, flattenedKey } from './state-dict.js';
export type { ExportParameter, PlainTensor, TorchaoStateDict } from './state-dict.js';
export { subclassMetadata, type WeightToExport, type SubclassMetadata } from './subclasses.js';
export { configExtras, type ConfigExtras } from './config-extras.js';
export { pyJsonDumps, pyFloat, type PyJson } from './python-json.js';
export { fromTorchaoStateDict, type ImportedParameter } from './from-state-dict.js';
export { UnsupportedSubclassError } from './subclass-config.js';
