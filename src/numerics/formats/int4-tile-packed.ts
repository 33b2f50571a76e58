// Int4TilePackedTo4dTensor (tinygemm; torchao int4_tile_packed_to_4d_tensor.py; spec §3.6.2).
//
// bf16 weight [N, K] zero-padded to [N_pad, K_pad] (N to a multiple of ntile, K of 1024);
// uint4 values by the tinygemm affine variant or HQQ (CPU solver); scale/zero bf16
// [N_pad, K_pad/g]; bytes (even element in the HIGH nibble); the CUDA-only
// aten._convert_weight_to_int4pack layout (tile-packing.ts) gives qdata int32
// [N_pad/8, K_pad/128, 32, 4]; scale_and_zero = stack(scale, zero) as [K_pad/g, N_pad, 2].
// `tilePackedStages` exposes every intermediate tensor golden `*_stage__*` cases hold.
import type { FloatDType, FormatSpec, WeightFormat } from '../../ir/format.js';
import { rounder } from '../affine/arith.js';
import { hqqInt4 } from '../affine/hqq.js';
import { chooseQParamsTinygemm, dequantizeTinygemm, quantizeTinygemm } from '../affine/tinygemm.js';
import { fromFloat64, toFloat32, toFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutOps, QuantizeOptions } from '../index.js';
import { addBiasRounded, inner, rowsOf } from './common.js';
import { matmulNT } from './matmul.js';
import { packNibbles } from './nibbles.js';
import { packInt4To4d, unpackInt4From4d } from './tile-packing.js';

type TilePacked = Extract<WeightFormat, { layout: 'int4_tile_packed_to_4d' }>;

/** Where torchao ran: HQQ's solver is float32 on CPU, float16 on CUDA (and see divScalar). */
export type HqqDevice = 'cpu' | 'cuda';

export interface TilePackedStages {
  padded_weight: HostTensor;
  int_data: HostTensor;
  nibble_packed_u8: HostTensor;
  scale: HostTensor;
  zero_point: HostTensor;
  scale_and_zero: HostTensor;
  dequantized_padded_weight: HostTensor;
  qdata: HostTensor;
}

function roundUp(v: number, m: number): number {
  return Math.ceil(v / m) * m;
}

/** The padded weight, its uint4 values and bf16 group scale/zero ([N_pad, K_pad/g] row-major). */
interface Core {
  padded: Float32Array;
  q: Int32Array;
  scale: Float64Array;
  zero: Float64Array;
  bytes: Uint8Array;
  Np: number;
  Kp: number;
}

function quantizeCore(fmt: TilePacked, w: HostTensor, device: HqqDevice): Core {
  if (w.dtype !== 'bfloat16') throw new Error(`Only bfloat16 is supported for Int4TilePackedTo4dTensor, got ${w.dtype}`);
  if (w.shape.length !== 2) throw new Error(`int4 tile_packed_to_4d: weight must be 2-d, got [${w.shape.join(', ')}]`);
  const [N, K] = w.shape;
  const g = fmt.groupSize;
  const Np = roundUp(N, fmt.ntile);
  const Kp = roundUp(K, 1024);
  if (Kp % g !== 0) throw new Error(`int4 tile_packed_to_4d: group size ${g} does not divide the padded K ${Kp}`);
  const src = toFloat32(w);
  const padded = new Float32Array(Np * Kp);
  for (let n = 0; n < N; n++) padded.set(src.subarray(n * K, (n + 1) * K), n * Kp);
  if (fmt.qparams === 'hqq') {
    const { q, scale, zero } = hqqInt4(padded, g, device === 'cuda' ? 'float16' : 'float32');
    const B = rounder('bfloat16');
    return { padded, q, scale: scale.map(B), zero: zero.map(B), bytes: packNibbles(q, 'even-high'), Np, Kp };
  }
  const eps = fmt.qparams === 'tinygemm_v1' ? 1e-6 : undefined; // version 1 clamped at 1e-6
  const { scale, zero } = chooseQParamsTinygemm(padded, 'bfloat16', g, 0, 15, device, eps);
  const q = quantizeTinygemm(padded, 'bfloat16', { scale, zero }, g, 0, 15);
  return { padded, q, scale, zero, bytes: packNibbles(q, 'even-high'), Np, Kp };
}

/** pack_tinygemm_scales_and_zeros: stack(scale, zero) transposed to [K_pad/g, N_pad, 2], bf16. */
function scaleAndZero(c: Core, groups: number): HostTensor {
  const sz = new Float64Array(groups * c.Np * 2);
  for (let n = 0; n < c.Np; n++) {
    for (let j = 0; j < groups; j++) {
      sz[(j * c.Np + n) * 2] = c.scale[n * groups + j];
      sz[(j * c.Np + n) * 2 + 1] = c.zero[n * groups + j];
    }
  }
  return fromFloat64(sz, 'bfloat16', [groups, c.Np, 2]);
}

export function tilePackedStages(fmt: TilePacked, w: HostTensor, hqqDevice: HqqDevice = 'cpu'): TilePackedStages {
  const c = quantizeCore(fmt, w, hqqDevice);
  const { Np, Kp, q, scale, zero } = c;
  const g = fmt.groupSize;
  const groups = Kp / g;
  return {
    padded_weight: fromFloat64(c.padded, 'bfloat16', [Np, Kp]),
    int_data: { dtype: 'int32', shape: [Np, Kp], data: new Uint8Array(q.buffer) },
    nibble_packed_u8: { dtype: 'uint8', shape: [Np, Kp / 2], data: c.bytes },
    scale: fromFloat64(scale, 'bfloat16', [Np, groups]),
    zero_point: fromFloat64(zero, 'bfloat16', [Np, groups]),
    scale_and_zero: scaleAndZero(c, groups),
    dequantized_padded_weight: fromFloat64(dequantizeTinygemm(q, 'bfloat16', { scale, zero }, g, 0, 15), 'bfloat16', [Np, Kp]),
    qdata: packInt4To4d(c.bytes, Np, Kp),
  };
}

function quantize(fmt: TilePacked, w: HostTensor, options: QuantizeOptions = {}): QuantizedWeight {
  const c = quantizeCore(fmt, w, options.device ?? 'cpu');
  return {
    tensors: { qdata: packInt4To4d(c.bytes, c.Np, c.Kp), scale_and_zero: scaleAndZero(c, c.Kp / fmt.groupSize) },
    attributes: { block_size: [1, fmt.groupSize], shape: [...w.shape] },
  };
}

/** uint4 values [N_pad, K_pad] and per-element scale/zero, read back from the stored form. */
function unpack(fmt: TilePacked, q: QuantizedWeight): { u: Uint8Array; scale: Float64Array; zero: Float64Array; Np: number; Kp: number } {
  const qdata = inner(q, 'qdata');
  const [groups, Np] = inner(q, 'scale_and_zero').shape;
  const Kp = qdata.shape[1] * 128;
  const sz = toFloat64(inner(q, 'scale_and_zero'));
  const scale = new Float64Array(Np * groups);
  const zero = new Float64Array(Np * groups);
  for (let j = 0; j < groups; j++) {
    for (let n = 0; n < Np; n++) {
      scale[n * groups + j] = sz[(j * Np + n) * 2];
      zero[n * groups + j] = sz[(j * Np + n) * 2 + 1];
    }
  }
  if (Kp / groups !== fmt.groupSize) throw new Error(`int4 tile_packed_to_4d: scale_and_zero has ${groups} groups for K_pad ${Kp}`);
  return { u: unpackInt4From4d(qdata, Np, Kp), scale, zero, Np, Kp };
}

/** _dequantize_affine_tinygemm of the stored weight, cut back to the original [N, K]. */
function dequantize(fmt: TilePacked, q: QuantizedWeight, outDtype: FloatDType): HostTensor {
  const { u, scale, zero, Kp } = unpack(fmt, q);
  const [N, K] = q.attributes.shape as number[];
  const full = dequantizeTinygemm(u, 'bfloat16', { scale, zero }, fmt.groupSize, 0, 15);
  const out = new Float64Array(N * K);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) out[n * K + k] = full[n * Kp + k];
  return fromFloat64(out, outDtype, [N, K]);
}

/**
 * aten._weight_int4pack_mm: each weight element is one bf16 FMA (u - 8) * scale + zero, the
 * products accumulate in fp32 (float64 here), the output is bf16; then + bias in bf16 and a
 * cast to x's dtype. Padding adds only zero columns, so K_pad does not change the sum.
 */
function linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  const fmt = spec.weight as TilePacked;
  const { u, scale, zero, Kp } = unpack(fmt, q);
  const [N, K] = q.attributes.shape as number[];
  const B = rounder('bfloat16');
  const w = new Float64Array(N * K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const gi = n * (Kp / fmt.groupSize) + Math.floor(k / fmt.groupSize);
      w[n * K + k] = B((u[n * Kp + k] - 8) * scale[gi] + zero[gi]);
    }
  }
  const M = rowsOf(x, K, 'int4 tinygemm linear');
  const xb = toFloat64(x).map(B);
  const y = matmulNT(xb, w, M, N, K);
  addBiasRounded(y, N, bias, 'bfloat16');
  return fromFloat64(y, x.dtype as FloatDType, [...x.shape.slice(0, -1), N]);
}

export const int4TilePackedOps: LayoutOps<'int4_tile_packed_to_4d'> = { quantize, dequantize, linear };
