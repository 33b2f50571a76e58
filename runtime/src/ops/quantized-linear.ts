// QuantizedLinear: y = linear(x) with a quantized weight, through the compiled `linear` kernel
// of a TVM-FFI module (kernel ABI: linear(x, ...inner, bias, y), destination passing; bias is
// [N] or an empty tensor). Built from a loaded bundle (`fromBundle`) or from inner tensors the
// caller already holds (the in-process quantize() API). forward() runs on this thread;
// forwardAsync() on a libuv worker so the event loop keeps running.
//
// The constructor is the one device-dispatch point: on the CPU the kernel reads the host
// tensors as they are; on a CUDA device the weight is uploaded (and repacked) once by
// CudaQuantizedLinear (ops/cuda-linear.ts) and every call queues the kernel on the runtime's
// stream. A CUDA layer takes DeviceTensors (result on the device) or, for convenience, host
// Tensors (copied in and out, which waits for the result).
import { join } from 'node:path';
import type { Bundle } from '../bundle/index.js';
import { CPU, formatDevice, type Device } from '../device.js';
import { cuda, DeviceTensor } from '../cuda.js';
import type { DType } from '../dtype.js';
import { ArgumentError, TvmFfiError } from '../errors.js';
import { loadModule, type KernelFunction, type Module } from '../module.js';
import { Tensor } from '../tensor.js';
import { findLinearKernel } from './bundle-kernel.js';
import { CudaQuantizedLinear, type CudaLinearLayout } from './cuda-linear.js';

export interface QuantizedLinearOptions {
  /** The module holding the kernel (a bundle's kernels/cpu-x86_64.so or kernels/cuda-sm_90a.so). */
  module: Module;
  /** Exported name of the `linear` kernel. */
  kernel: string;
  /** Inner tensors (`qdata`, `scale`, ...), on the host. */
  inner: Record<string, Tensor>;
  /** CPU: the kernel's inner tensor order. CUDA: ignored (`layout.inner` follows qdata). */
  innerOrder: readonly string[];
  bias?: Tensor | null;
  outFeatures: number;
  inFeatures: number;
  /** Activation and output dtype (the weight's original dtype). */
  dtype: DType;
  device?: Device;
  /** CUDA: the weight layout of the kernel (the bundle manifest's `layouts` entry). */
  layout?: CudaLinearLayout;
}

const FLOAT_DTYPES: readonly DType[] = ['float32', 'bfloat16', 'float16'];

/** Throws a clear RuntimeError when `device` cannot run kernels on this machine. */
export function requireDevice(device: Device): void {
  if (device.type === 'cpu') return;
  if (!cuda.isAvailable()) {
    throw new TvmFfiError(
      'RuntimeError',
      `QuantizedLinear on ${formatDevice(device)}: CUDA is unavailable on this machine (${cuda.unavailableReason() ?? 'no GPU'}); run on a machine with an NVIDIA GPU and driver, or use the CPU device`,
    );
  }
  if (device.id >= cuda.deviceCount()) {
    throw new TvmFfiError(
      'RuntimeError',
      `QuantizedLinear on ${formatDevice(device)}: this machine has ${cuda.deviceCount()} CUDA device(s)`,
    );
  }
}

export class QuantizedLinear {
  readonly outFeatures: number;
  readonly inFeatures: number;
  readonly dtype: DType;
  readonly device: Device;
  readonly #cpu: { fn: KernelFunction; weights: Tensor[]; bias: Tensor } | null = null;
  readonly #cuda: CudaQuantizedLinear | null = null;

  constructor(opts: QuantizedLinearOptions) {
    this.device = opts.device ?? CPU;
    requireDevice(this.device);
    if (!FLOAT_DTYPES.includes(opts.dtype))
      throw new ArgumentError('TypeError', 'dtype', `expected float32, bfloat16 or float16, got ${opts.dtype}`);
    const bias = opts.bias ?? null;
    if (bias && (bias.dtype !== opts.dtype || bias.numel !== opts.outFeatures)) {
      throw new ArgumentError(
        'ValueError',
        'bias',
        `expected ${opts.dtype} [${opts.outFeatures}], got ${bias.dtype} [${bias.shape.join(', ')}]`,
      );
    }
    this.outFeatures = opts.outFeatures;
    this.inFeatures = opts.inFeatures;
    this.dtype = opts.dtype;
    if (this.device.type === 'cuda') {
      if (opts.dtype !== 'bfloat16')
        throw new ArgumentError('TypeError', 'dtype', `CUDA linear kernels take bfloat16, got ${opts.dtype}`);
      if (!opts.layout)
        throw new ArgumentError(
          'ValueError',
          'layout',
          `kernel ${opts.kernel} on ${formatDevice(this.device)} needs its weight layout (the bundle's kernel entry)`,
        );
      this.#cuda = new CudaQuantizedLinear(
        opts.module,
        { ...opts.layout, name: opts.kernel },
        opts.inner,
        opts.outFeatures,
        opts.inFeatures,
        bias,
        this.device,
      );
      return;
    }
    const missing = opts.innerOrder.filter((n) => !opts.inner[n]);
    if (missing.length)
      throw new ArgumentError(
        'ValueError',
        'inner',
        `missing inner tensor(s) ${missing.join(', ')} for kernel ${opts.kernel}`,
      );
    this.#cpu = {
      fn: opts.module.fn(opts.kernel),
      weights: opts.innerOrder.map((n) => opts.inner[n]),
      bias: bias ?? Tensor.empty([0], opts.dtype),
    };
  }

  /**
   * The layer `fqn` of a loaded bundle: its stored inner tensors (in stored order, which is
   * torchao's and the kernels') and the bundle's `linear` kernel for its format, dtype and the
   * device (`{ device: cudaDevice(0) }` runs the bundle's CUDA module; default CPU).
   */
  static fromBundle(
    bundle: Bundle,
    fqn: string,
    opts: { bias?: string | null; device?: Device } = {},
  ): QuantizedLinear {
    const device = opts.device ?? CPU;
    requireDevice(device); // before loading a module this machine cannot run
    const p = bundle.parameters.get(fqn);
    if (!p) throw new ArgumentError('ValueError', 'fqn', `bundle ${bundle.dir} has no parameter '${fqn}'`);
    const k = findLinearKernel(bundle, fqn, p, device.type);
    const stored = p.inners.filter((n): n is string => n !== null);
    // CPU: the kernel's own argument order; an optional inner tensor torchao did not store
    // (NVFP4 without a per-tensor scale) goes in as the empty tensor the kernel expects
    const order = k.cpuInner ?? stored;
    const inner: Record<string, Tensor> = {};
    for (const n of order) inner[n] = stored.includes(n) ? p.asTensor(n) : Tensor.empty([0], 'float32');
    const biasName = opts.bias === undefined ? fqn.replace(/\.weight$/, '.bias') : opts.bias;
    const b = biasName ? bundle.parameters.get(biasName) : undefined;
    const [N, K] = p.entry.shape;
    const layer = new QuantizedLinear({
      module: loadModule(join(bundle.dir, k.entry.file)),
      kernel: k.name,
      inner,
      innerOrder: order,
      bias: b ? b.asTensor(null) : null,
      outFeatures: N,
      inFeatures: K,
      dtype: p.entry.dtype as DType,
      device,
      layout: k.layout ?? undefined,
    });
    return layer;
  }

  /** y[..., N] = x[..., K] · Wᵀ + b: host in, host out; a DeviceTensor [M, K] gives a DeviceTensor. */
  forward(x: Tensor): Tensor;
  forward(x: DeviceTensor, out?: DeviceTensor): DeviceTensor;
  forward(x: Tensor | DeviceTensor, out?: DeviceTensor): Tensor | DeviceTensor {
    if (x instanceof DeviceTensor) {
      const y = this.#deviceOut(x, out);
      this.#cudaImpl().forward(x, y);
      return y;
    }
    if (this.#cuda) {
      using io = this.#upload(x);
      this.#cuda.forward(io.dx, io.dy);
      return io.result();
    }
    const { args, y } = this.#hostArgs(x);
    this.#cpu!.fn.call(...args);
    return y;
  }

  /** The same on a worker thread; do not touch x's memory until it settles. */
  forwardAsync(x: Tensor): Promise<Tensor>;
  forwardAsync(x: DeviceTensor, out?: DeviceTensor): Promise<DeviceTensor>;
  async forwardAsync(x: Tensor | DeviceTensor, out?: DeviceTensor): Promise<Tensor | DeviceTensor> {
    if (x instanceof DeviceTensor) {
      const y = this.#deviceOut(x, out);
      await this.#cudaImpl().forwardAsync(x, y);
      return y;
    }
    if (this.#cuda) {
      using io = this.#upload(x);
      await this.#cuda.forwardAsync(io.dx, io.dy);
      return io.result();
    }
    const { args, y } = this.#hostArgs(x);
    await this.#cpu!.fn.callAsync(...args);
    return y;
  }

  #cudaImpl(): CudaQuantizedLinear {
    if (!this.#cuda)
      throw new ArgumentError('TypeError', 'x', `this layer runs on ${formatDevice(this.device)}: pass a host Tensor`);
    return this.#cuda;
  }

  #deviceOut(x: DeviceTensor, out: DeviceTensor | undefined): DeviceTensor {
    if (x.device.id !== this.device.id)
      throw new ArgumentError(
        'ValueError',
        'x',
        `is on ${formatDevice(x.device)}, the layer on ${formatDevice(this.device)}`,
      );
    if (x.dtype !== this.dtype) throw new ArgumentError('TypeError', 'x', `expected ${this.dtype}, got ${x.dtype}`);
    if (x.shape.length !== 2 || x.shape[1] !== this.inFeatures) {
      throw new ArgumentError(
        'ValueError',
        'x',
        `expected a device tensor [M, ${this.inFeatures}], got [${x.shape.join(', ')}]`,
      );
    }
    const shape = [x.shape[0], this.outFeatures];
    if (!out) return DeviceTensor.empty(shape, this.dtype, this.device);
    if (out.dtype !== this.dtype || out.shape.length !== 2 || out.shape[0] !== shape[0] || out.shape[1] !== shape[1]) {
      throw new ArgumentError(
        'ValueError',
        'out',
        `expected ${this.dtype} [${shape.join(', ')}], got ${out.dtype} [${out.shape.join(', ')}]`,
      );
    }
    return out;
  }

  /** Host x on a CUDA layer: x uploaded as [M, K], y allocated; result() copies y back (waiting for the stream). */
  #upload(x: Tensor): { dx: DeviceTensor; dy: DeviceTensor; result(): Tensor; [Symbol.dispose](): void } {
    const lead = this.#checkHost(x).slice(0, -1);
    const M = numel(lead);
    const dx = DeviceTensor.fromHost(
      Tensor.fromBuffer(x.bytes(), { dtype: x.dtype, shape: [M, this.inFeatures] }),
      this.device,
    );
    const dy = DeviceTensor.empty([M, this.outFeatures], this.dtype, this.device);
    return {
      dx,
      dy,
      result: () => reshape(dy.toHost(), [...lead, this.outFeatures]),
      [Symbol.dispose]: () => {
        dx.dispose();
        dy.dispose();
      },
    };
  }

  #checkHost(x: Tensor): readonly number[] {
    if (!(x instanceof Tensor)) throw new ArgumentError('TypeError', 'x', 'expected a Tensor or DeviceTensor');
    if (x.dtype !== this.dtype) throw new ArgumentError('TypeError', 'x', `expected ${this.dtype}, got ${x.dtype}`);
    if (x.ndim < 1 || x.shape[x.shape.length - 1] !== this.inFeatures) {
      throw new ArgumentError('ValueError', 'x', `expected [..., ${this.inFeatures}], got [${x.shape.join(', ')}]`);
    }
    if (!x.isContiguous) throw new ArgumentError('ValueError', 'x', 'expected a contiguous tensor');
    return x.shape;
  }

  #hostArgs(x: Tensor): { args: Tensor[]; y: Tensor } {
    const lead = this.#checkHost(x).slice(0, -1);
    const M = numel(lead);
    const x2 = Tensor.fromBuffer(x.bytes(), { dtype: x.dtype, shape: [M, this.inFeatures] });
    const y2 = Tensor.empty([M, this.outFeatures], this.dtype);
    const { weights, bias } = this.#cpu!;
    return { args: [x2, ...weights, bias, y2], y: reshape(y2, [...lead, this.outFeatures]) };
  }

  dispose(): void {
    this.#cuda?.dispose();
    if (this.#cpu) for (const t of [...this.#cpu.weights, this.#cpu.bias]) t.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const reshape = (t: Tensor, shape: number[]): Tensor => Tensor.fromBuffer(t.bytes(), { dtype: t.dtype, shape });
