import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../../src/cli/command.js';
import { command } from '../../../src/cli/commands/verify-golden.js';
import { GOLDEN_DIR } from '../../numerics/golden-dir.js';

async function run(argv: string[]) {
  let out = '';
  const code = await command.run(argv, { stdout: (t) => (out += t), stderr: () => {}, isTTY: false });
  return { code, out };
}

describe('quantforge verify-golden', () => {
  it('prints one line per case and the totals; exit 0 when all pass', async () => {
    const { code, out } = await run([GOLDEN_DIR, '--filter', 'int8_weight_only__per_row__float']);
    expect(code).to.equal(0);
    expect(out).to.match(/^PASS int8_weight_only__per_row__float16__a {2}5 tensors match$/m);
    expect(out.trim().split('\n').at(-1)).to.equal('2 passed, 0 failed');
  });

  it('exits 1 and names the differing tensor when a case fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qf-golden-'));
    try {
      const id = 'int8_weight_only__per_row__bfloat16__a';
      cpSync(join(GOLDEN_DIR, id), join(dir, id), { recursive: true });
      const manifestPath = join(dir, id, 'manifest.json');
      const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
      m.config.config_to_dict._data.granularity = { _type: 'PerTensor', _version: 1, _data: {} };
      writeFileSync(manifestPath, JSON.stringify(m));
      const { code, out } = await run([dir]);
      expect(code).to.equal(1);
      expect(out).to.match(/^FAIL int8_weight_only__per_row__bfloat16__a {2}qweight\.qdata: \d+\/4096 elements differ/m);
      expect(out).to.match(/0 passed, 1 failed\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--json prints the totals and each result', async () => {
    const { out } = await run([GOLDEN_DIR, '--json', '--filter', 'fqn_to_config__exact_module']);
    const j = JSON.parse(out);
    expect(j).to.include({ backend: 'ref', passed: 0, failed: 0, skipped: 1 });
    expect(j.results[0]).to.include({ caseId: 'fqn_to_config__exact_module', outcome: 'skipped' });
  });

  it('refuses unknown backends, missing folders and stray arguments', async () => {
    for (const argv of [[GOLDEN_DIR, '--backend', 'tpu'], ['/nonexistent/golden'], [GOLDEN_DIR, 'extra']]) {
      let err: unknown;
      try {
        await run(argv);
      } catch (e) {
        err = e;
      }
      expect(err, argv.join(' ')).to.be.instanceOf(UserError);
    }
  });
});
