import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SAFETENSORS_DTYPE_BITS,
  SAFETENSORS_DTYPES,
  SafetensorsReader,
  type SafetensorsDType,
} from '../../runtime/src/safetensors/index.js';
import { SafetensorsWriter } from '../../src/model/safetensors-writer.js';

const PYTHON = join(process.cwd(), '.venv/bin/python');

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);
}

describe('model/safetensors-writer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'qf-stw-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips every dtype through the runtime reader, in the order added', async () => {
    const path = join(dir, 'all.safetensors');
    const w = new SafetensorsWriter(path, { format: 'pt' });
    const added = SAFETENSORS_DTYPES.map((dtype, i) => {
      const shape = SAFETENSORS_DTYPE_BITS[dtype] === 6 ? [2, 4] : [3, 2];
      const data = bytes((shape[0] * shape[1] * SAFETENSORS_DTYPE_BITS[dtype]) / 8, i);
      w.add(`layer.${i}.${dtype}`, { dtype, shape, data });
      return { name: `layer.${i}.${dtype}`, dtype, shape, data };
    });
    expect(existsSync(path)).to.equal(false);
    w.finish();
    expect(readdirSync(dir)).to.deep.equal(['all.safetensors']);
    const r = SafetensorsReader.open(path);
    expect(r.names).to.deep.equal(added.map((a) => a.name));
    expect(r.metadata).to.deep.equal({ format: 'pt' });
    expect(r.header.dataStart % 8).to.equal(0);
    for (const a of added) {
      const t = await r.readTensor(a.name);
      expect([t.dtype, t.shape, [...t.data]]).to.deep.equal([a.dtype, a.shape, [...a.data]]);
    }
    r.close();
  });

  it('is deterministic: the same tensors give the same bytes', () => {
    for (const name of ['a', 'b']) {
      const w = new SafetensorsWriter(join(dir, `${name}.safetensors`));
      w.add('x', { dtype: 'F32', shape: [2], data: bytes(8, 1) });
      w.finish();
    }
    expect(readFileSync(join(dir, 'a.safetensors')).equals(readFileSync(join(dir, 'b.safetensors')))).to.equal(true);
  });

  it('writes the header into the reserved space, or rewrites once when it outgrows it', async () => {
    const add = (w: SafetensorsWriter) => {
      for (let i = 0; i < 20; i++)
        w.add(`a.rather.long.tensor.name.number.${i}`, { dtype: 'I8', shape: [3], data: bytes(3, i) });
    };
    const roomy = new SafetensorsWriter(join(dir, 'roomy.safetensors'), null, { reserveHeaderBytes: 8192 });
    add(roomy);
    roomy.finish();
    const tight = new SafetensorsWriter(join(dir, 'tight.safetensors'), null, { reserveHeaderBytes: 64 });
    add(tight);
    tight.finish();
    expect(readdirSync(dir).sort()).to.deep.equal(['roomy.safetensors', 'tight.safetensors']);
    const a = SafetensorsReader.open(join(dir, 'roomy.safetensors'));
    const b = SafetensorsReader.open(join(dir, 'tight.safetensors'));
    expect(a.header.dataStart).to.equal(8192);
    expect(b.header.dataStart)
      .to.be.lessThan(8192)
      .and.satisfy((n: number) => n % 8 === 0);
    for (const name of a.names)
      expect([...(await a.readTensor(name)).data]).to.deep.equal([...(await b.readTensor(name)).data]);
    a.close();
    b.close();
  });

  it('refuses duplicate names, the reserved name and byte counts that disagree with the shape', () => {
    const w = new SafetensorsWriter(join(dir, 'bad.safetensors'));
    w.add('x', { dtype: 'U8', shape: [1], data: bytes(1, 0) });
    expect(() => w.add('x', { dtype: 'U8', shape: [1], data: bytes(1, 0) })).to.throw(/tensor 'x' added twice/);
    expect(() => w.add('__metadata__', { dtype: 'U8', shape: [1], data: bytes(1, 0) })).to.throw(/reserved/);
    expect(() => w.add('y', { dtype: 'BF16', shape: [3], data: bytes(4, 0) })).to.throw(
      /tensor 'y' has 4 bytes but BF16 \[3\] needs 6/,
    );
    w.abort();
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('round-trips random tensor sets (property)', () => {
    const tensor = fc.record({
      dtype: fc.constantFrom(...SAFETENSORS_DTYPES.filter((d) => SAFETENSORS_DTYPE_BITS[d] >= 8)),
      shape: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
      seed: fc.nat(255),
    });
    const names = fc.uniqueArray(
      fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== '__metadata__'),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(names, fc.array(tensor, { minLength: 6, maxLength: 6 }), (ns, ts) => {
        const path = join(dir, 'p.safetensors');
        const w = new SafetensorsWriter(path);
        const want = ns.map((n, i) => {
          const t = ts[i];
          const data = bytes((t.shape.reduce((a, b) => a * b, 1) * SAFETENSORS_DTYPE_BITS[t.dtype]) / 8, t.seed);
          w.add(n, { dtype: t.dtype as SafetensorsDType, shape: t.shape, data });
          return { n, dtype: t.dtype, shape: t.shape, data: [...data] };
        });
        w.finish();
        const r = SafetensorsReader.open(path);
        const got = want.map((x) => {
          const t = r.readTensorSync(x.n);
          return { n: x.n, dtype: t.dtype, shape: t.shape, data: [...t.data] };
        });
        r.close();
        expect(got).to.deep.equal(want);
      }),
      { numRuns: 60 },
    );
  });

  it('writes files that the Python safetensors library reads back identically', function () {
    if (!existsSync(PYTHON)) this.skip(); // .venv missing: run `npm run setup` to create it
    const probe = spawnSync(PYTHON, ['-c', 'import safetensors, numpy'], { encoding: 'utf8' });
    if (probe.status !== 0)
      throw new Error(`.venv lacks safetensors/numpy (npm run setup installs them): ${probe.stderr}`);
    const path = join(dir, 'py.safetensors');
    const w = new SafetensorsWriter(path, { source: 'quantforge' });
    const dtypes: SafetensorsDType[] = [
      'F64',
      'F32',
      'F16',
      'BF16',
      'I64',
      'I32',
      'I16',
      'I8',
      'U8',
      'BOOL',
      'F8_E4M3',
      'F8_E5M2',
      'U16',
      'U32',
      'U64',
    ];
    const want: Record<string, { dtype: string; shape: number[]; hex: string }> = {};
    dtypes.forEach((dtype, i) => {
      const shape = [2, 3];
      let data = bytes((6 * SAFETENSORS_DTYPE_BITS[dtype]) / 8, i);
      if (dtype === 'BOOL') data = data.map((b) => b & 1);
      w.add(`t.${dtype}`, { dtype, shape, data });
      want[`t.${dtype}`] = { dtype, shape, hex: Buffer.from(data).toString('hex') };
    });
    w.finish();
    // safe_open with framework="numpy" cannot hold BF16/F8, so read raw bytes through the
    // library's own header parser and get_slice metadata, and compare numpy views where it can.
    const script = `
import json, sys
from safetensors import safe_open
out = {}
with safe_open(sys.argv[1], framework="numpy") as f:
    meta = f.metadata()
    for k in f.keys():
        s = f.get_slice(k)
        entry = {"dtype": s.get_dtype(), "shape": list(s.get_shape())}
        try:
            entry["hex"] = f.get_tensor(k).tobytes().hex()
        except Exception:
            pass
        out[k] = entry
print(json.dumps({"meta": meta, "tensors": out}))
`;
    const res = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8' });
    expect(res.status, res.stderr).to.equal(0);
    const got = JSON.parse(res.stdout) as {
      meta: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; hex?: string }>;
    };
    expect(got.meta).to.deep.equal({ source: 'quantforge' });
    expect(Object.keys(got.tensors).sort()).to.deep.equal(Object.keys(want).sort());
    let compared = 0;
    for (const [k, v] of Object.entries(want)) {
      expect([got.tensors[k].dtype, got.tensors[k].shape], k).to.deep.equal([v.dtype, v.shape]);
      if (got.tensors[k].hex !== undefined) {
        expect(got.tensors[k].hex, k).to.equal(v.hex);
        compared++;
      }
    }
    expect(compared).to.be.greaterThanOrEqual(11);
  });
});
