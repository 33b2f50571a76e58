// A minimal POSIX ustar writer and reader, streaming (one 8 MiB buffer), for pack/unpack.
// Plain tar so that `tar -xf bundle.qfb` works anywhere. Headers are deterministic (mtime 0,
// uid/gid 0, mode 0644), so packing the same bundle twice gives the same bytes. The reader
// accepts regular files only and refuses paths that would escape the destination.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join, normalize, isAbsolute, sep } from 'node:path';

const BLOCK = 512;
const CHUNK = 8 << 20;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

export function tarHeader(path: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (text: string, at: number) => h.set(new TextEncoder().encode(text), at);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 155);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`pack: path too long for a tar header: ${path}`);
  }
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  if (size < 8 ** 11) put(octal(size, 12), 124);
  else {
    // GNU base-256 for files of 8 GiB and more: high bit set, big-endian value.
    h[124] = 0x80;
    for (let i = 135, v = size; i > 124; i--, v = Math.floor(v / 256)) h[i] = v % 256;
  }
  put(octal(0, 12), 136);
  put('0', 156);
  put('ustar\0', 257);
  put('00', 263);
  put(prefix, 345);
  h.fill(0x20, 148, 156);
  const sum = h.reduce((a, b) => a + b, 0);
  put(octal(sum, 7), 148);
  h[155] = 0x20;
  return h;
}

/** Appends `files` (relative paths under `root`) to the open descriptor `out`, then the end blocks. */
export function writeTar(out: number, root: string, files: string[]): void {
  const buf = new Uint8Array(CHUNK);
  for (const f of files) {
    const fd = openSync(join(root, f), 'r');
    try {
      const size = fstatSync(fd).size;
      writeSync(out, tarHeader(f, size));
      let at = 0;
      while (at < size) {
        const n = readSync(fd, buf, 0, Math.min(CHUNK, size - at), at);
        if (n === 0) throw new Error(`pack: ${f} shrank while packing`);
        writeSync(out, buf, 0, n);
        at += n;
      }
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad) writeSync(out, new Uint8Array(pad));
    } finally {
      closeSync(fd);
    }
  }
  writeSync(out, new Uint8Array(2 * BLOCK));
}

function parseSize(h: Uint8Array, file: string): number {
  if (h[124] & 0x80) {
    let v = 0;
    for (let i = 125; i < 136; i++) v = v * 256 + h[i];
    return v;
  }
  const text = Buffer.from(h.subarray(124, 136))
    .toString('latin1')
    .replace(/[\0 ]+$/, '');
  if (!/^[0-7]+$/.test(text)) throw new Error(`${file}: corrupt tar header (size field '${text}')`);
  return parseInt(text, 8);
}

function field(h: Uint8Array, at: number, len: number): string {
  const raw = h.subarray(at, at + len);
  const end = raw.indexOf(0);
  return Buffer.from(end < 0 ? raw : raw.subarray(0, end)).toString('utf8');
}

/** Extracts every regular file of the tar `file` under `dest`; returns their relative paths. */
export function extractTar(file: string, dest: string): string[] {
  const fd = openSync(file, 'r');
  const out: string[] = [];
  try {
    const total = fstatSync(fd).size;
    const h = new Uint8Array(BLOCK);
    const buf = new Uint8Array(CHUNK);
    let at = 0;
    for (;;) {
      if (readSync(fd, h, 0, BLOCK, at) !== BLOCK) throw new Error(`${file}: truncated (no end-of-archive blocks)`);
      at += BLOCK;
      if (h.every((b) => b === 0)) break;
      const stored = Number.parseInt(
        Buffer.from(h.subarray(148, 156))
          .toString('latin1')
          .replace(/[\0 ]+$/, ''),
        8,
      );
      const sum = h.reduce((a, b, i) => a + (i >= 148 && i < 156 ? 0x20 : b), 0);
      if (stored !== sum) throw new Error(`${file}: corrupt tar header at byte ${at - BLOCK} (checksum)`);
      const prefix = field(h, 345, 155);
      const path = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
      const type = String.fromCharCode(h[156] || 0x30);
      const size = parseSize(h, file);
      if (type === '5') continue;
      if (type !== '0')
        throw new Error(`${file}: entry '${path}' is not a regular file (type '${type}'); bundles hold only files`);
      const safe = normalize(path);
      if (isAbsolute(safe) || safe.split(sep).includes('..'))
        throw new Error(`${file}: entry '${path}' would be written outside the destination`);
      if (at + size > total) throw new Error(`${file}: entry '${path}' runs past the end of the file (truncated)`);
      const target = join(dest, safe);
      mkdirSync(dirname(target), { recursive: true });
      const o = openSync(target, 'wx');
      try {
        for (let done = 0; done < size;) {
          const n = readSync(fd, buf, 0, Math.min(CHUNK, size - done), at + done);
          writeSync(o, buf, 0, n);
          done += n;
        }
      } finally {
        closeSync(o);
      }
      out.push(safe.split(sep).join('/'));
      at += size + ((BLOCK - (size % BLOCK)) % BLOCK);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}
