// Model descriptions without weights: header-form JSON, a single .safetensors file (header
// only), and model folders (single file or sharded with model.safetensors.index.json).
import { expect } from 'chai';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeModel, describeHeaderJson } from '../../src/model/description.js';

const dir = mkdtempSync(join(tmpdir(), 'qf-desc-'));

/** A valid safetensors file of zero-filled tensors (bf16 unless said). */
function safetensors(path: string, tensors: Record<string, number[]>, dtype = 'BF16'): void {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const [name, shape] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 2;
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([len, json, Buffer.alloc(offset)]));
}

describe('model descriptions', () => {
  it('reads header-form JSON: names, shapes, dtypes (safetensors or torch names) and kinds', () => {
    const m = describeHeaderJson(
      {
        __metadata__: { format: 'pt' },
        'model.embed_tokens.weight': { dtype: 'BF16', shape: [100, 16] },
        'model.layers.0.mlp.experts.gate_up_proj': { dtype: 'bfloat16', shape: [4, 32, 16] },
        'model.layers.0.mlp.experts.weight': { dtype: 'BF16', shape: [4, 32, 16] },
        'model.layers.0.q_proj.weight': { dtype: 'F32', shape: [16, 16], data_offsets: [0, 1024] },
        'model.norm.weight': { dtype: 'BF16', shape: [16] },
      },
      'm.json',
    );
    expect(m.tensors.map((t) => [t.fqn, t.kind, t.dtype, t.isLinear])).to.deep.equal([
      ['model.embed_tokens.weight', 'embedding', 'bfloat16', false],
      ['model.layers.0.mlp.experts.gate_up_proj', 'moe_experts', 'bfloat16', false],
      ['model.layers.0.mlp.experts.weight', 'moe_experts', 'bfloat16', false],
      ['model.layers.0.q_proj.weight', 'linear', 'float32', true],
      ['model.norm.weight', 'other', 'bfloat16', false],
    ]);
    expect(m.tensors[3]).to.deep.include({ module: 'model.layers.0.q_proj', leaf: 'weight', shape: [16, 16] });
  });
  it('refuses malformed header JSON naming the file and tensor', () => {
    expect(() => describeHeaderJson([], 'x.json')).to.throw(/x\.json: expected an object/);
    expect(() => describeHeaderJson({ a: { dtype: 'BF17', shape: [1] } }, 'x.json')).to.throw(
      /x\.json: tensor "a": unknown dtype "BF17"/,
    );
    expect(() => describeHeaderJson({ a: { dtype: 'BF16', shape: [-1] } }, 'x.json')).to.throw(
      /tensor "a": "shape" must be a list of non-negative integers/,
    );
    expect(() => describeHeaderJson({ a: { shape: [1] } }, 'x.json')).to.throw(/"dtype" must be a string/);
  });
  it('reads a .json file and names a file that is not JSON', () => {
    const p = join(dir, 'h.json');
    writeFileSync(p, JSON.stringify({ 'a.weight': { dtype: 'F16', shape: [8, 8] } }));
    expect(describeModel(p).tensors[0]).to.deep.include({ fqn: 'a.weight', dtype: 'float16', kind: 'linear' });
    writeFileSync(join(dir, 'bad.json'), '{nope');
    expect(() => describeModel(join(dir, 'bad.json'))).to.throw(/bad\.json: not valid JSON/);
  });
  it('reads only the header of a .safetensors file', () => {
    const p = join(dir, 'one.safetensors');
    safetensors(p, { 'l.weight': [4, 8], 'l.bias': [4] });
    const m = describeModel(p);
    expect(m.tensors.map((t) => [t.fqn, t.shape, t.kind])).to.deep.equal([
      ['l.weight', [4, 8], 'linear'],
      ['l.bias', [4], 'linear'],
    ]);
  });
  it('reads a sharded folder through model.safetensors.index.json, with config.json', () => {
    const f = join(dir, 'sharded');
    mkdirSync(f);
    safetensors(join(f, 'model-00001-of-00002.safetensors'), { 'a.weight': [4, 8] });
    safetensors(join(f, 'model-00002-of-00002.safetensors'), { 'b.weight': [8, 4] });
    writeFileSync(
      join(f, 'model.safetensors.index.json'),
      JSON.stringify({
        weight_map: { 'a.weight': 'model-00001-of-00002.safetensors', 'b.weight': 'model-00002-of-00002.safetensors' },
      }),
    );
    writeFileSync(join(f, 'config.json'), JSON.stringify({ model_type: 'toy', hidden_size: 8 }));
    const m = describeModel(f);
    expect(m.tensors.map((t) => t.fqn)).to.deep.equal(['a.weight', 'b.weight']);
    expect(m.config).to.deep.equal({ model_type: 'toy', hidden_size: 8 });
  });
  it('names what is missing from a folder, and a path that does not exist', () => {
    const f = join(dir, 'empty');
    mkdirSync(f);
    expect(() => describeModel(f)).to.throw(/no model\.safetensors or model\.safetensors\.index\.json/);
    expect(() => describeModel(join(dir, 'nothing'))).to.throw(/no such file or folder/);
  });
  it('recognises nn.MultiheadAttention out_proj as not a linear for default', () => {
    const m = describeHeaderJson(
      {
        'attn.in_proj_weight': { dtype: 'F32', shape: [96, 32] },
        'attn.out_proj.weight': { dtype: 'F32', shape: [32, 32] },
      },
      'mha.json',
    );
    expect(m.tensors[1]).to.deep.include({ kind: 'linear', isLinear: false });
  });
});
