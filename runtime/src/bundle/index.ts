// Bundles at run time: the manifest contract and the lazy loader.
export * from './manifest.js';
export {
  load,
  readManifest,
  verifyFiles,
  sha256File,
  Bundle,
  BundleError,
  LoadedParameter,
  type LoadOptions,
} from './load.js';
export type { TensorBytes } from '../safetensors/index.js';
export { runtimeDType } from './tensors.js';
