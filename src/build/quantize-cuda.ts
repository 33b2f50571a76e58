// The `--device cuda` quantizer: weights are uploaded, quantized by the CUDA kernels of
// codegen/cuda/quantize (bit-exact with the oracle), and their inner tensors downloaded.
// Layouts without a kernel (HQQ, tile packing, MX, NVFP4, 2:4 sparse, conv weights) go to the
// oracle on the CPU; each distinct reason is reported once through `note`.
//
// `tensor / python_number` in the qparams (int4_plain's range / 15, the affine scales) rounds
// as PyTorch on CUDA does (times fp32(1 / c)) unless scalarDivision is 'cpu': the results equal
// the oracle's quantizeWeight(spec, w, { device: scalarDivision }), like torchao on that device.
import type { FloatDType, FormatSpec, WeightFormat } from '../ir/format.js';
import { dequantizeWeight, quantizeWeight, supportsFormat } from '../numerics/index.js';
import type { HostTensor, QuantizedWeight } from '../numerics/host-tensor.js';
import { cuda, DeviceTensor, loadModule, Tensor, type KernelFunction, type Module } from '../../runtime/src/index.js';
import { compileQuantizeModule } from '../../codegen/cuda/quantize/module.js';
import { quantizeFunctionName } from '../../codegen/cuda/quantize/emit.js';
import { planCudaQuantize, type PlanOptions, type QuantizeCall } from '../../codegen/cuda/quantize/plan.js';
import type { Quantizer } from './quantizer.js';

export interface CudaQuantizerOptions {
  /** A prebuilt quantize module (.so); default: compile it with the toolchain (cached). */
  modulePath?: string;
  /** Where fallback notices go (default: stderr). */
  note?: (message: string) => void;
  /** Whose scalar division to reproduce (default 'cuda'; 'cpu' matches a --device cpu build). */
  scalarDivision?: 'cpu' | 'cuda';
  /** Also run kernels still awaiting their GPU bit-exactness check (the check itself sets it). */
  unverified?: boolean;
}

export interface CudaQuantizer extends Quantizer {
  /** Whether this spec and weight run on the GPU (null) or why not. */
  gpuUnsupported(spec: FormatSpec, shape: readonly number[], dtype: string): string | null;
  /** Frees the device scratch. */
  dispose(): void;
}

/** torchao's attributes for the layouts the kernels produce (what the oracle records). */
function attributesOf(fmt: WeightFormat, call: QuantizeCall, w: HostTensor): Record<string, unknown> {
  switch (fmt.layout) {
    case 'int4_plain':
      return {
        block_size: call.blockSize,
        shape: [...w.shape],
        activation_dtype: fmt.mapping === 'symmetric' ? 'float8_e4m3fn' : 'bfloat16',
      };
    case 'int8':
      return { block_size: call.blockSize, dtype: w.dtype, reduce_range: fmt.reduceRange };
    case 'mx':
      return {
        elem_dtype: fmt.element,
        block_size: fmt.blockSize,
        orig_dtype: w.dtype,
        is_swizzled_scales: true,
        shape: [...w.shape],
      };
    case 'nvfp4':
      return { block_size: 16, orig_dtype: w.dtype, is_swizzled_scales: true, shape: [...w.shape] };
    case 'intx_unpacked_to_int8':
      return { target_dtype: fmt.element, block_size: call.blockSize, dtype: w.dtype, activation_quantization: null };
    default:
      return { block_size: call.blockSize, dtype: w.dtype };
  }
}

class KernelQuantizer implements CudaQuantizer {
  readonly name = 'kernels:cuda';
  readonly #module: Module;
  readonly #note: (message: string) => void;
  readonly #noted = new Set<string>();
  readonly #fns = new Map<string, KernelFunction>();
  readonly #plan: PlanOptions;
  #stats: DeviceTensor | undefined;

  constructor(module: Module, note: (message: string) => void, plan: PlanOptions) {
    this.#module = module;
    this.#note = note;
    this.#plan = plan;
  }

  unsupported(spec: FormatSpec): string | null {
    // what the kernels do not cover falls back to the oracle, so the oracle's coverage is ours
    return supportsFormat(spec);
  }

  gpuUnsupported(spec: FormatSpec, shape: readonly number[], dtype: string): string | null {
    const plan = planCudaQuantize(spec.weight, shape, dtype as FloatDType, this.#plan);
    return plan.ok ? null : plan.reason;
  }

  quantize(spec: FormatSpec, w: HostTensor): QuantizedWeight {
    const plan = planCudaQuantize(spec.weight, w.shape, w.dtype, this.#plan);
    if (!plan.ok) {
      if (!this.#noted.has(plan.reason)) {
        this.#noted.add(plan.reason);
        this.#note(`quantize --device cuda: ${plan.reason}; quantizing these weights with the oracle on the CPU`);
      }
      return quantizeWeight(spec, w);
    }
    return this.#run(spec.weight, plan.call, w);
  }

  dequantize(spec: FormatSpec, q: QuantizedWeight, dtype: FloatDType): HostTensor {
    return dequantizeWeight(spec, q, dtype);
  }

  dispose(): void {
    this.#stats?.dispose();
    this.#stats = undefined;
  }

  #fn(call: QuantizeCall): KernelFunction {
    const name = quantizeFunctionName(call.entry);
    let fn = this.#fns.get(name);
    if (!fn) {
      fn = this.#module.fn(name);
      this.#fns.set(name, fn);
    }
    return fn;
  }

  #run(fmt: WeightFormat, call: QuantizeCall, w: HostTensor): QuantizedWeight {
    this.#stats ??= DeviceTensor.empty([4], 'int32');
    using dw = DeviceTensor.fromHost(Tensor.fromBuffer(w.data, { dtype: w.dtype, shape: call.view }));
    const outs = call.outputs.map((o) => DeviceTensor.empty(o.shape, o.dtype));
    try {
      const zero = outs[2] ?? this.#stats;
      this.#fn(call).call(
        dw,
        outs[0],
        outs[1],
        zero,
        this.#stats,
        call.group,
        call.perTensor ? 1 : 0,
        call.mode,
        call.qmin,
        call.qmax,
        call.epsLog2,
      );
      const tensors: Record<string, HostTensor> = {};
      call.outputs.forEach((o, i) => {
        const host = outs[i].toHost();
        tensors[o.name] = { dtype: o.dtype, shape: [...o.shape], data: new Uint8Array(host.bytes()) };
      });
      return { tensors, attributes: attributesOf(fmt, call, w) } as QuantizedWeight;
    } finally {
      for (const o of outs) o.dispose();
    }
  }
}

/** The CUDA quantizer; throws with what to do when no GPU or no module is available. */
export async function createCudaQuantizer(options: CudaQuantizerOptions = {}): Promise<CudaQuantizer> {
  if (!cuda.isAvailable()) {
    throw new Error(
      '--device cuda: no CUDA device is available here (build with --device cpu, or run on a GPU machine)',
    );
  }
  const path =
    options.modulePath ?? process.env.QUANTFORGE_QUANTIZE_CUDA_MODULE ?? (await compileQuantizeModule()).path;
  const note = options.note ?? ((m: string) => process.stderr.write(`${m}\n`));
  return new KernelQuantizer(loadModule(path), note, {
    scalarDivision: options.scalarDivision ?? 'cuda',
    unverified: options.unverified ?? false,
  });
}
