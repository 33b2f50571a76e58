// SIGKILL at any moment of a build leaves no OUT (and so no half-written file under it); the
// next build into the same place succeeds and removes the dead build's temporary folder.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle } from '../../src/bundle/verify.js';
import { ShardedSafetensorsWriter } from '../../src/model/sharded-writer.js';

const CHILD = join(process.cwd(), 'test/build/kill-child.ts');
const TENSORS = 48;

function writeModel(dir: string): void {
  writeFileSync(join(dir, 'config.json'), '{}');
  const w = new ShardedSafetensorsWriter(dir);
  for (let i = 0; i < TENSORS; i++)
    w.add(`layers.${i}.proj.weight`, {
      dtype: 'F32',
      shape: [64, 256],
      data: new Uint8Array(new Float32Array(64 * 256).map((_, j) => Math.sin(i + j)).buffer),
    });
  w.finish();
}

/** Runs the child; kills it after `ticks` tensors plus `delayMs`. Resolves with what it printed. */
function runAndKill(model: string, out: string, ticks: number | null, delayMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, model, out], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      const n = (text.match(/tick/g) ?? []).length;
      if (ticks !== null && seen < ticks && n >= ticks) setTimeout(() => child.kill('SIGKILL'), delayMs);
      seen = n;
    });
    child.on('exit', () => resolve(text));
  });
}

describe('build: atomic output under SIGKILL', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'qf-kill-'));
    writeModel(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves no OUT when killed at random points, then a rebuild succeeds and cleans up', async () => {
    const out = join(dir, 'out.bundle');
    // Early, middle, during the last tensors and in finalize (after the last tick).
    const points: [number, number][] = [
      [1, 0],
      [Math.floor(TENSORS / 2), Math.random() * 20],
      [TENSORS - 1, Math.random() * 10],
      [TENSORS, Math.random() * 30],
    ];
    let killedMidway = 0;
    for (const [ticks, delay] of points) {
      const printed = await runAndKill(dir, out, ticks, delay);
      if (printed.includes('done')) {
        // The kill came after the rename: then OUT must be complete.
        expect(verifyBundle(out).problems).to.deep.equal([]);
        rmSync(out, { recursive: true });
        continue;
      }
      killedMidway++;
      expect(existsSync(out), `killed after ${ticks} tensors + ${delay.toFixed(1)} ms`).to.equal(false);
      expect(readdirSync(dir).filter((f) => f.startsWith('.out.bundle.tmp-'))).to.have.length.greaterThan(0);
    }
    expect(killedMidway).to.be.greaterThan(1);
    const printed = await runAndKill(dir, out, null, 0);
    expect(printed).to.include('done');
    expect(verifyBundle(out).problems).to.deep.equal([]);
    expect(readdirSync(dir).filter((f) => f.startsWith('.out.bundle.'))).to.deep.equal([]);
  });
});
