// `npm run bench -- oracle [N K]`: seconds the integer oracle takes to quantize one real-layer
// sized bf16 weight (default 14336x4096, Llama-3-8B's MLP) to int4 with group size 128, in
// each int4 storage torchao has (the bar: under 5 s for Int4WeightOnlyConfig()), and
// to int8 per row. HQQ is left out: its 20-iteration solver takes about a minute here.
// Writes bench/results/oracle.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantizeWeight } from '../src/numerics/index.js';
import type { FormatSpec, WeightFormat } from '../src/ir/format.js';

const FORMATS: [string, WeightFormat][] = [
  ['int4 plain g128 (Int4WeightOnlyConfig default)', { layout: 'int4_plain', groupSize: 128, mapping: 'asymmetric' }],
  ['int4 tile_packed_to_4d g128 tinygemm', { layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'tinygemm', ntile: 8 }],
  ['int8 per-row (Int8WeightOnlyConfig)', { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false }],
  [
    'intx int4 g128 sym (IntxWeightOnlyConfig)',
    { layout: 'intx_unpacked_to_int8', element: 'int4', granularity: { kind: 'PerGroup', groupSize: 128 }, mapping: 'SYMMETRIC', scaleDtype: null, algorithm: 'affine' },
  ],
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
  const only = argv[2];
  const w = weight(n, k);
  const rows: { format: string; seconds: number }[] = [];
  for (const [name, format] of FORMATS.filter(([name]) => !only || name.includes(only))) {
    const spec: FormatSpec = { weight: format, activation: null, linear: { kind: 'dequantize_then_matmul' } };
    const t0 = performance.now();
    quantizeWeight(spec, w);
    rows.push({ format: name, seconds: (performance.now() - t0) / 1000 });
  }
  console.log(`quantizeWeight on bf16 [${n}, ${k}]`);
  for (const r of rows) console.log(`  ${r.format.padEnd(46)} ${r.seconds.toFixed(2)} s`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'oracle.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ shape: [n, k], dtype: 'bfloat16', budget_seconds: 5, rows }, null, 2) + '\n');
}
