// `npm run bench -- cpu [--reps N] [--no-torch] [--no-ort]`: the generated CPU kernels at
// Llama-3-8B MLP shapes (N=14336 K=4096 and N=4096 K=14336), M = 1 and 16, for int4 g128, int8
// weight-only, int8 dynamic and float8 weight-only (all bf16 activations), plus weight
// quantization throughput (GB/s of bf16 input). In the same run: our own fp32 GEMV, read and
// memcpy bandwidth (bench/cpu_baseline.cc: a 256 MiB buffer for DRAM, and a buffer of each
// kernel's weight bytes read over and over as the kernel reads its weights, so a weight set that
// fits the L3 is compared with L3 reads), torch CPU (bench/cpu_torch.py) and onnxruntime's
// MatMulNBits for int4 (bench/cpu_ort.py), both in .venv-bench made by bench/setup-torch.sh.
// Times are the min (and median) of --reps runs. Prints a table; writes bench/results/cpu-*.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCpuKernels } from '../codegen/cpu/compile.js';
import { cpuHeadersFingerprint, cpuIncludeDir } from '../codegen/cpu/paths.js';
import { compileCpuModule } from '../codegen/toolchain/index.js';
import { loadModule, Tensor, type Module } from '../runtime/src/index.js';
import type { FormatSpec } from '../src/ir/format.js';
import { kernelName, weightInnerShapes, type KernelSpec } from '../src/ir/kernel-spec.js';
import { chooseTile } from '../src/passes/specialize.js';

const here = dirname(fileURLToPath(import.meta.url));
const SHAPES: Array<[number, number]> = [[14336, 4096], [4096, 14336]];
const TOKENS = [1, 16];

const CONFIGS: Record<string, FormatSpec> = {
  int4_g128: { weight: { layout: 'int4_plain', groupSize: 128, mapping: 'asymmetric' }, activation: null, linear: { kind: 'mslk_int4' } },
  int8_weight_only: { weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false }, activation: null, linear: { kind: 'int8_weight_only_scaled' } },
  int8_dynamic: {
    weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    activation: { kind: 'int8', granularity: { kind: 'PerRow', dim: -1 }, mapping: 'SYMMETRIC', reduceRange: false },
    linear: { kind: 'int8_int_mm' },
  },
  float8_weight_only: { weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } }, activation: null, linear: { kind: 'dequantize_then_matmul' } },
};

const spec = (op: 'quantize_weight' | 'linear', format: FormatSpec): KernelSpec => ({
  op, format, target: 'cpu', shapeClass: { dtype: 'bfloat16' }, tile: chooseTile('cpu', op, format),
});

interface Timing { median: number; min: number }

function time(reps: number, fn: () => void): Timing {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)], min: ts[0] };
}

/** Random bf16 weights (normal-ish, deterministic): the bits of fp32 values, rounded. */
function randomBf16(count: number, seed: number): Tensor {
  const t = Tensor.empty([count], 'bfloat16');
  const u16 = new Uint16Array(t.storage().buffer, t.storage().byteOffset, count);
  const f = new Float32Array(1), u = new Uint32Array(f.buffer);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    f[0] = ((s >>> 8) / 2 ** 24 - 0.5) * 0.1 * (1 + (i % 7));
    u16[i] = (u[0] + 0x7fff + ((u[0] >>> 16) & 1)) >>> 16;
  }
  return t;
}

const reshape = (t: Tensor, shape: number[]): Tensor => Tensor.fromBuffer(t.bytes(), { dtype: t.dtype, shape });

function weightBytes(format: FormatSpec, N: number, K: number): number {
  return weightInnerShapes(format, 'bfloat16', N, K).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1) * (s.dtype === 'float32' ? 4 : s.dtype === 'bfloat16' ? 2 : 1), 0) - (format.weight.layout === 'int8' ? N : 0); // zero_point is never read
}

interface Row {
  name: string; N: number; K: number; M: number;
  ours: Timing; bytes: number; torch?: Timing;
  /** onnxruntime MatMulNBits, fp32 activations (accuracy_level 0) and int8 activations (4). */
  ort?: Timing; ortInt8?: Timing;
  /** GB/s of reading a buffer of `bytes`, repeatedly (the memory level those bytes live in). */
  readGBps?: number;
}

async function baselines(): Promise<Module> {
  const source = readFileSync(join(here, 'cpu_baseline.cc'), 'utf8');
  const c = await compileCpuModule({ source, name: 'qf_bench_baseline', includeDirs: [cpuIncludeDir()], extraFlags: [`-DQF_HEADERS=${cpuHeadersFingerprint()}`, '-pthread'] });
  return loadModule(c.path);
}

type AltRows = Array<{ name: string; N: number; K: number; M: number; ms_median: number; ms_min: number; variant?: string }>;

function ortRows(noOrt: boolean, reps: number): { version: string; rows: AltRows } | string {
  const py = join(here, '..', '.venv-bench', 'bin', 'python');
  if (noOrt) return 'skipped (--no-ort)';
  if (!existsSync(py)) return 'onnxruntime not installed: run bench/setup-torch.sh';
  try {
    execFileSync(py, ['-c', 'import onnxruntime, onnx'], { stdio: 'ignore' });
  } catch {
    return 'onnxruntime not installed in .venv-bench: run bench/setup-torch.sh';
  }
  const out = execFileSync(py, [join(here, 'cpu_ort.py'), '2', String(reps)], { encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const j = JSON.parse(out.trim().split('\n').pop()!) as { onnxruntime: string; rows: AltRows };
  return { version: j.onnxruntime, rows: j.rows };
}

function torchRows(noTorch: boolean, reps: number): { version: string; rows: Array<{ name: string; N: number; K: number; M: number; ms_median: number; ms_min: number }> } | string {
  const py = join(here, '..', '.venv-bench', 'bin', 'python');
  if (noTorch) return 'skipped (--no-torch)';
  if (!existsSync(py)) return 'torch not installed: run bench/setup-torch.sh';
  const out = execFileSync(py, [join(here, 'cpu_torch.py'), '2', String(reps)], { encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const j = JSON.parse(out.trim().split('\n').pop()!) as { torch: string; rows: [] };
  return { version: j.torch, rows: j.rows };
}

export default async function bench(argv: string[]): Promise<void> {
  const reps = Number(argv[argv.indexOf('--reps') + 1] ?? 10) || 10;
  const load0 = loadavg()[0];
  const specs = Object.values(CONFIGS).flatMap((f) => [spec('quantize_weight', f), spec('linear', f)]);
  const mod = loadModule((await compileCpuKernels(specs, 'qf_bench_cpu')).path);
  const base = await baselines();
  const rows: Row[] = [];
  const extra: Record<string, number> = {};

  const big = Tensor.empty([64 << 20], 'float32'); // 256 MiB
  const big2 = Tensor.empty([64 << 20], 'float32');
  // touch every page: untouched zero pages all map to one physical page and read from cache
  (big.typedArray() as Float32Array).fill(1);
  (big2.typedArray() as Float32Array).fill(2);
  const read = time(reps, () => base.fn('bench_read_all').call(big));
  const copy = time(reps, () => base.fn('bench_copy_all').call(big, big2));
  extra.read_GBps = (256 * 2 ** 20) / read.min / 1e6;
  extra.memcpy_rw_GBps = (2 * 256 * 2 ** 20) / copy.min / 1e6;
  big.dispose(); big2.dispose();
  const readAt = new Map<number, number>();
  /** Read GB/s of a buffer of about `bytes` (rounded up to 1 MiB), measured once per size. */
  const readFor = (bytes: number): number => {
    const floats = Math.ceil(bytes / 2 ** 20) * 2 ** 18;
    if (!readAt.has(floats)) {
      const buf = Tensor.empty([floats], 'float32');
      (buf.typedArray() as Float32Array).fill(1);
      readAt.set(floats, (floats * 4) / time(reps, () => base.fn('bench_read_all').call(buf)).min / 1e6);
      buf.dispose();
    }
    return readAt.get(floats)!;
  };

  for (const [N, K] of SHAPES) {
    const w = reshape(randomBf16(N * K, N + K), [N, K]);
    for (const [name, format] of Object.entries(CONFIGS)) {
      const outs = weightInnerShapes(format, 'bfloat16', N, K).map((s) => Tensor.empty(s.shape, s.dtype));
      const qt = time(Math.min(reps, 5), () => mod.fn(kernelName(spec('quantize_weight', format))).call(w, ...outs));
      if (name !== 'int8_dynamic') rows.push({ name: `quantize_${name}`, N, K, M: 0, ours: qt, bytes: N * K * 2 });
      for (const M of TOKENS) {
        const x = reshape(randomBf16(M * K, M), [M, K]);
        const y = Tensor.empty([M, N], 'bfloat16');
        const bias = Tensor.empty([0], 'bfloat16');
        const fn = mod.fn(kernelName(spec('linear', format)));
        const ours = time(reps, () => fn.call(x, ...outs, bias, y));
        rows.push({ name, N, K, M, ours, bytes: weightBytes(format, N, K), readGBps: readFor(weightBytes(format, N, K)) });
      }
      for (const o of outs) o.dispose();
    }
    const w32 = Tensor.empty([N, K], 'float32');
    (w32.typedArray() as Float32Array).fill(0.5);
    for (const M of TOKENS) {
      const x = Tensor.empty([M, K], 'float32');
      const y = Tensor.empty([M, N], 'float32');
      rows.push({ name: 'fp32_linear', N, K, M, ours: time(reps, () => base.fn('bench_fp32_linear').call(x, w32, y)), bytes: N * K * 4, readGBps: readFor(N * K * 4) });
    }
    w32.dispose();
    w.dispose();
  }

  for (const [floats, gbs] of readAt) extra[`read_${(floats * 4) / 2 ** 20}MiB_GBps`] = gbs;
  const torch = torchRows(argv.includes('--no-torch'), reps);
  const same = (r: Row) => (x: { name: string; N: number; K: number; M: number }): boolean => x.name === r.name && x.N === r.N && x.K === r.K && x.M === r.M;
  const timing = (t: { ms_median: number; ms_min: number } | undefined): Timing | undefined => (t ? { median: t.ms_median, min: t.ms_min } : undefined);
  if (typeof torch !== 'string') for (const r of rows) r.torch = timing(torch.rows.find(same(r)));
  const ort = ortRows(argv.includes('--no-ort'), reps);
  if (typeof ort !== 'string')
    for (const r of rows) {
      const mine = ort.rows.filter(same(r));
      r.ort = timing(mine.find((x) => x.variant?.endsWith('level 0')));
      r.ortInt8 = timing(mine.find((x) => x.variant?.endsWith('level 4')));
    }
  const machine = { loadavg1: load0, loadavg1_end: loadavg()[0], cpus: 2, reps };
  const context = { machine, bandwidth: extra, torch: version(torch), onnxruntime: version(ort) };
  print(rows, context);
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString();
  const file = join(dir, `cpu-${stamp.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ ...context, rows }, null, 2));
  writeFileSync(join(dir, 'cpu.md'), markdown(rows, context, stamp, basename(file)));
  console.log(`\nwrote ${file} and ${join(dir, 'cpu.md')}`);
}

const version = (v: { version: string } | string): string => (typeof v === 'string' ? v : v.version);

interface Context {
  machine: { loadavg1: number; loadavg1_end: number; cpus: number; reps: number };
  bandwidth: Record<string, number>;
  torch: string;
  onnxruntime: string;
}

const HEAD = ['kernel', 'N', 'K', 'M', 'ours min', 'ours med', 'GB/s', '% read', 'torch min', 'torch/ours', 'ort min', 'ort/ours', 'ort-i8 min', 'ort-i8/ours', 'limit'];

/** One line of strings per row, in HEAD's columns. */
function table(rows: Row[]): string[][] {
  const alt = (t: Timing | undefined, ours: Timing): string[] => (t ? [t.min.toFixed(2), `${(t.min / ours.min).toFixed(2)}x`] : ['-', '-']);
  return rows.map((r) => {
    const gbs = r.bytes / r.ours.min / 1e6;
    const share = r.readGBps ? (100 * gbs) / r.readGBps : NaN;
    return [r.name, r.N, r.K, r.M || '-', r.ours.min.toFixed(2), r.ours.median.toFixed(2), gbs.toFixed(1), Number.isNaN(share) ? '-' : `${share.toFixed(0)}%`,
      ...alt(r.torch, r.ours), ...alt(r.ort, r.ours), ...alt(r.ortInt8, r.ours), limit(r, share)].map(String);
  });
}

function print(rows: Row[], c: Context): void {
  console.log(`read bandwidth ${c.bandwidth.read_GBps.toFixed(1)} GB/s (256 MiB), memcpy ${c.bandwidth.memcpy_rw_GBps.toFixed(1)} GB/s read+write (2 threads); load average ${c.machine.loadavg1.toFixed(1)}; torch: ${c.torch}; onnxruntime: ${c.onnxruntime}`);
  console.log(`times in ms: min / median of ${c.machine.reps} runs; GB/s = weight bytes (or bf16 input for quantize) / min time;`);
  console.log('% read = that GB/s over reading the same number of bytes over and over; x/ours = their min / our min (> 1: ours is faster)');
  const lines = table(rows);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]): string => l.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(fmt(HEAD));
  for (const l of lines) console.log(fmt(l));
}

/** bench/results/cpu.md: the table of the latest run with what its columns mean. */
function markdown(rows: Row[], c: Context, stamp: string, json: string): string {
  const bw = Object.entries(c.bandwidth).map(([k, v]) => `${k.replace(/_GBps$/, '')} ${v.toFixed(1)} GB/s`).join(', ');
  const row = (l: string[]): string => `| ${l.join(' | ')} |`;
  return [
    '# CPU kernels vs torch and onnxruntime (`npm run bench -- cpu`)',
    '',
    `Run ${stamp} (${json}); written by bench/cpu.ts, do not edit by hand. ${c.machine.cpus} cores (AMD EPYC, Zen 5, AVX-512 BF16/VNNI, 32 MiB L3),`,
    `2 threads for every kernel; load average ${c.machine.loadavg1.toFixed(1)} at the start and ${c.machine.loadavg1_end.toFixed(1)} at the end: other people compile on the same`,
    `2 cores, so every time is the **min of ${c.machine.reps} runs** (median beside ours) and only numbers of this one run are compared.`,
    `torch ${c.torch}, onnxruntime ${c.onnxruntime}.`,
    '',
    `Read bandwidth (fp32 sums, 2 threads): ${bw}. The same-size reads say where a kernel's weights live when it runs over and over:`,
    'int4 g128 (29.9 MB) fits the L3, the one-byte formats (58.7 MB) and fp32 (235 MB) do not.',
    '',
    '- GB/s: weight bytes (qdata + scales + zeros; bf16 input for quantize rows) / min time.',
    '- % read: that over reading a buffer of the same bytes over and over (fp32 sums, 2 threads: a yardstick a kernel can beat, hence > 100%);',
    '  `limit` is bandwidth at ≥ 75%, else compute (the decode and multiply instructions).',
    '- x/ours: their min / our min, > 1 where ours is faster.',
    '- torch: int4 `_weight_int4pack_mm_for_cpu` (tinygemm packing, bf16 x), int8 wo `_weight_int8pack_mm`, int8 dynamic `quantize_dynamic` (FBGEMM, fp32 x),',
    '  float8 wo torchao\'s dequantize + `F.linear`, fp32 `F.linear` (bench/cpu_torch.py).',
    '- ort: onnxruntime MatMulNBits (com.microsoft, bits 4, block 128, fp32 x): accuracy_level 0 (fp32 activations) and',
    '  `ort-i8` accuracy_level 4 (x quantized to int8 per block: other numerics than torchao\'s weight-only int4) (bench/cpu_ort.py).',
    '- fp32_linear "ours" is the plain fp32 GEMV of bench/cpu_baseline.cc, a yardstick, not a product kernel.',
    '',
    row(HEAD),
    row(HEAD.map((_, i) => (i === 0 || i === HEAD.length - 1 ? '---' : '---:'))),
    ...table(rows).map(row),
    '',
  ].join('\n');
}

/**
 * What bounds a row: within 75% of reading the same bytes it is the memory system; below
 * that, the decode and multiply instructions (quantize rows: always compute).
 */
function limit(r: Row, share: number): string {
  if (r.M === 0) return 'compute (quantize)';
  return share >= 75 ? 'bandwidth' : 'compute';
}
