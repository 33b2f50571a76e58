// Which golden cases the `cuda` backend can run, and which kernels it asks for. The CUDA linear
// kernels take bfloat16 x, y and scales of a bfloat16 model, and 2-D [N, K] weights whose N and
// K are multiples of the kernel's tile; a case outside that is skipped with the reason, never
// failed. The multiples repeat the kernels' own argument checks (the `need N % a == 0 and
// K % b == 0` messages in codegen/cuda/include/qf/*.cuh; test/numerics/golden/backend-cuda-fit
// .test.ts reads them back), so a case is skipped here exactly when the kernel would refuse it.
import { cudaLinearFormat, type CudaKernelFormat } from '../../../codegen/cuda/formats.js';
import type { FormatSpec } from '../../ir/format.js';

/** N and K must be multiples of these for the kernel (its C++ check says the same). */
export function cudaTileMultiples(f: CudaKernelFormat): { n: number; k: number; source: string } {
  switch (f.kind) {
    case 'weight_only':
    case 'fake_quant_weight_only':
    case 'block':
      // the qf tile layout: 8 rows by chunkK (CudaQuantizedLinear and format_args.cuh / intx_args.cuh)
      return { n: 8, k: f.chunkK, source: `the ${f.tag} tile (8 rows x ${f.chunkK} K)` };
    case 'dynamic_fp8':
      return { n: 16, k: 64, source: 'float8 dynamic kernels (dynamic_fp8_op.cuh)' };
    case 'dynamic_int8':
      return { n: 16, k: 64, source: 'int8 dynamic kernels (dynamic_int8_op.cuh)' };
    case 'blockwise_fp8':
      return { n: 128, k: 128, source: 'blockwise float8 kernels (blockwise_fp8_op.cuh)' };
    case 'sparse_fp8':
      return { n: 32, k: 64, source: '2:4 sparse float8 kernels (sparse_fp8_op.cuh)' };
  }
}

/** The weight of a case as its manifest describes it. */
export interface CaseWeight {
  dtype: string;
  shape: readonly number[];
}

/** Null when the cuda backend runs this weight; else why not, naming the constraint and the case's value. */
export function cudaUnfit(spec: FormatSpec, w: CaseWeight): string | null {
  const f = cudaLinearFormat(spec);
  if (!f.ok) return f.reason;
  if (w.dtype !== 'bfloat16') {
    return `the CUDA kernels take and write bfloat16 (x, y, scales, dequantized weight); this case's weight is ${w.dtype}`;
  }
  if (w.shape.length !== 2) {
    return `the CUDA kernels are 2-D linears; this weight is [${w.shape.join(', ')}] (conv2d: --backend cpu or ref checks it)`;
  }
  const [N, K] = w.shape;
  const t = cudaTileMultiples(f.format);
  if (N % t.n !== 0 || K % t.k !== 0) {
    return `${t.source} need N % ${t.n} == 0 and K % ${t.k} == 0; this case is N=${N} K=${K}`;
  }
  return null;
}

/** The weight-only view of a dynamic format: its weight dequantizes like a weight-only one. */
export const weightOnlyView = (spec: FormatSpec): FormatSpec =>
  spec.activation === null
    ? spec
    : { weight: spec.weight, activation: null, linear: { kind: 'dequantize_then_matmul' } };

/**
 * torchao's Int8Tensor.dequantize with a zero point, bf16(fp32((q - zp) * scale)): the int8
 * intx kernel per channel with fp32 scales (IntxBytes<0, float>, intx_formats.cuh), whose
 * decode is exactly that. The int8 weight-only kernels ignore zero_point (every Int8Tensor
 * weight is symmetric); an asymmetric int8 activation's is not zero.
 */
export const INT8_ZERO_POINT_DEQUANT: FormatSpec = {
  weight: {
    layout: 'intx_unpacked_to_int8',
    element: 'int8',
    granularity: { kind: 'PerAxis', axis: 0 },
    mapping: 'ASYMMETRIC',
    scaleDtype: 'float32',
    algorithm: 'affine',
  },
  activation: null,
  linear: { kind: 'dequantize_then_matmul' },
};

const asymmetricInt8 = (spec: FormatSpec): boolean =>
  spec.activation?.kind === 'int8' && spec.activation.mapping === 'ASYMMETRIC' && spec.weight.layout === 'int8';

/**
 * The spec whose kernel dequantizes an int8 tensor of `spec` (the cuda backend's
 * dequantizeWeight): its weight-only view, except where the spec's int8 activation is
 * asymmetric. config-case.ts dequantizes that activation (`act0.dequantized`) with the spec
 * itself (its weight replaced by the activation's granularity), so both the weight and the
 * activation of such a spec go to the zero-point kernel (the same values for the weight,
 * whose zero point is 0).
 */
export const cudaDequantSpec = (spec: FormatSpec): FormatSpec =>
  asymmetricInt8(spec) ? INT8_ZERO_POINT_DEQUANT : weightOnlyView(spec);

/**
 * An int8 activation dequantizes exactly like an int8 weight of its granularity (config-case.ts
 * checks `act0.dequantized` that way): the weight-only spec whose kernel does it (with the zero
 * point where the activation is asymmetric).
 */
export function int8ActivationAsWeight(spec: FormatSpec): FormatSpec | null {
  const a = spec.activation;
  if (a?.kind !== 'int8') return null;
  return cudaDequantSpec({ ...spec, weight: { layout: 'int8', granularity: a.granularity, reduceRange: a.reduceRange } });
}

/**
 * Every spec the cuda backend compiles or looks up a kernel for while it runs a case of `spec`:
 * the linear (and activation pass) of the spec itself, the weight-only kernel that dequantizes
 * its weight (cudaDequantSpec), and for int8 activations the kernel that dequantizes x.
 * bench/gpu/build-golden-modules.ts builds exactly these.
 */
export function cudaKernelSpecsFor(spec: FormatSpec): FormatSpec[] {
  const wanted = [spec, cudaDequantSpec(spec), int8ActivationAsWeight(spec)].filter((s): s is FormatSpec => s !== null);
  return wanted.filter((s) => cudaLinearFormat(s).ok);
}
