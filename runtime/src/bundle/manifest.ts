// The bundle manifest (manifest.json): the contract between the compiler that writes a bundle
// (src/bundle, src/build) and the runtime that loads it. Plain JSON; the runtime imports
// nothing of the compiler, so formats and recipe IR appear here as opaque JSON values that the
// compiler types more precisely on its side (src/bundle/manifest.ts).
//
// Versioned: a reader refuses a newer `version` with a message saying to upgrade, and keeps
// reading every older one.

export const BUNDLE_FORMAT = 'quantforge-bundle';
export const BUNDLE_VERSION = 1;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One stored tensor: a parameter's inner tensor (`qdata`, `scale`...) or an unquantized parameter. */
export interface StoredTensor {
  /** torchao's inner tensor name; null for a parameter stored unquantized. */
  inner: string | null;
  /** Name inside the safetensors file: `<fqn>.<inner>`, or `<fqn>` when unquantized. */
  name: string;
  /** safetensors dtype name (F32, BF16, I8, F8_E4M3...). */
  dtype: string;
  shape: number[];
  /** Path relative to the bundle root (`weights/model.safetensors`). */
  file: string;
}

export type Decision<Format = Json> =
  | { kind: 'skip'; reason: string }
  | {
      kind: 'quantize';
      /** The config as the recipe wrote it, canonical (`Int8WeightOnlyConfig()`). */
      config: string;
      /** Which rule chose it (source text and position), for humans. */
      rule: string;
      format: Format;
    };

export interface ParameterEntry<Format = Json> {
  fqn: string;
  shape: number[];
  /** Our DType name of the original weight (`float32`, `bfloat16`...). */
  dtype: string;
  /** Module kind: linear, embedding, moe_experts, other. */
  kind: string;
  decision: Decision<Format>;
  tensors: StoredTensor[];
  /** torchao's non-tensor attributes of the quantized weight (block_size, shape...). */
  attributes: { [key: string]: Json };
  bytesBefore: number;
  bytesAfter: number;
  /**
   * Weight SQNR in dB, dequantized vs original, measured at build time; 'inf' for an exact
   * round trip (JSON has no Infinity); null if unquantized.
   */
  sqnrDb: number | 'inf' | null;
}

export interface KernelEntry {
  target: string;
  /** Path relative to the bundle root (`kernels/cpu-x86_64.so`, `kernels/cuda-sm_90a.so`). */
  file: string;
  /** Functions the module exports. */
  exports: string[];
  /** The KernelSpecs compiled into it (opaque JSON to the runtime). */
  specs: Json[];
  /**
   * Per spec (same order), how the kernel wants the weight on the device (CUDA: `{ kind, inner,
   * repack, chunkK }`, read by ops/cuda-linear.ts; CPU: `{ inner }`, the kernel's weight
   * arguments in order, optional ones absent from the stored tensors passed empty). Bundles
   * built before CPU layouts existed have none for CPU modules (stored order is used).
   */
  layouts?: Json[];
}

export interface FileEntry {
  sha256: string;
  bytes: number;
}

export interface BundleManifest<Format = Json> {
  format: typeof BUNDLE_FORMAT;
  version: number;
  recipe: {
    file: string;
    source: string;
    /** Canonical Recipe IR (spans stripped) and its SHA-256. */
    ir: Json;
    irHash: string;
  };
  model: {
    /** SHA-256 of config.json and the weights' layout (src/model/folder.ts). */
    identity: string;
    config: { [key: string]: Json };
  };
  targets: { kind: string; options: { [key: string]: Json } }[];
  parameters: ParameterEntry<Format>[];
  kernels: KernelEntry[];
  /** Why `kernels` is what it is (e.g. no generator for a target yet): said, not silent. */
  kernelNotes: string[];
  /** How the weights were quantized: `oracle` (TypeScript reference) or `kernels` (compiled). */
  quantizer: string;
  /** SHA-256 of manifest.json's own bytes with these digits zeroed (self-hash.ts). */
  selfSha256?: string;
  /** Every file of the bundle except manifest.json itself, by path relative to the root. */
  files: { [path: string]: FileEntry };
  /** Set on the output of `build --shard i/N`; absent on a complete bundle. */
  shard?: { index: number; count: number };
}
