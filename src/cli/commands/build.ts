// `quantforge build RECIPE --model DIR -o OUT`: the product's main job (src/build/pipeline.ts).
import { existsSync } from 'node:fs';
import { type CliCommand, UserError } from '../command.js';
import { asUserError, parseOrUsage, parseSize } from '../../build/cli-args.js';
import { FrontEndError, planBuild } from '../../build/frontend.js';
import { parseShard } from '../../build/partition.js';
import { buildBundle } from '../../build/pipeline.js';
import { openModelFolder } from '../../model/folder.js';

const USAGE = `usage: quantforge build RECIPE --model DIR -o OUT [options]

Quantizes the model folder DIR (config.json + safetensors) with RECIPE (a .quant file) and
writes the bundle OUT: manifest.json, weights/, kernels/, index.ts. OUT appears only when
complete; a failed or killed build leaves no OUT.

  --model DIR            Hugging Face style model folder
  -o, --out OUT          bundle folder to create
  --recipe NAME          which recipe of the file (default: the last one)
  --device cpu|cuda      where weights are quantized (default cpu)
  --shard i/N            build only the i-th of N disjoint slices (join with quantforge merge)
  --max-shard-size SIZE  bytes per weights file, e.g. 2GB (default 2GiB)
  --no-kernels           store weights only: generate and compile no kernels
  --runtime-import SPEC  module index.ts imports the runtime from (default quantforge/runtime)
  --force                replace an existing OUT
  --quiet                no progress output`;

const OPTIONS = {
  model: { type: 'string' },
  out: { type: 'string', short: 'o' },
  recipe: { type: 'string' },
  device: { type: 'string' },
  shard: { type: 'string' },
  'max-shard-size': { type: 'string' },
  force: { type: 'boolean' },
  'no-kernels': { type: 'boolean' },
  'runtime-import': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export const command: CliCommand = {
  name: 'build',
  summary: 'quantize a model with a recipe into a bundle',
  usage: USAGE,
  async run(argv, io) {
    const { values: v, positionals } = parseOrUsage({ args: argv, allowPositionals: true, options: OPTIONS }, USAGE);
    if (positionals.length !== 1 || !v.model || !v.out)
      throw new UserError(`build needs RECIPE, --model and -o\n${USAGE}`);
    const device = v.device ?? 'cpu';
    if (device !== 'cpu' && device !== 'cuda') throw new UserError(`--device must be cpu or cuda, got '${device}'`);
    const shard = v.shard ? await asUserError(() => parseShard(v.shard!)) : undefined;
    const maxShardBytes = v['max-shard-size'] ? parseSize(v['max-shard-size'], '--max-shard-size') : undefined;
    if (!existsSync(v.model)) {
      throw new UserError(
        `${v.model}: no such model folder (npm run setup installs the default model into models/all-MiniLM-L6-v2)`,
      );
    }
    let front;
    try {
      front = planBuild(positionals[0], v.model, { recipe: v.recipe, color: io.isTTY });
    } catch (e) {
      if (e instanceof FrontEndError) {
        io.stderr(e.message);
        return 1;
      }
      throw new UserError((e as Error).message);
    }
    if (front.warnings) io.stderr(front.warnings);
    const model = await asUserError(() => openModelFolder(v.model!));
    try {
      const mode = v.quiet ? 'quiet' : io.isTTY ? 'tty' : 'lines';
      const r = await asUserError(() =>
        buildBundle(front.plan, model, {
          out: v.out!,
          device,
          shard,
          maxShardBytes,
          force: v.force,
          kernels: !v['no-kernels'],
          runtimeImport: v['runtime-import'],
          progress: { mode, write: io.stderr },
        }),
      );
      const after = r.manifest.parameters.reduce((a, p) => a + p.bytesAfter, 0);
      const what = shard ? `shard ${shard.index}/${shard.count} ` : '';
      if (!v.quiet)
        io.stdout(
          `built ${what}${v.out}: ${r.manifest.parameters.length} tensors, ${(r.inputBytes / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(1)} MB in ${r.seconds.toFixed(1)} s (${(r.inputBytes / 1e6 / Math.max(r.seconds, 1e-9)).toFixed(1)} MB/s)\n`,
        );
    } finally {
      model.weights.close();
    }
    return 0;
  },
};
