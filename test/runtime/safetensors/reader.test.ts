import { expect } from 'chai';
import { rmSync } from 'node:fs';
import {
  SAFETENSORS_DTYPE_BITS,
  SAFETENSORS_DTYPES,
  SafetensorsReader,
  readSafetensorsHeader,
} from '../../../runtime/src/safetensors/index.js';
import { fileBytes, layout, tempDir, writeTemp } from './fixtures.js';

describe('runtime/safetensors reader', () => {
  let dir: string;
  before(() => (dir = tempDir()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every dtype the format names, one tensor at a time, byte for byte', async () => {
    // Two elements of every dtype (F4 packs two in one byte); payload bytes count up.
    const specs = SAFETENSORS_DTYPES.map((dtype) => ({
      name: `t.${dtype}`,
      dtype,
      shape: [2],
      bytes: (2 * SAFETENSORS_DTYPE_BITS[dtype]) / 8,
    }));
    const odd = specs.filter((s) => !Number.isInteger(s.bytes));
    expect(odd.map((s) => s.dtype)).to.deep.equal(['F6_E2M3', 'F6_E3M2']);
    for (const s of odd) {
      s.shape = [4]; // 4 x 6 bits = 3 bytes
      s.bytes = 3;
    }
    const total = specs.reduce((a, s) => a + s.bytes, 0);
    const data = Uint8Array.from({ length: total }, (_, i) => i & 0xff);
    const path = writeTemp(dir, 'all.safetensors', fileBytes(layout(specs), data));
    const r = SafetensorsReader.open(path);
    try {
      expect(r.names).to.deep.equal(specs.map((s) => s.name));
      let at = 0;
      for (const s of specs) {
        const t = await r.readTensor(s.name);
        expect(t.dtype).to.equal(s.dtype);
        expect(t.shape).to.deep.equal(s.shape);
        expect([...t.data]).to.deep.equal([...data.subarray(at, at + s.bytes)]);
        expect([...r.readTensorSync(s.name).data]).to.deep.equal([...t.data]);
        at += s.bytes;
      }
    } finally {
      r.close();
    }
  });

  it('lists tensors in offset order whatever order the JSON gives them, and keeps metadata', () => {
    const header = JSON.stringify({
      b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
    });
    const path = writeTemp(dir, 'order.safetensors', fileBytes(header, new Uint8Array(8)));
    const h = readSafetensorsHeader(path);
    expect(h.tensors.map((t) => t.name)).to.deep.equal(['a', 'b']);
    expect(h.metadata).to.deep.equal({ format: 'pt' });
  });

  it('accepts a header padded with trailing spaces, and zero-sized tensors', async () => {
    const header = `${JSON.stringify({ e: { dtype: 'BF16', shape: [0, 3], data_offsets: [0, 0] }, x: { dtype: 'U8', shape: [], data_offsets: [0, 1] } })}    `;
    const path = writeTemp(dir, 'pad.safetensors', fileBytes(header, Uint8Array.of(7)));
    const r = SafetensorsReader.open(path);
    expect((await r.readTensor('e')).data.length).to.equal(0);
    expect([...(await r.readTensor('x')).data]).to.deep.equal([7]);
    r.close();
  });

  it('reads into a caller buffer so a stream can reuse one allocation', async () => {
    const path = writeTemp(
      dir,
      'into.safetensors',
      fileBytes(layout([{ name: 'w', dtype: 'I16', shape: [3], bytes: 6 }]), Uint8Array.of(1, 2, 3, 4, 5, 6)),
    );
    const r = SafetensorsReader.open(path);
    const buf = new Uint8Array(16);
    const t = await r.readTensor('w', buf);
    expect(t.data.buffer).to.equal(buf.buffer);
    expect([...t.data]).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(() => r.readTensorSync('w', new Uint8Array(2))).to.throw(/tensor 'w'.*cannot hold 6/);
    r.close();
  });

  it('names the file and tensor when asked for a tensor it does not have, or after close', async () => {
    const path = writeTemp(
      dir,
      'one.safetensors',
      fileBytes(layout([{ name: 'w', dtype: 'U8', shape: [1], bytes: 1 }]), Uint8Array.of(1)),
    );
    const r = SafetensorsReader.open(path);
    expect(() => r.entry('nope')).to.throw(/one\.safetensors: tensor 'nope': no such tensor/);
    r.close();
    let err: unknown;
    await r.readTensor('w').catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/reader is closed/);
  });

  it('names the path of a file that cannot be opened', () => {
    expect(() => SafetensorsReader.open(`${dir}/missing.safetensors`)).to.throw(/missing\.safetensors: cannot open/);
  });
});
