// QuantizedLinear: y = linear(x) with a quantized weight, through the compiled `linear` kernel
// of a TVM-FFI module (kernel ABI: linear(x, ...inner, bias, y), destination passing; bias is
// [N] or an empty tensor). Built from a loaded bundle (`fromBundle`) or from inner tensors the
// caller already holds (the in-process quantize() API). forward() runs on this thread;
// forwardAsync() on a libuv worker so the event loop keeps running.
//
// Device dispatch lives in one place, `#kernelArgs` / the constructor's device check: CPU
// tensors go to the CPU module; a CUDA implementation plugs in there (ops/cuda-linear.ts).
import { join } from 'node:path';
import type { Bundle } from '../bundle/index.js';
import { CPU, formatDevice, type Device } from '../device.js';
import type { DType } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { loadModule, type KernelFunction, type Module } from '../module.js';
import { Tensor } from '../tensor.js';

export interface QuantizedLinearOptions {
  /** The module holding the kernel (a bundle's kernels/cpu.so, or one compiled in-process). */
  module: Module;
  /** Exported name of the `linear` kernel. */
  kernel: string;
  /** Inner tensors in kernel order (`qdata`, `scale`, ...). */
  inner: Record<string, Tensor>;
  innerOrder: readonly string[];
  bias?: Tensor | null;
  outFeatures: number;
  inFeatures: number;
  /** Activation and output dtype (the weight's original dtype). */
  dtype: DType;
  device?: Device;
}

const FLOAT_DTYPES: readonly DType[] = ['float32', 'bfloat16', 'float16'];

export class QuantizedLinear {
  readonly outFeatures: number;
  readonly inFeatures: number;
  readonly dtype: DType;
  readonly device: Device;
  readonly #fn: KernelFunction;
  readonly #weights: Tensor[];
  readonly #bias: Tensor;

  constructor(opts: QuantizedLinearOptions) {
    this.device = opts.device ?? CPU;
    if (this.device.type !== 'cpu') {
      throw new ArgumentError('ValueError', 'device', `QuantizedLinear runs CPU kernels here; ${formatDevice(this.device)} needs the CUDA implementation (runtime/src/ops/cuda-linear.ts)`);
    }
    if (!FLOAT_DTYPES.includes(opts.dtype)) throw new ArgumentError('TypeError', 'dtype', `expected float32, bfloat16 or float16, got ${opts.dtype}`);
    const missing = opts.innerOrder.filter((n) => !opts.inner[n]);
    if (missing.length) throw new ArgumentError('ValueError', 'inner', `missing inner tensor(s) ${missing.join(', ')} for kernel ${opts.kernel}`);
    this.outFeatures = opts.outFeatures;
    this.inFeatures = opts.inFeatures;
    this.dtype = opts.dtype;
    this.#fn = opts.module.fn(opts.kernel);
    this.#weights = opts.innerOrder.map((n) => opts.inner[n]);
    const bias = opts.bias ?? null;
    if (bias && (bias.dtype !== opts.dtype || bias.numel !== opts.outFeatures)) {
      throw new ArgumentError('ValueError', 'bias', `expected ${opts.dtype} [${opts.outFeatures}], got ${bias.dtype} [${bias.shape.join(', ')}]`);
    }
    this.#bias = bias ?? Tensor.empty([0], opts.dtype);
  }

  /**
   * The layer `fqn` of a loaded bundle: its stored inner tensors (in stored order, which is
   * torchao's and the kernels') and the bundle's `linear` kernel for its format and dtype.
   */
  static fromBundle(bundle: Bundle, fqn: string, opts: { bias?: string | null } = {}): QuantizedLinear {
    const p = bundle.parameters.get(fqn);
    if (!p) throw new ArgumentError('ValueError', 'fqn', `bundle ${bundle.dir} has no parameter '${fqn}'`);
    const d = p.decision;
    if (d.kind !== 'quantize') throw new ArgumentError('ValueError', 'fqn', `parameter '${fqn}' is not quantized (${d.reason})`);
    const entry = bundle.manifest.kernels.find((k) => k.target === 'cpu');
    if (!entry) throw new ArgumentError('ValueError', 'bundle', `bundle ${bundle.dir} has no CPU kernels (${bundle.manifest.kernelNotes.join('; ') || 'none built'})`);
    const want = JSON.stringify(canonical(d.format));
    const i = entry.specs.findIndex((s) => {
      const spec = s as { op?: string; format?: unknown; shapeClass?: { dtype?: string } };
      return spec.op === 'linear' && spec.shapeClass?.dtype === p.entry.dtype && JSON.stringify(canonical(spec.format)) === want;
    });
    if (i < 0) throw new ArgumentError('ValueError', 'fqn', `bundle ${bundle.dir} has no CPU linear kernel for '${fqn}' (${p.entry.dtype}); see manifest kernelNotes`);
    const order = p.inners.filter((n): n is string => n !== null);
    const inner: Record<string, Tensor> = {};
    for (const n of order) inner[n] = p.asTensor(n);
    const biasName = opts.bias === undefined ? fqn.replace(/\.weight$/, '.bias') : opts.bias;
    const b = biasName ? bundle.parameters.get(biasName) : undefined;
    const [N, K] = p.entry.shape;
    return new QuantizedLinear({
      module: loadModule(join(bundle.dir, entry.file)),
      kernel: entry.exports[i],
      inner,
      innerOrder: order,
      bias: b ? b.asTensor(null) : null,
      outFeatures: N,
      inFeatures: K,
      dtype: p.entry.dtype as DType,
    });
  }

  /** y[..., N] = x[..., K] · Wᵀ + b, computed on this thread. */
  forward(x: Tensor): Tensor {
    const { args, y } = this.#kernelArgs(x);
    this.#fn.call(...args);
    return y;
  }

  /** The same on a worker thread; do not touch x's memory until it settles. */
  async forwardAsync(x: Tensor): Promise<Tensor> {
    const { args, y } = this.#kernelArgs(x);
    await this.#fn.callAsync(...args);
    return y;
  }

  #kernelArgs(x: Tensor): { args: Tensor[]; y: Tensor } {
    if (!(x instanceof Tensor)) throw new ArgumentError('TypeError', 'x', 'expected a host Tensor');
    if (x.dtype !== this.dtype) throw new ArgumentError('TypeError', 'x', `expected ${this.dtype}, got ${x.dtype}`);
    const K = x.shape[x.shape.length - 1];
    if (x.ndim < 1 || K !== this.inFeatures) {
      throw new ArgumentError('ValueError', 'x', `expected [..., ${this.inFeatures}], got [${x.shape.join(', ')}]`);
    }
    if (!x.isContiguous) throw new ArgumentError('ValueError', 'x', 'expected a contiguous tensor');
    const lead = x.shape.slice(0, -1);
    const M = lead.reduce((a, b) => a * b, 1);
    const x2 = Tensor.fromBuffer(x.bytes(), { dtype: x.dtype, shape: [M, K] });
    const y2 = Tensor.empty([M, this.outFeatures], this.dtype);
    const y = Tensor.fromBuffer(y2.bytes(), { dtype: this.dtype, shape: [...lead, this.outFeatures] });
    return { args: [x2, ...this.#weights, this.#bias, y2], y };
  }

  dispose(): void {
    for (const t of this.#weights) t.dispose();
    this.#bias.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** JSON with sorted keys, for comparing formats written by different code. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}
