// torchao's `pack_uint4` / `unpack_uint4` (F: torchao/prototype/mx_formats/kernels.py): two
// 4-bit codes per byte, the even element in the low nibble (MX fp4 and NVFP4 qdata).

export function packUint4(codes: Uint8Array): Uint8Array {
  if (codes.length % 2 !== 0) throw new Error(`pack_uint4: ${codes.length} codes is not an even count`);
  const out = new Uint8Array(codes.length / 2);
  for (let j = 0; j < out.length; j++) out[j] = (codes[2 * j] & 0xf) | ((codes[2 * j + 1] & 0xf) << 4);
  return out;
}

export function unpackUint4(packed: Uint8Array): Uint8Array {
  const out = new Uint8Array(packed.length * 2);
  for (let j = 0; j < packed.length; j++) {
    out[2 * j] = packed[j] & 0xf;
    out[2 * j + 1] = packed[j] >>> 4;
  }
  return out;
}
