import { expect } from 'chai';
import { Progress } from '../../src/build/progress.js';

function run(mode: 'tty' | 'lines' | 'quiet', ticks: number, msPerTick: number): string {
  let now = 0;
  let out = '';
  const p = new Progress(
    mode,
    ticks,
    ticks * 1e6,
    (t) => (out += t),
    () => now,
  );
  for (let i = 0; i < ticks; i++) {
    now += msPerTick;
    p.tick(1e6, `layers.${i}.w`);
  }
  p.finish();
  return out;
}

describe('build/progress', () => {
  it('redraws one bar in place on a terminal, with tensors/s, MB/s and ETA', () => {
    const out = run('tty', 4, 500);
    expect(out.split('\r')).to.have.length(5);
    expect(out).to.include('[############............] 2/4 tensors, 2.0 tensors/s, 2.0 MB/s, ETA 0:01');
    expect(out.endsWith('\n')).to.equal(true);
  });

  it('prints at most one plain line per 10% when piped, always the last', () => {
    const lines = run('lines', 100, 10).trim().split('\n');
    expect(lines.length).to.be.within(10, 12);
    expect(lines.at(-1)).to.equal('build: 100/100 tensors, 100.0 tensors/s, 100.0 MB/s, ETA 0:00');
    expect(lines.every((l) => l.startsWith('build: '))).to.equal(true);
  });

  it('prints nothing when quiet', () => {
    expect(run('quiet', 10, 1)).to.equal('');
  });
});
