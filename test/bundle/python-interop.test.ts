// A bundle's weights are readable by any safetensors reader: the Python library opens every
// weights file of a built bundle and sees the names, dtypes, shapes and bytes the manifest lists.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../src/build/pipeline.js';
import { openModelFolder } from '../../src/model/folder.js';
import { load } from '../../runtime/src/bundle/index.js';
import { tinyPlan, writeTinyModel } from '../build/fixtures.js';

const PYTHON = join(process.cwd(), '.venv/bin/python');

describe('bundle weights read by Python safetensors', () => {
  let dir: string;
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('every stored tensor matches, sharded files included', async function () {
    if (!existsSync(PYTHON)) this.skip(); // .venv missing: npm run setup creates it with safetensors
    dir = mkdtempSync(join(tmpdir(), 'qf-py-'));
    writeTinyModel(dir);
    const model = openModelFolder(dir);
    const out = join(dir, 'b');
    const { manifest } = await buildBundle(tinyPlan(), model, { out, maxShardBytes: 1024, kernels: false });
    model.weights.close();
    const script = `
import json, sys, glob, os
from safetensors import safe_open
out = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "weights", "*.safetensors"))):
    with safe_open(path, framework="numpy") as f:
        for k in f.keys():
            s = f.get_slice(k)
            out[k] = {"file": "weights/" + os.path.basename(path), "dtype": s.get_dtype(), "shape": list(s.get_shape())}
            try:
                out[k]["hex"] = f.get_tensor(k).tobytes().hex()
            except Exception:
                pass
print(json.dumps(out))
`;
    const r = spawnSync(PYTHON, ['-c', script, out], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).to.equal(0);
    const got = JSON.parse(r.stdout) as Record<string, { file: string; dtype: string; shape: number[]; hex?: string }>;
    const bundle = load(out);
    let compared = 0;
    for (const p of manifest.parameters) {
      for (const t of p.tensors) {
        expect(got[t.name], t.name).to.deep.include({ file: t.file, dtype: t.dtype, shape: t.shape });
        if (got[t.name].hex !== undefined) {
          expect(got[t.name].hex, t.name).to.equal(
            Buffer.from(bundle.parameter(p.fqn).tensor(t.inner).data).toString('hex'),
          );
          compared++;
        }
      }
    }
    bundle.close();
    expect(Object.keys(got)).to.have.length(manifest.parameters.reduce((a, p) => a + p.tensors.length, 0));
    expect(compared).to.be.greaterThan(8); // I8/F32 readable by numpy; BF16 is compared by metadata
  });
});
