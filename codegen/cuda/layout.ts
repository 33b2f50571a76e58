// The qf tile layout on the host: the same permutation repack.cuh applies on the GPU, for
// bundles written without a GPU and for tests. A weight [N, K] becomes
//   tile[nt][kc][lane][16 bytes],  lane = 4 g + t,  holding W[8 nt + g][kc * chunkK + e * t ...]
// with chunkK = 128 (int4, 32 values a lane) or 64 (8-bit, 16 values a lane). int4 words hold
// 8 values with value l at nibble l / 2 (l even) or 4 + l / 2 (l odd), as offset binary u.

export interface TileGeometry {
  chunkK: 128 | 64;
  /** Values per lane slice (= chunkK / 4). */
  perLane: number;
}

export const INT4_TILE: TileGeometry = { chunkK: 128, perLane: 32 };
export const BYTES8_TILE: TileGeometry = { chunkK: 64, perLane: 16 };

function checkDims(N: number, K: number, g: TileGeometry): void {
  if (N % 8 !== 0 || K % g.chunkK !== 0) {
    throw new RangeError(`qf tile layout needs N % 8 == 0 and K % ${g.chunkK} == 0, got N=${N} K=${K}`);
  }
}

/** Byte offset of lane slice (nt, kc, lane) in a tile tensor. */
export function sliceOffset(nt: number, kc: number, lane: number, K: number, g: TileGeometry): number {
  return ((nt * (K / g.chunkK) + kc) * 32 + lane) * 16;
}

/** 8-bit values [N, K] (row-major bytes) -> qf tile bytes. */
export function tileBytes8(src: Uint8Array, N: number, K: number): Uint8Array {
  checkDims(N, K, BYTES8_TILE);
  const out = new Uint8Array(N * K);
  for (let nt = 0; nt < N / 8; nt++)
    for (let kc = 0; kc < K / 64; kc++)
      for (let lane = 0; lane < 32; lane++) {
        const from = (nt * 8 + (lane >> 2)) * K + kc * 64 + (lane & 3) * 16;
        out.set(src.subarray(from, from + 16), sliceOffset(nt, kc, lane, K, BYTES8_TILE));
      }
  return out;
}

/** Offset-binary int4 values u in [0, 15], one per byte [N, K] -> qf int4 tile bytes. */
export function tileInt4(u: Uint8Array, N: number, K: number): Uint8Array {
  checkDims(N, K, INT4_TILE);
  const out = new Uint8Array((N * K) / 2);
  const dv = new DataView(out.buffer);
  for (let nt = 0; nt < N / 8; nt++)
    for (let kc = 0; kc < K / 128; kc++)
      for (let lane = 0; lane < 32; lane++) {
        const row = (nt * 8 + (lane >> 2)) * K + kc * 128 + (lane & 3) * 32;
        const at = sliceOffset(nt, kc, lane, K, INT4_TILE);
        for (let j = 0; j < 4; j++) {
          let word = 0;
          for (let l = 0; l < 8; l++) {
            const nib = l % 2 === 0 ? l / 2 : 4 + (l - 1) / 2;
            word |= (u[row + 8 * j + l] & 0xf) << (4 * nib);
          }
          dv.setUint32(at + 4 * j, word >>> 0, true);
        }
      }
  return out;
}

/** torchao plain Int4Tensor qdata (int8 [N, K/2], even value in the low nibble, s = u - 8) -> u. */
export function unpackInt4Plain(qdata: Uint8Array, N: number, K: number): Uint8Array {
  const u = new Uint8Array(N * K);
  for (let i = 0; i < (N * K) / 2; i++) {
    u[2 * i] = (qdata[i] & 0xf) ^ 8;
    u[2 * i + 1] = ((qdata[i] >> 4) & 0xf) ^ 8;
  }
  return u;
}

/**
 * IntxUnpackedToInt8Tensor qdata of an int1..int4 weight (int8 [N, K], q in [-8, 7]) -> the int4
 * qf tile of u = q + 8 (repack_intx_nibbles in intx_formats.cuh).
 */
export function tileIntxNibbles(qdata: Int8Array, N: number, K: number): Uint8Array {
  const u = new Uint8Array(N * K);
  for (let i = 0; i < u.length; i++) {
    if (qdata[i] < -8 || qdata[i] > 7) {
      throw new RangeError(`intx qdata[${(i / K) | 0}, ${i % K}] = ${qdata[i]} is outside int4's [-8, 7]: not an int1..int4 weight`);
    }
    u[i] = qdata[i] + 8;
  }
  return tileInt4(u, N, K);
}
