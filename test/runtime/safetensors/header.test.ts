// Hostile files: every malformed header is an error naming the file (and the tensor, where one
// is to blame), never a crash, a hang or a silently wrong read.
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { SafetensorsError, SafetensorsReader } from '../../../runtime/src/safetensors/index.js';
import { fileBytes, tempDir, writeTemp } from './fixtures.js';

const f32 = (begin: number, end: number, shape: unknown = [(end - begin) / 4]) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, end],
});

describe('runtime/safetensors header validation', () => {
  let dir: string;
  before(() => (dir = tempDir()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function rejects(bytes: Uint8Array, pattern: RegExp, tensor: string | null = null): void {
    const path = writeTemp(dir, 'bad.safetensors', bytes);
    let caught: unknown;
    try {
      SafetensorsReader.open(path).close();
    } catch (e) {
      caught = e;
    }
    expect(caught, 'expected a SafetensorsError').to.be.instanceOf(SafetensorsError);
    const err = caught as SafetensorsError;
    expect(err.file).to.equal(path);
    expect(err.tensor).to.equal(tensor);
    expect(err.message).to.match(pattern);
  }
  const header = (obj: unknown, dataBytes = 8) => fileBytes(JSON.stringify(obj), new Uint8Array(dataBytes));

  it('rejects a file shorter than the length prefix', () => rejects(Uint8Array.of(1, 2, 3), /too short/));

  it('rejects a header length past the end of the file', () =>
    rejects(fileBytes('{}', new Uint8Array(0), 1000n), /header length 1000 runs past the end of the file/));

  it('rejects a header length of 2^64-1 without allocating it', () =>
    rejects(fileBytes('{}', new Uint8Array(0), 0xffff_ffff_ffff_ffffn), /runs past the end/));

  it('rejects a header that is not UTF-8', () =>
    rejects(fileBytes(Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d)), /not valid UTF-8/));

  it('rejects a key holding a lone surrogate escape (no UTF-8 encoding)', () =>
    rejects(fileBytes('{"\\ud800":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}'), /lone UTF-16 surrogate/));

  it('rejects duplicate keys instead of keeping the last', () =>
    rejects(
      fileBytes(`{"w":${JSON.stringify(f32(0, 4))},"w":${JSON.stringify(f32(4, 8))}}`, new Uint8Array(8)),
      /duplicate key "w"/,
    ));

  it('rejects JSON that is not an object, or not JSON', () => {
    rejects(fileBytes('[1,2]'), /does not start with/);
    rejects(fileBytes('{"a":'), /header JSON is invalid/);
    rejects(fileBytes('{} x'), /unexpected text after/);
  });

  it('rejects nesting deep enough to exhaust a recursive parser', () =>
    rejects(fileBytes(`{"__metadata__":${'['.repeat(100_000)}`), /nesting deeper than/));

  it('rejects unknown dtypes, listing the known ones', () =>
    rejects(
      header({ w: { dtype: 'F12', shape: [2], data_offsets: [0, 8] } }),
      /unknown dtype 'F12' \(known: BOOL .* F8_E8M0 .*\)/,
      'w',
    ));

  it('rejects offsets out of range', () =>
    rejects(header({ w: f32(4, 12, [2]) }), /run past the data section \(8 bytes\)/, 'w'));

  it('rejects offsets with end before begin', () => rejects(header({ w: f32(8, 0, [0]) }), /out of order/, 'w'));

  it('rejects overlapping tensors', () =>
    rejects(header({ a: f32(0, 8), b: f32(4, 8, [1]) }, 8), /overlap tensor 'a'/, 'b'));

  it('rejects gaps between tensors', () =>
    rejects(header({ a: f32(0, 4), b: f32(8, 12) }, 12), /gap of 4 unowned bytes/, 'b'));

  it('rejects trailing bytes no tensor owns', () => rejects(header({ a: f32(0, 4) }, 8), /trailing bytes/, 'a'));

  it('rejects byte counts that disagree with dtype x shape', () =>
    rejects(
      header({ w: { dtype: 'BF16', shape: [3], data_offsets: [0, 8] } }),
      /span 8 bytes but BF16 \[3\] needs 6/,
      'w',
    ));

  it('rejects sub-byte tensors that are not whole bytes', () =>
    rejects(
      header({ w: { dtype: 'F4', shape: [3], data_offsets: [0, 2] } }, 2),
      /not a whole, representable number of bytes/,
      'w',
    ));

  it('rejects absurd shapes before any read', () => {
    rejects(
      header({ w: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }),
      /not a whole, representable/,
      'w',
    );
    rejects(
      header({ w: { dtype: 'F32', shape: [1e6, 1e6], data_offsets: [0, 8] } }),
      /needs 4000000000000 bytes but the file's data section holds 8/,
      'w',
    );
    rejects(header({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 8] } }), /not a non-negative integer/, 'w');
    rejects(header({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 8] } }), /not a non-negative integer/, 'w');
    rejects(header({ w: { dtype: 'U8', shape: new Array(40).fill(1), data_offsets: [0, 8] } }), /rank 40/, 'w');
  });

  it('rejects malformed entries and unexpected fields', () => {
    rejects(header({ w: 5 }), /not an object/, 'w');
    rejects(header({ w: { dtype: 'F32', shape: [2] } }), /data_offsets is missing/, 'w');
    rejects(header({ w: { ...f32(0, 8), extra: 1 } }), /unexpected field 'extra'/, 'w');
  });

  it('rejects __metadata__ that is not a string-to-string map', () => {
    rejects(header({ __metadata__: { a: 1 }, w: f32(0, 8) }), /value of 'a' is 1, not a string/, '__metadata__');
    rejects(header({ __metadata__: ['x'], w: f32(0, 8) }), /must be an object/, '__metadata__');
  });

  it('treats __proto__ as an ordinary tensor name', async () => {
    const path = writeTemp(
      dir,
      'proto.safetensors',
      fileBytes(`{"__proto__":${JSON.stringify(f32(0, 4))}}`, Uint8Array.of(0, 0, 128, 63)),
    );
    const r = SafetensorsReader.open(path);
    expect(r.names).to.deep.equal(['__proto__']);
    expect(new Float32Array((await r.readTensor('__proto__')).data.buffer)[0]).to.equal(1);
    r.close();
  });
});
