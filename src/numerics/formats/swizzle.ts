// torchao's `to_blocked` / `from_blocked` (F: torchao/prototype/mx_formats/utils.py): the
// cuBLAS block-scaling-factor layout used for MX and NVFP4 scales.
//
// A [rows, cols] scale matrix is zero-padded to rows % 128 == 0 and cols % 4 == 0 and cut
// into 128x4 tiles, taken row-tile-major then col-tile; inside a tile, element (r, c) lands
// at offset (r % 32)·16 + floor(r / 32)·4 + c. The flat result is viewed as
// [ceil(rows/128)·32, ceil(cols/4)·16]. from_blocked(to_blocked(s)) == s.

export function blockedShape(rows: number, cols: number): [number, number] {
  return [Math.ceil(rows / 128) * 32, Math.ceil(cols / 4) * 16];
}

/** Offset in the blocked layout of element (r, c) of a [rows, cols] matrix. */
function blockedOffset(r: number, c: number, colTiles: number): number {
  const tile = Math.floor(r / 128) * colTiles + Math.floor(c / 4);
  const rt = r % 128;
  return tile * 512 + (rt % 32) * 16 + Math.floor(rt / 32) * 4 + (c % 4);
}

export function toBlocked<T extends Uint8Array | Int32Array>(src: T, rows: number, cols: number): T {
  const [br, bc] = blockedShape(rows, cols);
  const colTiles = Math.ceil(cols / 4);
  const out = new (src.constructor as new (n: number) => T)(br * bc);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[blockedOffset(r, c, colTiles)] = src[r * cols + c];
  }
  return out;
}

export function fromBlocked<T extends Uint8Array | Int32Array>(blocked: T, rows: number, cols: number): T {
  const [br, bc] = blockedShape(rows, cols);
  if (blocked.length !== br * bc) {
    throw new Error(`from_blocked: ${blocked.length} scales cannot hold a swizzled [${rows}, ${cols}] matrix (needs ${br * bc})`);
  }
  const colTiles = Math.ceil(cols / 4);
  const out = new (blocked.constructor as new (n: number) => T)(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = blocked[blockedOffset(r, c, colTiles)];
  }
  return out;
}
