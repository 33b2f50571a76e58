// A quantized linear on a CUDA device: the weight's inner tensors are uploaded once (and, for
// weight-only formats, repacked on the device into the qf tile layout by the module's
// `<kernel>__repack`), then every call runs `<kernel>(x, qdata, ...inner, bias, y)` on the
// runtime's stream. Argument order is the kernel-spec ABI (src/ir/kernel-spec.ts); what to
// upload and how to repack comes from the bundle's kernel entry (codegen/cuda/formats.ts).
import { cudaDevice, type Device } from '../device.js';
import { DeviceTensor } from '../cuda.js';
import { ArgumentError } from '../errors.js';
import type { KernelFunction, Module } from '../module.js';
import { Tensor } from '../tensor.js';

/** How the weight is laid out for the kernel (mirrors codegen/cuda CudaKernelFormat). */
export interface CudaLinearLayout {
  /** Exported kernel name. */
  name: string;
  /** Inner tensors after qdata, in call order. */
  inner: readonly string[];
  /**
   * 'int4_plain' | 'int4_tinygemm' | 'bytes8' | 'intx_nibbles': repack into the qf tile; 'cusparselt': into the
   * library's packed 2:4 weight (see repackInner); absent: use qdata as is.
   */
  repack?: string;
  /** K per qf tile chunk (128 int4, 64 8-bit); with `repack`. */
  chunkK?: number;
  /**
   * Inner tensors `<kernel>__repack` takes after qdata and then drops (repack 'cusparselt':
   * `sparse_metadata`, folded into the library's packed weight of `<kernel>__packed_bytes(N, K)`).
   */
  repackInner?: readonly string[];
  /** Inner tensors the kernel takes as an empty tensor when the weight has none (NVFP4 scales). */
  optional?: readonly string[];
}

export class CudaQuantizedLinear {
  readonly N: number;
  readonly K: number;
  readonly #fn: KernelFunction;
  readonly #mod: Module;
  readonly #name: string;
  readonly #qdata: DeviceTensor;
  readonly #params: DeviceTensor[];
  readonly #bias: DeviceTensor;

  /**
   * @param weight torchao inner tensors on the host (`qdata` plus `layout.inner`), N x K logical.
   * @param bias bf16 [N] or null.
   */
  constructor(mod: Module, layout: CudaLinearLayout, weight: Record<string, Tensor>, N: number, K: number, bias: Tensor | null, device: Device = cudaDevice(0)) {
    this.N = N;
    this.K = K;
    const optional = new Set(layout.optional ?? []);
    const missing = ['qdata', ...layout.inner, ...(layout.repackInner ?? [])].filter((n) => !weight[n] && !optional.has(n));
    if (missing.length) throw new ArgumentError('ValueError', 'weight', `missing inner tensor(s) ${missing.join(', ')} for kernel ${layout.name}`);
    this.#fn = mod.fn(layout.name);
    this.#mod = mod;
    this.#name = layout.name;
    this.#params = layout.inner.map((n) => (weight[n] ? DeviceTensor.fromHost(weight[n], device) : DeviceTensor.empty([0], 'float32', device)));
    this.#bias = bias ? DeviceTensor.fromHost(bias, device) : DeviceTensor.empty([0], 'bfloat16', device);
    if (!layout.repack) {
      this.#qdata = DeviceTensor.fromHost(weight.qdata, device);
      return;
    }
    if (layout.repack === 'cusparselt') {
      try {
        this.#qdata = CudaQuantizedLinear.#packSparse(mod, layout, weight, N, K, device);
      } catch (e) {
        for (const t of [this.#bias, ...this.#params]) t.dispose();
        throw e;
      }
      return;
    }
    const chunk = layout.chunkK ?? 0;
    if (N % 8 !== 0 || chunk <= 0 || K % chunk !== 0) {
      throw new ArgumentError('ValueError', 'weight', `kernel ${layout.name} needs N % 8 == 0 and K % ${chunk} == 0, got N=${N} K=${K}`);
    }
    using src = DeviceTensor.fromHost(weight.qdata, device);
    this.#qdata = DeviceTensor.empty([N / 8, K / chunk, 32, 16], 'uint8', device);
    const repack = mod.fn(`${layout.name}__repack`);
    if (layout.repack === 'int4_tinygemm') repack.call(src, K, this.#qdata);
    else repack.call(src, this.#qdata);
  }

  // 2:4 sparse float8: the oracle's (qdata, sparse_metadata) -> cuSPARSELt's packed weight, once.
  static #packSparse(mod: Module, layout: CudaLinearLayout, weight: Record<string, Tensor>, N: number, K: number, device: Device): DeviceTensor {
    const bytes = Number(mod.fn(`${layout.name}__packed_bytes`).call(N, K));
    if (!Number.isInteger(bytes) || bytes <= 0) {
      throw new ArgumentError('ValueError', 'weight', `kernel ${layout.name}: __packed_bytes(${N}, ${K}) returned ${String(bytes)}`);
    }
    using src = DeviceTensor.fromHost(weight.qdata, device);
    const extra = (layout.repackInner ?? []).map((n) => DeviceTensor.fromHost(weight[n], device));
    const packed = DeviceTensor.empty([bytes], 'uint8', device);
    try {
      mod.fn(`${layout.name}__repack`).call(src, ...extra, packed);
    } catch (e) {
      packed.dispose();
      throw e;
    } finally {
      for (const t of extra) t.dispose();
    }
    return packed;
  }

  /** y[M, N] = linear(x[M, K]) on the device (bf16), queued on the runtime's stream. */
  forward(x: DeviceTensor, y: DeviceTensor): void {
    this.#fn.call(x, this.#qdata, ...this.#params, this.#bias, y);
  }

  /** The same on a worker thread, so the event loop keeps running. */
  async forwardAsync(x: DeviceTensor, y: DeviceTensor): Promise<void> {
    await this.#fn.callAsync(x, this.#qdata, ...this.#params, this.#bias, y);
  }

  /** The weight as bf16 [N, K] (weight-only kernels: `<kernel>__dequantize`). */
  dequantize(out: DeviceTensor): void {
    this.#mod.fn(`${this.#name}__dequantize`).call(this.#qdata, ...this.#params, out);
  }

  dispose(): void {
    for (const t of [this.#qdata, this.#bias, ...this.#params]) t.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
