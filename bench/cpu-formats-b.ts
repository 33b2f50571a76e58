// `npx tsx bench/cpu-formats-b.ts [--reps N]`: the CPU linears of issue 6 part B at one Llama-3-8B
// MLP shape (N=14336, K=4096), M = 1 and 16, bf16 activations: float8 blockwise (1x128 /
// 128x128), NVFP4 dynamic, float8 2:4 sparse ('2d'), next to the dense float8 per-row dynamic
// linear (_scaled_mm) they are variants of. Times are min (median) over --reps calls; weight
// bytes are what the kernel reads (the sparse layout: kept values + metadata + scales).
import { compileCpuKernels } from '../codegen/cpu/compile.js';
import { loadModule, Tensor } from '../runtime/src/index.js';
import type { FormatSpec } from '../src/ir/format.js';
import { kernelName, weightInnerShapes, type KernelSpec } from '../src/ir/kernel-spec.js';
import { chooseTile } from '../src/passes/specialize.js';

const [N, K] = [14336, 4096];
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1] || 5) || 5;
const row = { kind: 'PerRow', dim: -1 } as const;

const CONFIGS: Record<string, FormatSpec> = {
  float8_dynamic_row: {
    weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: row },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: row, lowerBound: null, upperBound: null },
    linear: { kind: 'scaled_mm', useFastAccum: true },
  },
  float8_blockwise: {
    weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [128, 128] } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [1, 128] }, lowerBound: null, upperBound: null },
    linear: { kind: 'blockwise_scaled_mm' },
  },
  nvfp4_dynamic: {
    weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true },
    activation: { kind: 'nvfp4', dynamicPerTensorScale: true },
    linear: { kind: 'nvfp4_scaled_mm' },
  },
  float8_sparse_2d: {
    weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata: '2d', granularity: row },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: row, lowerBound: null, upperBound: null },
    linear: { kind: 'sparse_scaled_mm' },
  },
};

const spec = (op: 'quantize_weight' | 'linear', format: FormatSpec): KernelSpec => ({
  op, format, target: 'cpu', shapeClass: { dtype: 'bfloat16' }, tile: chooseTile('cpu', op, format),
});

function randomBf16(shape: number[], seed: number): Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  const t = Tensor.empty(shape, 'bfloat16');
  const u16 = new Uint16Array(t.storage().buffer, t.storage().byteOffset, count);
  let s = seed >>> 0;
  const f = new Float32Array(1), u = new Uint32Array(f.buffer);
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    f[0] = (s / 2 ** 32 - 0.5) * 0.1;
    u16[i] = u[0] >>> 16;
  }
  return t;
}

function time(fn: () => void): { min: number; median: number } {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return { min: ts[0], median: ts[Math.floor(ts.length / 2)] };
}

const specs = Object.values(CONFIGS).flatMap((f) => [spec('quantize_weight', f), spec('linear', f)]);
const mod = loadModule((await compileCpuKernels(specs, 'qf_bench_formats_b')).path);
const w = randomBf16([N, K], 1);
console.log(`N=${N} K=${K}, bf16 x, ${reps} reps: ms min (median), weight MB read`);
for (const [label, f] of Object.entries(CONFIGS)) {
  const shapes = weightInnerShapes(f, 'bfloat16', N, K);
  const inner = shapes.map((s) => Tensor.empty(s.shape, s.dtype));
  mod.fn(kernelName(spec('quantize_weight', f))).call(w, ...inner);
  const bytes = inner.reduce((a, t) => a + t.bytes().byteLength, 0);
  for (const M of [1, 16]) {
    const x = randomBf16([M, K], 2), y = Tensor.empty([M, N], 'bfloat16'), none = Tensor.empty([0], 'bfloat16');
    const fn = mod.fn(kernelName(spec('linear', f)));
    const t = time(() => fn.call(x, ...inner, none, y));
    console.log(`${label.padEnd(20)} M=${String(M).padEnd(3)} ${t.min.toFixed(2)} (${t.median.toFixed(2)}) ms  ${(bytes / 1e6).toFixed(1)} MB  ${(bytes / 1e6 / t.min).toFixed(1)} GB/s`);
  }
}
