// Glob patterns: `*` within a segment, `**` whole segments, `{a,b}` alternatives, `{name}` captures.
import { expect } from 'chai';
import { compileGlob } from '../../../src/lower/patterns/glob.js';

const glob = (p: string) => {
  const g = compileGlob(p);
  if (!g.ok) throw new Error(`${p}: ${g.reason}`);
  return g;
};
const matches = (p: string, fqn: string) => glob(p).regex.test(fqn);

describe('glob patterns', () => {
  it('`*` matches within one segment only', () => {
    expect(matches('model.layers.*.mlp', 'model.layers.3.mlp')).to.equal(true);
    expect(matches('model.layers.*.mlp', 'model.layers.3.x.mlp')).to.equal(false);
    expect(matches('a.*_proj', 'a.q_proj')).to.equal(true);
  });

  it('`**` matches any number of whole segments, none included', () => {
    for (const fqn of ['a.b', 'a.x.b', 'a.x.y.b']) expect(matches('a.**.b', fqn), fqn).to.equal(true);
    expect(matches('a.**.b', 'ab')).to.equal(false);
    expect(matches('**.weight', 'model.x.weight')).to.equal(true);
    expect(matches('model.**', 'model.x.y')).to.equal(true);
    expect(matches('**', 'anything.at.all')).to.equal(true);
  });

  it('`{a,b}` matches one alternative; `{name}` captures one segment', () => {
    expect(matches('x.{gate,up}_proj', 'x.up_proj')).to.equal(true);
    expect(matches('x.{gate,up}_proj', 'x.down_proj')).to.equal(false);
    const g = glob('model.layers.{i}.mlp.{p}');
    expect(g.captures).to.deep.equal(['i', 'p']);
    expect(g.regex.exec('model.layers.7.mlp.up_proj')?.groups).to.deep.equal({ i: '7', p: 'up_proj' });
  });

  it('treats other characters literally', () => {
    expect(matches('a+b.c', 'a+b.c')).to.equal(true);
    expect(matches('a.b', 'aXb')).to.equal(false);
  });

  it('refuses malformed globs with a position', () => {
    const bad = (p: string) => compileGlob(p) as { ok: false; reason: string; at: number };
    expect(bad('a.**x').reason).to.match(/whole segment/);
    expect(bad('a.{b').reason).to.match(/closing/);
    expect(bad('a..b')).to.include({ at: 2 });
    expect(bad('a.{}').reason).to.match(/capture name or/);
    expect(compileGlob('{i}.{i}')).to.include({ ok: false, capture: 'i' });
  });
});
