// The `--device cpu` quantizer when the build compiled CPU kernels: each weight goes through
// the bundle's own `quantize_weight` kernel (codegen/cpu, bit-exact with the oracle), called
// synchronously on the weight's bytes. Formats or dtypes without a compiled quantize kernel
// go to the oracle; each distinct reason is reported once through `note`.
import type { FloatDType, FormatSpec } from '../ir/format.js';
import { kernelKey, kernelName, weightInnerNames, weightInnerShapes, type KernelSpec } from '../ir/kernel-spec.js';
import { dequantizeWeight, quantizeWeight, supportsFormat } from '../numerics/index.js';
import type { HostTensor, QuantizedWeight } from '../numerics/host-tensor.js';
import { attributesOf } from '../numerics/golden/backend-cpu.js';
import { compileCpuKernels } from '../../codegen/cpu/compile.js';
import { loadModule, Tensor, type DType as RtDType, type Module } from '../../runtime/src/index.js';
import type { BuiltKernels } from './kernels.js';
import type { Quantizer } from './quantizer.js';

const BYTES: Record<string, number> = { float32: 4, bfloat16: 2, float16: 2 };

const view = (t: HostTensor): Tensor => Tensor.fromBuffer(t.data, { dtype: t.dtype as RtDType, shape: t.shape });

class CpuKernelQuantizer implements Quantizer {
  readonly name = 'kernels:cpu';
  readonly #byKey = new Map<string, string>();
  readonly #noted = new Set<string>();

  constructor(
    private readonly module: Module,
    specs: KernelSpec[],
    private readonly note: (m: string) => void,
  ) {
    for (const s of specs)
      if (s.op === 'quantize_weight') this.#byKey.set(kernelKey({ ...s, tile: { rows: 0, tokens: 0 } }), kernelName(s));
  }

  unsupported(spec: FormatSpec): string | null {
    return supportsFormat(spec); // what the kernels miss falls back to the oracle
  }

  quantize(spec: FormatSpec, w: HostTensor): QuantizedWeight {
    const name = this.#byKey.get(
      kernelKey({
        op: 'quantize_weight',
        format: spec,
        target: 'cpu',
        shapeClass: { dtype: w.dtype as FloatDType },
        tile: { rows: 0, tokens: 0 },
      }),
    );
    if (!name || w.shape.length !== 2 || BYTES[w.dtype] === undefined) {
      const why = `no compiled quantize_weight for ${spec.weight.layout} ${w.dtype} [${w.shape.join(', ')}]`;
      if (!this.#noted.has(why)) {
        this.#noted.add(why);
        this.note(`quantize --device cpu: ${why}; using the oracle for these weights`);
      }
      return quantizeWeight(spec, w);
    }
    const [N, K] = w.shape;
    const shapes = weightInnerShapes(spec, w.dtype as FloatDType, N, K);
    const outs: HostTensor[] = shapes.map((s) => ({
      dtype: s.dtype,
      shape: s.shape,
      data: new Uint8Array(s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'float32' || s.dtype === 'int32' ? 4 : (BYTES[s.dtype] ?? 1))),
    }));
    // optional inner tensors the format does not have (nvfp4 without P) keep their slot, empty
    const empty: HostTensor = { dtype: 'float32', shape: [0], data: new Uint8Array(0) };
    const slots = weightInnerNames(spec).map((n) => outs[shapes.findIndex((s) => s.name === n)] ?? empty);
    this.module.fn(name).call(view(w), ...slots.map(view));
    const tensors: Record<string, HostTensor> = {};
    shapes.forEach((s, i) => (tensors[s.name] = outs[i]));
    return { tensors, attributes: attributesOf(spec, w.dtype as FloatDType, N, K) };
  }

  dequantize(spec: FormatSpec, q: QuantizedWeight, dtype: FloatDType): HostTensor {
    return dequantizeWeight(spec, q, dtype);
  }
}

/** The compiled CPU quantizer of a build, or null when the build has no CPU kernels. */
export async function createCpuQuantizer(
  built: BuiltKernels,
  note: (m: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<Quantizer | null> {
  const entry = built.kernels.find((k) => k.target === 'cpu');
  if (!entry) return null;
  const specs = entry.specs as unknown as KernelSpec[];
  if (!specs.some((s) => s.op === 'quantize_weight')) return null;
  // the same specs compile to the same cached module the bundle copied
  const compiled = await compileCpuKernels(specs, 'qf_cpu');
  return new CpuKernelQuantizer(loadModule(compiled.path), specs, note);
}
