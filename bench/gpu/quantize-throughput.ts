// Throughput of the CUDA weight quantization kernels on one GPU: for each layout, a [N, K]
// bf16 weight (default 14336 x 4096, Llama-3-8B's MLP) already on the device is quantized
// `reps` times back to back; GB/s counts the bf16 input bytes once per pass. The end-to-end
// figure also times the build path (upload, quantize, download) through the CUDA quantizer.
// Used by test/build/quantize-cuda.gpu.test.ts, which prints the table and saves it as JSON.
import type { FormatSpec } from '../../src/ir/format.js';
import { cuda, DeviceTensor, Tensor, type Module } from '../../runtime/src/index.js';
import { planCudaQuantize } from '../../codegen/cuda/quantize/plan.js';
import { quantizeFunctionName } from '../../codegen/cuda/quantize/emit.js';
import type { HostTensor } from '../../src/numerics/host-tensor.js';
import type { Quantizer } from '../../src/build/quantizer.js';

export interface ThroughputRow {
  layout: string;
  shape: [number, number];
  /** Mean over `reps` back-to-back launches (wall clock to the final synchronize). */
  microseconds: number;
  /**
   * Host time per call to enqueue (Node -> TVM-FFI -> launch), before the synchronize: when it
   * approaches `microseconds` the figure is launch-bound and the kernel is faster than shown.
   */
  callMicroseconds: number;
  gbPerSecond: number;
  /** 7.5e9 bf16 parameters (Llama-3-8B's linears) at this rate, kernel only. */
  llama3_8bSeconds: number;
  /** One quantize through the build path: upload + kernel + download + host copies. */
  endToEndMs: number;
}

export const LLAMA3_8B_LINEAR_PARAMS = 7.5e9;

export function measureThroughput(
  mod: Module,
  quantizer: Quantizer,
  name: string,
  spec: FormatSpec,
  w: HostTensor,
  reps = 50,
): ThroughputRow {
  const plan = planCudaQuantize(spec.weight, w.shape, w.dtype);
  if (!plan.ok) throw new Error(`${name}: ${plan.reason}`);
  const call = plan.call;
  const fn = mod.fn(quantizeFunctionName(call.entry));
  using dw = DeviceTensor.fromHost(Tensor.fromBuffer(w.data, { dtype: w.dtype, shape: call.view }));
  using stats = DeviceTensor.empty([4], 'int32');
  const outs = call.outputs.map((o) => DeviceTensor.empty(o.shape, o.dtype));
  const launch = (): void => {
    fn.call(
      dw,
      outs[0],
      outs[1],
      outs[2] ?? stats,
      stats,
      call.group,
      call.perTensor ? 1 : 0,
      call.mode,
      call.qmin,
      call.qmax,
      call.epsLog2,
    );
  };
  try {
    for (let i = 0; i < 5; i++) launch();
    cuda.synchronize();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) launch();
    const enqueued = performance.now();
    cuda.synchronize();
    const seconds = (performance.now() - t0) / 1000 / reps;
    const callMicroseconds = Math.round((((enqueued - t0) * 1000) / reps) * 10) / 10;
    const t1 = performance.now();
    quantizer.quantize(spec, w);
    const endToEndMs = performance.now() - t1;
    const bytes = w.data.byteLength;
    const rate = bytes / seconds / 1e9;
    return {
      layout: name,
      shape: [w.shape[0], w.shape[1]],
      microseconds: Math.round(seconds * 1e7) / 10,
      callMicroseconds,
      gbPerSecond: Math.round(rate),
      llama3_8bSeconds:
        Math.round(((LLAMA3_8B_LINEAR_PARAMS * bytes) / (w.shape[0] * w.shape[1]) / (rate * 1e9)) * 1000) / 1000,
      endToEndMs: Math.round(endToEndMs * 10) / 10,
    };
  } finally {
    for (const o of outs) o.dispose();
  }
}
