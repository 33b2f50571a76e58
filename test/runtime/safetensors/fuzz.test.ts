// Random and mutated files never crash the reader: each either opens (and every tensor then
// reads back within the file) or throws a SafetensorsError.
import { expect } from 'chai';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { SafetensorsError, SafetensorsReader } from '../../../runtime/src/safetensors/index.js';
import { fileBytes, layout, tempDir, writeTemp } from './fixtures.js';

describe('runtime/safetensors fuzz', () => {
  let dir: string;
  before(() => (dir = tempDir()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function openOrFail(bytes: Uint8Array): void {
    const path = writeTemp(dir, 'fuzz.safetensors', bytes);
    let r: SafetensorsReader;
    try {
      r = SafetensorsReader.open(path);
    } catch (e) {
      expect(e, String(e)).to.be.instanceOf(SafetensorsError);
      return;
    }
    try {
      for (const name of r.names) r.readTensorSync(name);
    } finally {
      r.close();
    }
  }

  const valid = fileBytes(
    layout([
      { name: 'model.layers.0.w', dtype: 'BF16', shape: [2, 3], bytes: 12 },
      { name: 'b', dtype: 'F8_E4M3', shape: [4], bytes: 4 },
    ]),
    new Uint8Array(16).fill(3),
  );

  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (b) => openOrFail(b)),
      { numRuns: 300 },
    );
  });

  it('survives random headers after a correct length prefix', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 64 }), (h, d) =>
        openOrFail(fileBytes(h, d)),
      ),
      { numRuns: 300 },
    );
  });

  it('survives random JSON values as headers', () => {
    fc.assert(
      fc.property(fc.json(), fc.uint8Array({ maxLength: 64 }), (h, d) => openOrFail(fileBytes(h, d))),
      { numRuns: 300 },
    );
  });

  it('survives byte flips, truncations and extensions of a valid file', () => {
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
      cut: fc.option(fc.nat(valid.length)),
      extra: fc.uint8Array({ maxLength: 8 }),
    });
    fc.assert(
      fc.property(mutation, ({ flips, cut, extra }) => {
        const b = Uint8Array.from(valid);
        for (const [at, x] of flips) b[at] ^= x;
        const cutB = cut === null ? b : b.subarray(0, cut);
        const out = new Uint8Array(cutB.length + extra.length);
        out.set(cutB);
        out.set(extra, cutB.length);
        openOrFail(out);
      }),
      { numRuns: 500 },
    );
  });
});
