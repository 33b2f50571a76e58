import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles } from '../../src/bundle/finalize.js';
import { verifyBundle } from '../../src/bundle/verify.js';
import { load } from '../../runtime/src/bundle/index.js';
import { buildTinyBundle } from '../build/fixtures.js';

describe('bundle/verify: a flipped byte anywhere is found and named', () => {
  let dir: string;
  let bundle: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qf-verify-'));
    bundle = join(dir, 'b');
    await buildTinyBundle(dir, { out: bundle, maxShardBytes: 1024 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes an intact bundle', () => {
    const r = verifyBundle(bundle);
    expect(r.problems).to.deep.equal([]);
    expect(r.files).to.equal(listFiles(bundle).length);
  });

  it('names the file for a flip at the start, middle and end of every file, manifest included', () => {
    let copy = 0;
    for (const f of listFiles(bundle)) {
      const size = readFileSync(join(bundle, f)).length;
      for (const at of [0, Math.floor(size / 2), size - 1]) {
        const c = join(dir, `copy${copy++}`);
        cpSync(bundle, c, { recursive: true });
        const bytes = readFileSync(join(c, f));
        bytes[at] ^= 0x10;
        writeFileSync(join(c, f), bytes);
        const problems = verifyBundle(c).problems;
        expect(problems.length, `${f}@${at}`).to.be.greaterThan(0);
        expect(problems.join('\n'), `${f}@${at}`).to.include(f === 'manifest.json' ? 'manifest' : f);
        rmSync(c, { recursive: true });
      }
    }
  });

  it('reports missing and extra files', () => {
    const c = join(dir, 'extra');
    cpSync(bundle, c, { recursive: true });
    writeFileSync(join(c, 'kernels/evil.so'), 'x');
    rmSync(join(c, 'index.ts'));
    const problems = verifyBundle(c).problems.join('\n');
    expect(problems).to.match(/kernels\/evil.so: not listed in the manifest/);
    expect(problems).to.match(/index.ts: missing/);
  });

  it('load({ verify: true }) refuses a corrupted bundle, load() alone does not read the weights', () => {
    const c = join(dir, 'lazy');
    cpSync(bundle, c, { recursive: true });
    const f = listFiles(c).find((x) => x.endsWith('.safetensors'))!;
    const bytes = readFileSync(join(c, f));
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(join(c, f), bytes);
    expect(() => load(c, { verify: true })).to.throw(
      new RegExp(`verification failed:[\\s\\S]*${f.replace('.', '\\.')}`),
    );
    load(c).close();
  });
});
