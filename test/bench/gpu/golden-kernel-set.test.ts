// The kernel set scripts/gpu/golden-check.sh carries: the tag-keyed GPU tests find their tags in
// the `tests` module, and every kernel a golden case run on CUDA needs is built exactly once.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cudaLinearFormat } from '../../../codegen/cuda/formats.js';
import { REPO_ROOT } from '../../../codegen/toolchain/paths.js';
import { canonicalJson } from '../../../src/ir/kernel-spec.js';
import { GPU_TEST_TAGS, goldenKernelSet } from '../../../bench/gpu/golden-kernel-set.js';
import { GOLDEN_DIR } from '../../numerics/golden-dir.js';

describe('golden-check kernel set (bench/gpu/golden-kernel-set.ts)', () => {
  const set = goldenKernelSet([GOLDEN_DIR], 10);

  it('holds the tags each tag-keyed GPU test reads (its TAGS), in the tests module', () => {
    const tests = set.groups.find((g) => g.name === 'tests')!;
    for (const [file, tags] of Object.entries(GPU_TEST_TAGS)) {
      const src = readFileSync(join(REPO_ROOT, 'test', 'codegen', 'cuda', `${file}.gpu.test.ts`), 'utf8');
      const declared = /const TAGS = \[([^\]]*)\]/.exec(src)?.[1];
      if (declared)
        expect(
          [...declared.matchAll(/'([^']+)'/g)].map((m) => m[1]),
          `${file}.gpu.test.ts TAGS`,
        ).to.deep.equal([...tags]);
      else expect(src, `${file}.gpu.test.ts reads table.${tags[0]}`).to.include(`table.${tags[0]}`);
      for (const t of tags) expect(Object.keys(tests.kernels)).to.include(t);
    }
  });

  it('builds every kernel format once, the parts in modules of at most 10', () => {
    const keys = set.groups.flatMap((g) =>
      Object.values(g.kernels).map((k) => {
        const f = cudaLinearFormat(k.format);
        return f.ok ? canonicalJson(f.format) : `none: ${f.reason}`;
      }),
    );
    expect(keys.filter((k) => k.startsWith('none'))).to.deep.equal([]);
    expect(new Set(keys).size).to.equal(keys.length);
    for (const g of set.groups.filter((x) => x.name.startsWith('part-')))
      expect(Object.keys(g.kernels).length).to.be.at.most(10);
  });

  it('gives every case it runs kernels that are in the set, and says why for the others', () => {
    const all = new Set(set.groups.flatMap((g) => Object.keys(g.kernels)));
    expect(set.used.size).to.be.at.least(60);
    for (const [id, keys] of set.used) for (const k of keys) expect(all.has(k), `${id} needs ${k}`).to.equal(true);
    for (const [id, why] of set.notRun) expect(why, id).to.match(/bfloat16|N % \d+ == 0|2-D|no weight|CUDA/);
  });
});
