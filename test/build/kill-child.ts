// Child process of atomic-kill.test.ts: builds MODEL_DIR into OUT, reporting each tensor on
// stdout (the parent kills it at a random point), then prints "done".
import { buildBundle } from '../../src/build/pipeline.js';
import { openModelFolder } from '../../src/model/folder.js';
import { INT8_PER_ROW } from './fixtures.js';

const [modelDir, out] = process.argv.slice(2);
const model = openModelFolder(modelDir);
const plan = {
  recipe: { file: 'kill.quant', source: '', ir: {} },
  targets: [],
  parameters: model.parameters.map((p) => ({
    fqn: p.fqn,
    decision: { kind: 'quantize' as const, config: 'Int8WeightOnlyConfig()', rule: 'default', format: INT8_PER_ROW },
  })),
};
await buildBundle(plan, model, {
  out,
  maxShardBytes: 64 * 1024,
  progress: { mode: 'tty', write: (t) => process.stdout.write(t.includes('\r') ? 'tick\n' : '') },
});
process.stdout.write('done\n');
