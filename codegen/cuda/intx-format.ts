// IntxUnpackedToInt8Tensor weights (IntxWeightOnlyConfig) on CUDA: which policy of
// include/qf/intx_formats.cuh serves a FormatSpec, and how its int8 qdata is repacked.
// int1..int4 become offset-binary nibbles in the int4 qf tile (half the bytes of int8 storage);
// int5..int8 keep their bytes in the 8-bit qf tile. Scales keep torchao's dtype and [N, K/G]
// layout, zero points their int8 [N, K/G]: the kernels read them as stored.
import type { WeightFormat } from '../../src/ir/format.js';
import type { CudaSupport } from './formats.js';

type IntxWeight = Extract<WeightFormat, { layout: 'intx_unpacked_to_int8' }>;

const SCALE_TYPE = { bfloat16: '__nv_bfloat16', float16: '__half', float32: 'float' } as const;
const SCALE_TAG = { bfloat16: '', float16: '_sf16', float32: '_sf32' } as const;

/** Group size a policy takes (0 = per channel), or why the granularity has no kernel. */
function groupOf(w: IntxWeight, perLane: number): number | string {
  const g = w.granularity;
  if (g.kind === 'PerAxis' && g.axis === 0) return 0;
  if (g.kind !== 'PerGroup') return `intx granularity ${g.kind} (PerAxis(0) or PerGroup only)`;
  const G = g.groupSize;
  if (G % perLane === 0 || (G % 4 === 0 && perLane % G === 0)) return G;
  return `intx group size ${G} is neither a multiple of ${perLane} nor a multiple of 4 dividing it`;
}

/**
 * The CUDA linear of an intx weight-only format. `scaleDtype` null is the weight's dtype, which
 * for the CUDA kernels (bf16 activations) is bfloat16.
 */
export function intxWeight(w: IntxWeight): CudaSupport {
  const m = /^int([1-8])$/.exec(w.element);
  if (!m) return { ok: false, reason: `intx element ${w.element} has no CUDA kernel (signed int1..int8)` };
  const bits = Number(m[1]);
  const nibbles = bits <= 4;
  const G = groupOf(w, nibbles ? 32 : 16);
  if (typeof G === 'string') return { ok: false, reason: G };
  const scale = w.scaleDtype ?? 'bfloat16';
  const policy = `qf::${nibbles ? 'IntxNibbles' : 'IntxBytes'}<${G}, ${SCALE_TYPE[scale]}>`;
  return {
    ok: true,
    format: {
      kind: 'weight_only',
      policy,
      chunkK: nibbles ? 128 : 64,
      inner: ['scale', 'zero_point'],
      args: `qf::intx_args<${SCALE_TYPE[scale]}, ${G}>(scale, zero_point, N, K)`,
      repack: nibbles ? 'intx_nibbles' : 'bytes8',
      tag: `intx${nibbles ? 'n' : 'b'}_${G === 0 ? 'ch' : `g${G}`}${SCALE_TAG[scale]}`,
    },
  };
}

/**
 * Int8WeightOnlyConfig PerGroup(G): torchao's Int8Tensor dequantizes it exactly like an int8
 * intx weight with fp32 scales (q - zp, times the fp32 scale, rounded to bf16), so it runs on
 * the intx byte policy, whose magic-number decode is faster than an I2F per value (NOTES.md).
 */
export function int8PerGroup(groupSize: number): CudaSupport {
  const f = intxWeight({
    layout: 'intx_unpacked_to_int8',
    element: 'int8',
    granularity: { kind: 'PerGroup', groupSize },
    mapping: 'SYMMETRIC',
    scaleDtype: 'float32',
    algorithm: 'affine',
  });
  return f.ok && f.format.kind === 'weight_only' ? { ok: true, format: { ...f.format, tag: `int8_g${groupSize}` } } : f;
}
