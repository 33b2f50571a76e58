import { expect } from 'chai';
import { main } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), isTTY: false }, out, err };
}

describe('quantforge CLI', () => {
  it('lists its commands with --help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).to.equal(0);
    expect(c.out.join('')).to.contain('usage: quantforge <command>');
  });

  it('rejects an unknown command with exit 2 and names it', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).to.equal(2);
    expect(c.err.join('')).to.contain("unknown command 'frobnicate'");
  });
});
