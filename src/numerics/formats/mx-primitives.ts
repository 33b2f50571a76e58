// MXTensor.to_mx / to_dtype on a [rows, cols] view (torchao-semantics.md §3.11): per block of
// `blockSize` elements along the last dim, an e8m0 scale byte (mx-scale.ts) and element codes.
//
// Codes: fp8 elements are fp8 bytes; fp6/fp4 elements are one code per byte (low bits), fp4
// not yet packed. Element scaling is `fp32(x) * 2^(127 - byte)`; e5m2 is clamped to ±max in
// FLOOR/CEIL/EVEN modes (e4m3's cast saturates by itself, fp6/fp4 encoders saturate).
// A NaN element (from a NaN scale) encodes as NaN for fp8 and, for fp6/fp4 which have no NaN,
// as the code torchao's bit arithmetic gives NaN (floatxCodeOfNaN: 0x3 for fp4).
import type { FloatDType, MXElement, MXScalingMode } from '../../ir/format.js';
import { FLOAT8_E4M3FN, FLOAT8_E5M2 } from '../elements/float8.js';
import { floatxCodeOfNaN, FP4_E2M1, FP6_E2M3, FP6_E3M2 } from '../elements/floatx.js';
import type { MiniFloatCodec } from '../elements/minifloat.js';
import { E8M0_TABLE } from '../elements/e8m0.js';
import { MX_ELEMENTS, mxInverseScale, mxScaleByte } from './mx-scale.js';
import { roundTo } from './float-values.js';

export function mxCodec(element: MXElement): MiniFloatCodec {
  switch (element) {
    case 'float8_e4m3fn': return FLOAT8_E4M3FN;
    case 'float8_e5m2': return FLOAT8_E5M2;
    case 'fp6_e2m3': return FP6_E2M3;
    case 'fp6_e3m2': return FP6_E3M2;
    case 'fp4_e2m1': return FP4_E2M1;
  }
}

export interface MXBlocks {
  /** one code per element, row-major [rows, cols] */
  codes: Uint8Array;
  /** e8m0 bytes, row-major [rows, cols / blockSize] */
  scales: Uint8Array;
}

export function toMx(x: Float32Array, cols: number, element: MXElement, blockSize: number, mode: MXScalingMode): MXBlocks {
  if (cols % blockSize !== 0) {
    throw new Error(`MX: the last dimension ${cols} must be divisible by block_size ${blockSize}`);
  }
  const codec = mxCodec(element);
  const max = MX_ELEMENTS[element].maxPos;
  const clamp = element === 'float8_e5m2' && mode !== 'RCEIL';
  const nanCode = codec.format.nanCode !== null ? codec.encode(NaN) : floatxCodeOfNaN(codec);
  const nBlocks = x.length / blockSize;
  const codes = new Uint8Array(x.length);
  const scales = new Uint8Array(nBlocks);
  for (let blk = 0; blk < nBlocks; blk++) {
    const start = blk * blockSize;
    let amax = 0;
    for (let i = start; i < start + blockSize; i++) {
      const a = Math.abs(x[i]);
      if (a > amax || a !== a) amax = a;
    }
    const byte = mxScaleByte(amax, element, mode);
    scales[blk] = byte;
    const inv = mxInverseScale(byte);
    for (let i = start; i < start + blockSize; i++) {
      let v = Math.fround(x[i] * inv);
      if (v !== v) {
        codes[i] = nanCode;
        continue;
      }
      if (clamp) v = v > max ? max : v < -max ? -max : v;
      codes[i] = codec.encode(v);
    }
  }
  return { codes, scales };
}

/** MXTensor.to_dtype: element value (in T) times 2^(byte - 127) (in T), rounded to T. */
export function fromMx(blocks: MXBlocks, element: MXElement, blockSize: number, outDtype: FloatDType): Float32Array {
  const table = mxCodec(element).table;
  const out = new Float32Array(blocks.codes.length);
  for (let i = 0; i < out.length; i++) {
    const s = roundTo(E8M0_TABLE[blocks.scales[Math.floor(i / blockSize)]], outDtype);
    out[i] = roundTo(roundTo(table[blocks.codes[i]], outDtype) * s, outDtype);
  }
  return out;
}
