// Writes the oracle's exact tensors for scripts/gpu/intx-check.sh (bench/gpu/bench_intx.py):
// for every case of INTX_CASES, a random bf16 weight [N, K] quantized by the TS oracle
// (src/numerics: intx, int8, float8 layouts, CUDA arithmetic) with its torchao inner tensors and
// its dequantized bf16 weight. `npx tsx bench/gpu/intx-oracle-cases.ts <out-dir>` writes
// <case>.<tensor>.bin (raw little-endian bytes) and cases.json (kernel tag, element type,
// granularity, mapping, scale dtype, dtypes and shapes) that bench_intx.py also uses to draw
// fresh random data per case.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromFloat64 } from '../../src/numerics/host-codec.js';
import type { HostTensor } from '../../src/numerics/host-tensor.js';
import { dequantizeWeight, quantizeWeight } from '../../src/numerics/index.js';
import { INTX_CASES } from './intx-kernel-set.js';

const outDir = resolve(process.argv[2] ?? '.gpu/intx');
mkdirSync(outDir, { recursive: true });
const N = 136, K = 512; // N % 16 == 8: the last 16-channel tile of the decode kernels is half empty
let seed = Date.now() >>> 0;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

type Meta = { dtype: string; shape: number[] };
const cases: Record<string, { kernel: string; weight: unknown; tensors: Record<string, Meta> }> = {};
for (const [name, c] of Object.entries(INTX_CASES)) {
  // rows with magnitudes 2^-6 .. 2^6 and an offset on every third row (asymmetric zero points)
  const values = Array.from({ length: N * K }, (_, i) => {
    const row = (i / K) | 0;
    return (gauss() + (row % 3 === 0 ? 1.5 : 0)) * 2 ** ((row % 13) - 6);
  });
  const weight = fromFloat64(values, 'bfloat16', [N, K]);
  const q = quantizeWeight(c.format, weight, { device: 'cuda' });
  const tensors: Record<string, HostTensor> = { ...q.tensors, dequantized: dequantizeWeight(c.format, q, 'bfloat16') };
  const meta: Record<string, Meta> = {};
  for (const [t, h] of Object.entries(tensors)) {
    writeFileSync(join(outDir, `${name}.${t}.bin`), h.data);
    meta[t] = { dtype: h.dtype, shape: [...h.shape] };
  }
  cases[name] = { kernel: c.kernel, weight: c.format.weight, tensors: meta };
}
writeFileSync(join(outDir, 'cases.json'), JSON.stringify({ N, K, cases }, null, 1));
console.log(`${Object.keys(cases).length} oracle cases -> ${outDir}`);
