// Golden primitive cases (prim__*): torchao's building blocks called directly. Each handler
// recomputes every tensor of its case with the oracle's primitives and compares bit for bit.
// Keys are case-id prefixes; the float half adds its primitives (float8 casts, fp4/fp6
// codecs, e8m0 modes, swizzles) with one line each.
import type { FloatDType, MappingType } from '../../ir/format.js';
import { makeBlocks } from '../affine/blocks.js';
import { hqqScaleOnly } from '../affine/hqq-scale-only.js';
import { chooseQParamsAffine } from '../affine/qparams.js';
import { dequantizeAffine, quantizeAffine } from '../affine/quantize.js';
import { chooseQParamsTinygemm, dequantizeTinygemm, quantizeTinygemm } from '../affine/tinygemm.js';
import { fromFloat64, toFloat64 } from '../host-codec.js';
import { packNibbles, unpackNibbles } from '../formats/nibbles.js';
import type { GoldenCase } from './case.js';
import { e8m0ScaleModes, float8CastSweep, fp4Fp6Codec, scaleSwizzle } from './float-primitives.js';
import { type Check, compareExact } from './compare.js';

export type PrimitiveHandler = (c: GoldenCase) => Check[];

interface SweepEntry {
  tag: string;
  input: string;
  mapping_type: MappingType;
  quant_min: number;
  quant_max: number;
  block_size: number[];
}

/** choose_qparams_affine / quantize_affine / dequantize_affine for every listed entry. */
function affineSweep(c: GoldenCase): Check[] {
  return (c.manifest.entries as unknown as SweepEntry[]).flatMap((e) => {
    const x = c.tensor(e.input);
    const dtype = x.dtype as FloatDType;
    const xv = toFloat64(x);
    const blocks = makeBlocks(x.shape, e.block_size);
    const qp = chooseQParamsAffine(xv, dtype, blocks, { mapping: e.mapping_type, qmin: e.quant_min, qmax: e.quant_max });
    const params = { blocks, ...qp, qmin: e.quant_min, qmax: e.quant_max };
    const q = quantizeAffine(xv, dtype, params);
    const ours = {
      scale: fromFloat64(qp.scale, dtype, blocks.scaleShape),
      zero_point: fromFloat64(qp.zeroPoint, 'int32', blocks.scaleShape),
      q: fromFloat64(q, 'int32', x.shape),
      dq: fromFloat64(dequantizeAffine(q, dtype, params), dtype, x.shape),
    };
    return Object.entries(ours).map(([k, t]) => compareExact(`${e.tag}.${k}`, t, c.tensor(`${e.tag}.${k}`)));
  });
}

function packOrders(c: GoldenCase): Check[] {
  const codes = c.tensor('codes');
  const signed = c.tensor('int4_signed');
  const half = [codes.shape[0], codes.shape[1] / 2];
  const mx = { dtype: 'uint8' as const, shape: half, data: packNibbles(codes.data, 'even-low') };
  return [
    compareExact('mx_pack_uint4', mx, c.tensor('mx_pack_uint4')),
    compareExact('mx_unpack_uint4', { dtype: 'uint8', shape: codes.shape, data: unpackNibbles(mx.data, 'even-low') }, c.tensor('mx_unpack_uint4')),
    compareExact('tinygemm_prepack', { dtype: 'uint8', shape: half, data: packNibbles(codes.data, 'even-high') }, c.tensor('tinygemm_prepack')),
    compareExact('mslk_pack_int4', { dtype: 'int8', shape: half, data: packNibbles(new Int8Array(signed.data.buffer, signed.data.byteOffset, signed.data.length), 'even-low') }, c.tensor('mslk_pack_int4')),
  ];
}

function hqqScaleOnlyCase(c: GoldenCase): Check[] {
  const w = c.tensor('w');
  const wv = toFloat64(w);
  return Object.keys(c.manifest.tensors ?? {}).flatMap((name) => {
    const m = /^q\.(-?\d+)_(\d+)\.g(\d+)$/.exec(name);
    if (!m) return [];
    const [qmin, qmax, g] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const r = hqqScaleOnly(wv, g, qmin, qmax);
    const scaleName = `scale.${qmin}_${qmax}.g${g}`;
    return [
      compareExact(name, fromFloat64(r.q, 'int32', w.shape), c.tensor(name)),
      compareExact(scaleName, fromFloat64(r.scale, w.dtype, c.tensor(scaleName).shape), c.tensor(scaleName)),
    ];
  });
}

function tinygemmAffine(c: GoldenCase): Check[] {
  return Object.keys(c.manifest.tensors ?? {}).flatMap((name) => {
    const m = /^(\w+)\.g(\d+)\.scale$/.exec(name);
    if (!m) return [];
    const [dtype, g] = [m[1] as FloatDType, Number(m[2])];
    const w = c.tensor(`w.${dtype}`);
    const wv = toFloat64(w);
    const p = chooseQParamsTinygemm(wv, dtype, g, 0, 15);
    const q = quantizeTinygemm(wv, dtype, p, g, 0, 15);
    const at = (k: string) => c.tensor(`${dtype}.g${g}.${k}`);
    return [
      compareExact(`${dtype}.g${g}.scale`, fromFloat64(p.scale, dtype, at('scale').shape), at('scale')),
      compareExact(`${dtype}.g${g}.zero`, fromFloat64(p.zero, dtype, at('zero').shape), at('zero')),
      compareExact(`${dtype}.g${g}.q`, fromFloat64(q, 'int32', w.shape), at('q')),
      compareExact(`${dtype}.g${g}.dq`, fromFloat64(dequantizeTinygemm(q, dtype, p, g, 0, 15), dtype, w.shape), at('dq')),
    ];
  });
}

export const PRIMITIVES: Record<string, PrimitiveHandler> = {
  prim__affine_qparams_sweep: affineSweep,
  prim__pack_uint4_orders: packOrders,
  prim__hqq_scale_only: hqqScaleOnlyCase,
  prim__tinygemm_affine: tinygemmAffine,
  prim__float8_cast_sweep: float8CastSweep,
  prim__fp4_fp6_codec: fp4Fp6Codec,
  prim__e8m0_scale_modes: e8m0ScaleModes,
  prim__scale_swizzle_to_blocked: scaleSwizzle,
};

export function primitiveHandler(caseId: string): PrimitiveHandler | null {
  const key = Object.keys(PRIMITIVES).find((k) => caseId === k || caseId.startsWith(`${k}__`));
  return key ? PRIMITIVES[key] : null;
}
