// A bundle built with the default runtime import (`quantforge/runtime`) runs in an
// application inside a package that depends on quantforge — here quantforge itself, through
// its package "exports" (Node's self-reference).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBundle } from '../../src/build/pipeline.js';
import { openModelFolder } from '../../src/model/folder.js';
import { tinyPlan, writeTinyModel } from '../build/fixtures.js';

describe('bundle/index-ts: the default runtime import', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    mkdirSync(resolve('.cache'), { recursive: true });
    dir = mkdtempSync(resolve('.cache', 'qf-default-import-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("resolves 'quantforge/runtime' and reads the bundle", async () => {
    mkdirSync(join(dir, 'model'));
    writeTinyModel(join(dir, 'model'));
    const model = openModelFolder(join(dir, 'model'));
    await buildBundle(tinyPlan(), model, { out: join(dir, 'b') });
    model.weights.close();
    writeFileSync(
      join(dir, 'app.ts'),
      "import { open } from './b/index.ts';\nconst b = open();\nconsole.log(b.tensor('layers.0.q.weight', 'qdata').dtype);\nb.close();\n",
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'app.ts')], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('I8');
  });
});
