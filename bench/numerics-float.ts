// `npm run bench -- numerics-float [N K]`: seconds the float oracle takes to quantize one
// real-layer-sized bf16 weight (default 14336x4096, Llama-3-8B's MLP) to each float format.
// The oracle is not the fast path, but it must be usable on real layers (a few seconds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantizeWeight } from '../src/numerics/index.js';
import type { FormatSpec, WeightFormat } from '../src/ir/format.js';

const FORMATS: [string, WeightFormat][] = [
  ['float8 e4m3 per-row', { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } }],
  ['float8 e4m3 128x128', { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [128, 128] } }],
  ['mxfp8 e4m3 RCEIL', { layout: 'mx', element: 'float8_e4m3fn', blockSize: 32, scaling: 'RCEIL' }],
  ['mxfp4 RCEIL', { layout: 'mx', element: 'fp4_e2m1', blockSize: 32, scaling: 'RCEIL' }],
  ['nvfp4', { layout: 'nvfp4', blockSize: 16, perTensorScale: true }],
];

/** Deterministic bf16 weights of magnitude ~0.01-1 with both signs. */
function weight(n: number, k: number) {
  const halves = new Uint16Array(n * k);
  let s = 12345;
  for (let i = 0; i < halves.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    halves[i] = (0x3c00 + (s >>> 20)) ^ ((s & 1) << 15);
  }
  return { dtype: 'bfloat16' as const, shape: [n, k], data: new Uint8Array(halves.buffer) };
}

export default async function run(argv: string[]): Promise<void> {
  const [n, k] = [Number(argv[0] ?? 14336), Number(argv[1] ?? 4096)];
  const w = weight(n, k);
  const rows: { format: string; seconds: number }[] = [];
  for (const [name, format] of FORMATS) {
    const spec: FormatSpec = { weight: format, activation: null, linear: { kind: 'dequantize_then_matmul' } };
    const t0 = performance.now();
    quantizeWeight(spec, w);
    rows.push({ format: name, seconds: (performance.now() - t0) / 1000 });
  }
  console.log(`quantizeWeight on bf16 [${n}, ${k}]`);
  for (const r of rows) console.log(`  ${r.format.padEnd(22)} ${r.seconds.toFixed(2)} s`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'numerics-float.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ shape: [n, k], dtype: 'bfloat16', rows }, null, 2) + '\n');
}
