import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles } from '../../src/bundle/finalize.js';
import { packBundle, unpackBundle } from '../../src/bundle/pack.js';
import { tarHeader } from '../../src/bundle/tar.js';
import { buildTinyBundle } from '../build/fixtures.js';

describe('bundle/pack and unpack', () => {
  let dir: string;
  let bundle: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qf-pack-'));
    bundle = join(dir, 'b');
    await buildTinyBundle(dir, { out: bundle, maxShardBytes: 1024 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a bundle byte for byte, deterministically', async () => {
    packBundle(bundle, join(dir, 'a.qfb'));
    packBundle(bundle, join(dir, 'b.qfb'));
    expect(readFileSync(join(dir, 'a.qfb')).equals(readFileSync(join(dir, 'b.qfb')))).to.equal(true);
    await unpackBundle(join(dir, 'a.qfb'), join(dir, 'u'));
    expect(listFiles(join(dir, 'u'))).to.deep.equal(listFiles(bundle));
    for (const f of listFiles(bundle))
      expect(readFileSync(join(dir, 'u', f)).equals(readFileSync(join(bundle, f))), f).to.equal(true);
  });

  it('writes a plain tar that the system tar lists, manifest first', () => {
    packBundle(bundle, join(dir, 't.qfb'));
    const r = spawnSync('tar', ['-tf', join(dir, 't.qfb')], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    const names = r.stdout.trim().split('\n');
    expect(names[0]).to.equal('manifest.json');
    expect([...names].sort()).to.deep.equal(listFiles(bundle));
  });

  it('refuses to unpack a corrupted archive and leaves no output', async () => {
    packBundle(bundle, join(dir, 'c.qfb'));
    const bytes = readFileSync(join(dir, 'c.qfb'));
    bytes[600] ^= 0x01; // inside manifest.json, the first entry (its data starts at byte 512)
    writeFileSync(join(dir, 'c.qfb'), bytes);
    let err: Error | undefined;
    await unpackBundle(join(dir, 'c.qfb'), join(dir, 'cu')).catch((e: Error) => (err = e));
    expect(err?.message).to.match(/does not verify/);
    expect(existsSync(join(dir, 'cu'))).to.equal(false);
  });

  it('refuses entries that would escape the destination', async () => {
    const evil = join(dir, 'evil.qfb');
    writeFileSync(evil, Buffer.concat([tarHeader('../escape.txt', 1), Buffer.alloc(512, 0x41), Buffer.alloc(1024)]));
    let err: Error | undefined;
    await unpackBundle(evil, join(dir, 'eu')).catch((e: Error) => (err = e));
    expect(err?.message).to.match(/'..\/escape.txt' would be written outside the destination/);
    expect(existsSync(join(dir, 'escape.txt'))).to.equal(false);
  });

  it('refuses a truncated archive', async () => {
    packBundle(bundle, join(dir, 'tr.qfb'));
    const bytes = readFileSync(join(dir, 'tr.qfb'));
    writeFileSync(join(dir, 'tr.qfb'), bytes.subarray(0, 2000));
    let err: Error | undefined;
    await unpackBundle(join(dir, 'tr.qfb'), join(dir, 'tru')).catch((e: Error) => (err = e));
    expect(err?.message).to.match(/truncated|runs past the end/);
  });
});
