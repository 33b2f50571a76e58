// `npm run bench -- build [--size 4GB] [--limit 1GiB] [--config int8|int4]`
//
// Builds a synthetic Llama-shaped model (scripts/synth-model.ts) of --size with the build
// process held to --limit of memory: V8's heap is capped (--max-old-space-size) and the
// process is killed the moment its resident set passes the limit (polled every 20 ms), so a
// build that does not stream fails here. Reports input MB/s and peak RSS (VmHWM), prints a
// table and writes bench/results/build.json. torchao's quantize_ on CPU runs on the same model
// and config in the bench venv (bash bench/setup-torch.sh; bench/torchao_quantize.py).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { LLAMA_1B_LIKE, layersForBytes, llamaBytes, writeSynthLlama } from '../src/model/synth-llama.js';

const RECIPES: Record<string, string> = {
  int8: 'Int8WeightOnlyConfig()',
  int4: 'IntxWeightOnlyConfig(weight_dtype = torch.int4, granularity = PerGroup(32))',
};

interface TorchaoRun {
  seconds: number;
  loadSeconds: number;
  linearBytes: number;
  mbps: number;
  peakRssMiB: number;
  torch: string;
}

/** torchao's quantize_ on CPU (bench/torchao_quantize.py) in the bench venv, or why not. */
function torchaoBaseline(modelDir: string, config: string): TorchaoRun | string {
  const python = process.env.QF_BENCH_PYTHON ?? '.venv-bench/bin/python';
  if (!existsSync(python)) return `not measured: no ${python} (bash bench/setup-torch.sh makes it)`;
  const r = spawnSync(python, ['bench/torchao_quantize.py', modelDir, config], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) return `torchao run failed: ${r.stderr.trim().split('\n').pop()}`;
  return JSON.parse(last) as TorchaoRun;
}

interface Run {
  ok: boolean;
  seconds: number;
  peakRssBytes: number;
  killedForMemory: boolean;
  output: string;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function buildUnderLimit(args: string[], limitBytes: number): Promise<Run> {
  const heapMb = Math.floor(limitBytes / 2 ** 20 / 3);
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'bench/_build-child.ts', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let killedForMemory = false;
  let polledPeak = 0;
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setInterval(() => {
    const rss = rssKb(child.pid!) * 1024;
    polledPeak = Math.max(polledPeak, rss);
    if (rss > limitBytes && !killedForMemory) {
      killedForMemory = true;
      child.kill('SIGKILL');
    }
  }, 20);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearInterval(timer);
      const hwm = Number(/PEAK_RSS_KB (\d+)/.exec(output)?.[1] ?? 0) * 1024;
      resolve({
        ok: code === 0 && !killedForMemory,
        seconds: (performance.now() - t0) / 1000,
        peakRssBytes: Math.max(hwm, polledPeak),
        killedForMemory,
        output,
      });
    });
  });
}

export default async function bench(argv: string[]): Promise<void> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '4GB' },
      limit: { type: 'string', default: '1GiB' },
      config: { type: 'string', default: 'int8' },
    },
  });
  const bytes = Number(/^([\d.]+)GB$/i.exec(v.size!)?.[1]) * 1e9;
  const limit = Number(/^([\d.]+)GiB$/i.exec(v.limit!)?.[1]) * 2 ** 30;
  if (!bytes || !limit || !RECIPES[v.config!])
    throw new Error('usage: npm run bench -- build [--size 4GB] [--limit 1GiB] [--config int8|int4]');
  const shape = { ...LLAMA_1B_LIKE, layers: layersForBytes(LLAMA_1B_LIKE, bytes) };
  const modelDir = `.cache/models/llama-${v.size!.toLowerCase()}`;
  if (!existsSync(join(modelDir, 'config.json'))) {
    console.log(`writing the synthetic model ${modelDir} (${(llamaBytes(shape) / 1e9).toFixed(2)} GB)...`);
    writeSynthLlama(modelDir, shape);
  }
  mkdirSync('.cache/bench', { recursive: true });
  const recipe = `.cache/bench/llama-${v.config}.quant`;
  writeFileSync(recipe, `quant 1\nrecipe bench {\n  default -> ${RECIPES[v.config!]}\n}\n`);
  const out = `.cache/bench/llama-${v.size}-${v.config}.bundle`;
  console.log(`building ${modelDir} with ${RECIPES[v.config!]}, limited to ${v.limit}...`);
  const run = await buildUnderLimit(['build', recipe, '--model', modelDir, '-o', out, '--force'], limit);
  if (!run.ok)
    throw new Error(
      `build ${run.killedForMemory ? `exceeded ${v.limit} (peak ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB) and was killed` : 'failed'}:\n${run.output.slice(-3000)}`,
    );
  const inputBytes = llamaBytes(shape);
  console.log('running torchao quantize_ on the same model (CPU)...');
  const torchao = torchaoBaseline(modelDir, v.config!);
  const result = {
    model: {
      dir: modelDir,
      layers: shape.layers,
      hidden: shape.hidden,
      intermediate: shape.intermediate,
      vocab: shape.vocab,
      bytes: inputBytes,
    },
    config: RECIPES[v.config!],
    limitBytes: limit,
    seconds: Number(run.seconds.toFixed(2)),
    inputMBps: Number((inputBytes / 1e6 / run.seconds).toFixed(1)),
    peakRssMiB: Number((run.peakRssBytes / 2 ** 20).toFixed(0)),
    torchao,
    buildLine: /built .*/.exec(run.output)?.[0] ?? '',
    machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: Number(os.loadavg()[0].toFixed(1)) },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/build.json', `${JSON.stringify(result, null, 2)}\n`);
  const rows = [
    [
      'model',
      `synthetic Llama ${shape.layers}x${shape.hidden} (ffn ${shape.intermediate}), ${(inputBytes / 1e9).toFixed(2)} GB bf16`,
    ],
    ['config', result.config],
    ['memory limit', `${v.limit} (V8 heap ${Math.floor(limit / 2 ** 20 / 3)} MiB, RSS watchdog)`],
    ['wall time', `${result.seconds} s (including ~1 s of process start)`],
    ['input throughput', `${result.inputMBps} MB/s`],
    ['peak RSS', `${result.peakRssMiB} MiB`],
    [
      'torchao quantize_ (CPU)',
      typeof torchao === 'string'
        ? torchao
        : `${torchao.seconds.toFixed(1)} s for ${(torchao.linearBytes / 1e9).toFixed(2)} GB of linear weights (${torchao.mbps.toFixed(1)} MB/s) after ${torchao.loadSeconds.toFixed(1)} s of loading; peak RSS ${torchao.peakRssMiB.toFixed(0)} MiB; torch ${torchao.torch}`,
    ],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(rows.map(([k, val]) => `${k.padEnd(w)}  ${val}`).join('\n'));
  console.log('wrote bench/results/build.json');
}
