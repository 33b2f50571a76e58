// What the torchao format cannot hold, and files that are not what torchao writes: each
// error names the file and the key, and says why.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafetensorsWriter, type TensorToWrite } from '../../src/model/safetensors-writer.js';
import { fromTorchaoStateDict } from '../../src/export/torchao/from-state-dict.js';
import { flattenedKey, toTorchaoStateDict } from '../../src/export/torchao/state-dict.js';
import { configExtras } from '../../src/export/torchao/config-extras.js';
import type { FormatSpec } from '../../src/ir/format.js';

const I8 = (n: number) => ({ dtype: 'I8' as const, shape: [n], data: new Uint8Array(n) });
const F32 = (n: number) => ({ dtype: 'F32' as const, shape: [n], data: new Uint8Array(4 * n) });

describe('export/torchao errors', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'qf-torchao-errors-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, metadata: Record<string, string> | null, tensors: Record<string, TensorToWrite>): string {
    const path = join(dir, name);
    const w = new SafetensorsWriter(path, metadata, { reserveHeaderBytes: 16 });
    for (const [k, t] of Object.entries(tensors)) w.add(k, t);
    w.finish();
    return path;
  }

  it('flattens keys as torchao does, top-level parameters included', () => {
    expect(flattenedKey('model.layers.0.q.weight', 'qdata')).to.equal('model.layers.0.q._weight_qdata');
    expect(flattenedKey('weight', 'scale')).to.equal('_weight_scale');
  });

  it('refuses to export a layout whose subclass torchao does not allow (2:4 sparse float8)', () => {
    const format: FormatSpec = {
      weight: {
        layout: 'float8_sparse_2x4',
        element: 'float8_e4m3fn',
        metadata: '2d',
        granularity: { kind: 'PerRow', dim: -1 },
      },
      activation: null,
      linear: { kind: 'sparse_scaled_mm' },
    };
    const weight = { tensors: {}, attributes: {} };
    expect(() =>
      toTorchaoStateDict([
        {
          kind: 'quantized',
          fqn: 'l.weight',
          dtype: 'bfloat16',
          shape: [16, 16],
          format,
          weight,
          extras: configExtras(format, null),
        },
      ]),
    ).to.throw(/'l\.weight'.*float8_sparse_2x4.*allow-list/);
  });

  it('refuses a file without tensor_names (not torchao-written)', () => {
    const f = file('plain.safetensors', null, { a: I8(4) });
    expect(() => fromTorchaoStateDict(f)).to.throw(/plain\.safetensors.*tensor_names/);
  });

  it('names a subclass quantforge does not read, with the key', () => {
    const meta = {
      'l.weight': JSON.stringify({
        _type: 'Int4PreshuffledTensor',
        _data: { block_size: [1, 128], shape: [4, 4] },
        _tensor_data_names: ['qdata'],
      }),
      tensor_names: JSON.stringify(['l.weight']),
    };
    const f = file('preshuffled.safetensors', meta, { 'l._weight_qdata': I8(4) });
    expect(() => fromTorchaoStateDict(f)).to.throw(
      /'l\.weight'.*Int4PreshuffledTensor is not a subclass quantforge reads/,
    );
  });

  it('names a missing inner tensor and a tensor no key claims', () => {
    const meta = (names: string[]) => ({
      'l.weight': JSON.stringify({
        _type: 'Float8Tensor',
        _data: { block_size: [1, 4], dtype: { _type: 'torch.dtype', _data: 'bfloat16' } },
        _tensor_data_names: names,
      }),
      tensor_names: JSON.stringify(['l.weight']),
    });
    const missing = file('missing.safetensors', meta(['qdata', 'scale']), { 'l._weight_qdata': I8(4) });
    expect(() => fromTorchaoStateDict(missing)).to.throw(
      /'l\.weight' \(Float8Tensor\) lists inner tensor 'scale' but the file has no 'l\._weight_scale'/,
    );
    const plain = { a: '{"_type": "Tensor"}', tensor_names: '["a"]' };
    const extra = file('extra.safetensors', plain, { a: F32(2), stray: I8(4) });
    expect(() => fromTorchaoStateDict(extra)).to.throw(
      /extra\.safetensors: tensor\(s\) stray belong to no key of tensor_names/,
    );
  });
});
