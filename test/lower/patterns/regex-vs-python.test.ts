// Differential test: for random patterns of the accepted subset, our compiled regex fully
// matches exactly the FQNs Python's `re.fullmatch` matches (what torchao runs). Each pattern
// is generated with a string it must match, so matches are tested as well as misses.
// Skipped, with the reason, where no python3 is installed.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { checkRegex } from '../../../src/lower/patterns/regex.js';

/** A pattern and one string it matches. */
type Gen = { re: string; hit: string };

const ATOMS: [string, string][] = [
  ['a', 'a'],
  ['x', 'x'],
  ['0', '0'],
  ['_', '_'],
  ['\\.', '.'],
  ['.', 'z'],
  ['\\d', '7'],
  ['\\w', 'q'],
  ['[ab]', 'b'],
  ['[^.]', 'y'],
  ['[0-9]', '3'],
  ['\\D', 'k'],
  ['layers', 'layers'],
  ['q_proj', 'q_proj'],
  ['weight', 'weight'],
];
const QUANTS: [string, number][] = [
  ['*', 2],
  ['+', 1],
  ['?', 0],
  ['{2}', 2],
  ['{1,2}', 1],
  ['*?', 0],
  ['+?', 3],
];

const atom = fc.constantFrom(...ATOMS).map(([re, hit]) => ({ re, hit }));

// Quantifiers apply to atoms only: nested quantifiers make Python's backtracking exponential.
const gen: fc.Arbitrary<Gen> = fc.letrec<{ re: Gen; piece: Gen }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small' },
    atom,
    fc.tuple(atom, fc.constantFrom(...QUANTS)).map(([p, [q, n]]) => ({ re: `(?:${p.re})${q}`, hit: p.hit.repeat(n) })),
    tie('re').map((r) => ({ re: `(${r.re})`, hit: r.hit })),
  ),
  re: fc.oneof(
    fc
      .array(tie('piece'), { minLength: 1, maxLength: 4 })
      .map((ps) => ({ re: ps.map((p) => p.re).join(''), hit: ps.map((p) => p.hit).join('') })),
    fc
      .tuple(tie('piece'), tie('piece'), fc.boolean())
      .map(([a, b, left]) => ({ re: `${a.re}|${b.re}`, hit: left ? a.hit : b.hit })),
  ),
})).re;

/** Random FQN-like text (mostly misses). */
const fqn = fc
  .array(fc.constantFrom('a', 'b', 'x', '0', '_', '.', 'layers', 'q_proj', 'weight', '7'), { maxLength: 8 })
  .map((p) => p.join(''));

const PY =
  'import json,re,sys\ncases=json.load(sys.stdin)\nprint(json.dumps([[re.fullmatch(p,s) is not None for s in ss] for p,ss in cases]))';

describe('regex patterns against Python re.fullmatch (differential)', () => {
  it('match the same FQNs on random patterns of the common subset', function () {
    this.timeout(60000);
    if (spawnSync('python3', ['-c', 'print(1)']).status !== 0) this.skip();
    const samples = fc.sample(fc.tuple(gen, fc.array(fqn, { minLength: 4, maxLength: 4 }), fc.boolean()), {
      numRuns: 500,
      seed: 42,
    });
    // Half the patterns wrap a piece in a Python named group, which we translate.
    const cases = samples.map(([g, misses, named]): [string, string[]] => [
      named ? `(?P<g>${g.re})` : g.re,
      [g.hit, ...misses],
    ]);
    const run = spawnSync('python3', ['-c', PY], { input: JSON.stringify(cases), encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    const expected = JSON.parse(run.stdout) as boolean[][];
    expect(
      expected.every((row) => row[0]),
      'every generated hit matches in Python',
    ).to.equal(true);
    const mismatches: string[] = [];
    cases.forEach(([pattern, fqns], i) => {
      const r = checkRegex(pattern);
      if (!r.ok) return void mismatches.push(`${pattern}: refused (${r.reason})`);
      fqns.forEach((s, j) => {
        if (r.regex.test(s) !== expected[i][j])
          mismatches.push(`${pattern} on ${JSON.stringify(s)}: python says ${expected[i][j]}`);
      });
    });
    expect(mismatches.slice(0, 10)).to.deep.equal([]);
  });
});
