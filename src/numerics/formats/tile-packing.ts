// aten._convert_weight_to_int4pack(bytes [N, K/2] uint8, innerKTiles = 8) on NVIDIA GPUs
// (pytorch int4mm.cu::matrix_to_m16n8k16_Bint4_layout; spec §3.6.2): int32 words
// [N/8, K/128, 32, 4]. For n-tile nt, k-tile kt (128 columns), lane t and word i:
// row n = 8 nt + t/4; with kb = (8 kt + 2 i) * 8 (bytes of inner k-tiles 2i, 2i+1) the word
// takes bytes v0 = b[kb + t%4], v1 = b[kb + t%4 + 4], v2 = b[kb + 8 + t%4], v3 = b[kb + 12 + t%4]
// of that row: low nibbles of v3..v0 in bits 28..16, high nibbles of v3..v0 in bits 12..0.
import type { HostTensor } from '../host-tensor.js';

const WORD_SHIFTS = [
  [16, 0], // v0: low nibble -> bits 16..19, high nibble -> bits 0..3
  [20, 4],
  [24, 8],
  [28, 12],
] as const;

function byteOffsets(t: number, i: number, kt: number): number[] {
  const kb = (kt * 8 + 2 * i) * 8;
  const c = t % 4;
  return [kb + c, kb + c + 4, kb + 8 + c, kb + 12 + c];
}

/** Packs bytes [Np, Kp/2] (even element in the high nibble) into tinygemm's 4-D int32 layout. */
export function packInt4To4d(bytes: Uint8Array, Np: number, Kp: number): HostTensor {
  if (Np % 8 !== 0 || Kp % 128 !== 0) throw new Error(`int4 tile packing: N ${Np} must be a multiple of 8 and K ${Kp} of 128`);
  const rowBytes = Kp / 2;
  const kTiles = Kp / 128;
  const words = new Int32Array(Np * rowBytes / 4);
  let w = 0;
  for (let nt = 0; nt < Np / 8; nt++) {
    for (let kt = 0; kt < kTiles; kt++) {
      for (let t = 0; t < 32; t++) {
        const row = (nt * 8 + (t >> 2)) * rowBytes;
        for (let i = 0; i < 4; i++) {
          const base = row + (kt * 8 + 2 * i) * 8 + (t % 4); // byte offsets of byteOffsets(t, i, kt)
          const v0 = bytes[base];
          const v1 = bytes[base + 4];
          const v2 = bytes[base + 8];
          const v3 = bytes[base + 12];
          words[w++] =
            ((v3 & 0xf) << 28) | ((v2 & 0xf) << 24) | ((v1 & 0xf) << 20) | ((v0 & 0xf) << 16) |
            ((v3 >> 4) << 12) | ((v2 >> 4) << 8) | ((v1 >> 4) << 4) | (v0 >> 4);
        }
      }
    }
  }
  return { dtype: 'int32', shape: [Np / 8, kTiles, 32, 4], data: new Uint8Array(words.buffer) };
}

/** The inverse of packInt4To4d, returning the uint4 values [Np, Kp] (row-major). */
export function unpackInt4From4d(qdata: HostTensor, Np: number, Kp: number): Uint8Array {
  const words = new Int32Array(qdata.data.slice().buffer);
  const rowBytes = Kp / 2;
  const bytes = new Uint8Array(Np * rowBytes);
  let w = 0;
  for (let nt = 0; nt < Np / 8; nt++) {
    for (let kt = 0; kt < Kp / 128; kt++) {
      for (let t = 0; t < 32; t++) {
        const row = (nt * 8 + (t >> 2)) * rowBytes;
        for (let i = 0; i < 4; i++) {
          const word = words[w++];
          byteOffsets(t, i, kt).forEach((off, j) => {
            bytes[row + off] = (((word >>> WORD_SHIFTS[j][1]) & 0xf) << 4) | ((word >>> WORD_SHIFTS[j][0]) & 0xf);
          });
        }
      }
    }
  }
  const u = new Uint8Array(Np * Kp);
  for (let i = 0; i < bytes.length; i++) {
    u[2 * i] = bytes[i] >> 4;
    u[2 * i + 1] = bytes[i] & 0xf;
  }
  return u;
}
