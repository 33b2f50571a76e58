// Compression of a 2:4-sparse [rows, K] byte matrix into its kept values and 2-bit indices.
//
// Every aligned group of 4 keeps exactly 2 elements (the keep mask of prune-2x4.ts; a group
// of a weight that was already sparser keeps its first zero too). Values: [rows, K/2], the
// two kept bytes of each group in index order. Metadata: 4 bits per group, the lower kept
// index in bits 0-1 and the higher in bits 2-3; two groups per byte, the even group in the
// low nibble; [rows, K/8] bytes, groups row-major.
// - 1-D layout (hipSPARSELt, SPARSE_1D_DATA_1D_METADATA, §3.4.6): one uint8 tensor
//   [values (rows·K/2 bytes) | metadata (rows·K/8 bytes)].
// - 2-D layout (SPARSE_2D_DATA_2D_METADATA): CUTLASS's SM90 metadata layout is produced by a
//   CUDA-only compressor with no golden; quantforge stores this same row-major metadata as
//   `sparse_metadata` [rows, K/8] and reorders it for CUTLASS in the kernel layer.

export interface Compressed2x4 {
  values: Uint8Array;
  metadata: Uint8Array;
}

export function compress2x4(dense: Uint8Array, keep: Uint8Array, k: number): Compressed2x4 {
  if (k % 8 !== 0) throw new Error(`2:4 compression: K=${k} must be a multiple of 8 (two groups per metadata byte)`);
  const groups = dense.length / 4;
  const values = new Uint8Array(dense.length / 2);
  const metadata = new Uint8Array(groups / 2);
  for (let g = 0; g < groups; g++) {
    const kept: number[] = [];
    for (let i = 0; i < 4 && kept.length < 2; i++) if (keep[g * 4 + i]) kept.push(i);
    for (let i = 0; kept.length < 2 && i < 4; i++) if (!kept.includes(i)) kept.push(i);
    kept.sort((a, b) => a - b);
    values[g * 2] = dense[g * 4 + kept[0]];
    values[g * 2 + 1] = dense[g * 4 + kept[1]];
    metadata[g >> 1] |= (kept[0] | (kept[1] << 2)) << ((g & 1) * 4);
  }
  return { values, metadata };
}

/** The dense [rows, K] bytes again; dropped positions get `zeroByte` (0x00 is +0 in fp8). */
export function decompress2x4(c: Compressed2x4, k: number, zeroByte = 0): Uint8Array {
  const dense = new Uint8Array(c.values.length * 2).fill(zeroByte);
  const groups = dense.length / 4;
  if (c.metadata.length !== groups / 2) {
    throw new Error(`2:4 decompression: ${c.metadata.length} metadata bytes for ${groups} groups of K=${k} (needs ${groups / 2})`);
  }
  for (let g = 0; g < groups; g++) {
    const nibble = (c.metadata[g >> 1] >>> ((g & 1) * 4)) & 0xf;
    const i0 = nibble & 3, i1 = nibble >>> 2;
    if (i0 >= i1) throw new Error(`2:4 decompression: group ${g} has indices ${i0}, ${i1} (must be increasing)`);
    dense[g * 4 + i0] = c.values[g * 2];
    dense[g * 4 + i1] = c.values[g * 2 + 1];
  }
  return dense;
}
