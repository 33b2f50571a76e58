// A tiny model folder and plans for the build tests: two linears, a norm and an embedding, in
// bfloat16 with deterministic pseudo-random values.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormatSpec } from '../../src/ir/format.js';
import type { BuildPlan, PlannedDecision } from '../../src/build/plan-input.js';
import { buildBundle, type BuildOptions, type BuildResult } from '../../src/build/pipeline.js';
import { openModelFolder } from '../../src/model/folder.js';
import { ShardedSafetensorsWriter } from '../../src/model/sharded-writer.js';
import { fromFloat64 } from '../../src/numerics/host-codec.js';

export const INT8_PER_ROW: FormatSpec = {
  weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
  activation: null,
  linear: { kind: 'int8_weight_only_scaled' },
};

export const TINY_PARAMS: [string, number[]][] = [
  ['embed.weight', [32, 16]],
  ['layers.0.q.weight', [16, 16]],
  ['layers.0.q.bias', [16]],
  ['layers.0.norm.weight', [16]],
  ['layers.0.up.weight', [48, 16]],
  ['layers.1.q.weight', [16, 16]],
  ['layers.1.up.weight', [48, 16]],
];

export function writeTinyModel(dir: string, maxShardBytes?: number): void {
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'tiny', hidden_size: 16 }));
  const w = new ShardedSafetensorsWriter(dir, { maxShardBytes });
  let seed = 1;
  for (const [name, shape] of TINY_PARAMS) {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    });
    const t = fromFloat64(values, 'bfloat16', shape);
    w.add(name, { dtype: 'BF16', shape, data: t.data });
  }
  w.finish();
}

/** Int8 weight-only on every 2-D linear weight, skip the rest. */
export function tinyPlan(): BuildPlan {
  return {
    recipe: {
      file: '/somewhere/tiny.quant',
      source: 'quant 1\nrecipe tiny { default -> Int8WeightOnlyConfig() }\n',
      ir: { version: 1, recipes: [] },
    },
    targets: [],
    parameters: TINY_PARAMS.map(([fqn, shape]) => {
      const decision: PlannedDecision =
        shape.length === 2 && !fqn.startsWith('embed')
          ? { kind: 'quantize', config: 'Int8WeightOnlyConfig()', rule: 'default (tiny.quant:2)', format: INT8_PER_ROW }
          : { kind: 'skip', reason: 'not a linear weight' };
      return { fqn, decision };
    }),
  };
}

/** Writes the tiny model into `dir` and builds `tinyPlan()` from it into `options.out`. */
export async function buildTinyBundle(dir: string, options: BuildOptions): Promise<BuildResult> {
  writeTinyModel(dir);
  const model = openModelFolder(dir);
  try {
    return await buildBundle(tinyPlan(), model, options);
  } finally {
    model.weights.close();
  }
}
