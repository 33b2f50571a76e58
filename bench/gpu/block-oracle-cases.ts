// Writes the oracle's exact bytes for the block-scaled CUDA checks (bench/gpu/bench_block.py):
// for each format of BENCH_FORMATS that is MX or NVFP4, a random bf16 weight [256, 512]
// quantized by the TS oracle (src/numerics/formats/mx.ts, nvfp4.ts; swizzled scales) and its
// dequantized bf16 weight. `npx tsx bench/gpu/block-oracle-cases.ts <out-dir>` writes
// <tag>.<tensor>.bin (raw little-endian bytes) and cases.json (dtypes, shapes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HostTensor } from '../../src/numerics/host-tensor.js';
import { fromFloat64 } from '../../src/numerics/host-codec.js';
import { mxOps } from '../../src/numerics/formats/mx.js';
import { nvfp4Ops } from '../../src/numerics/formats/nvfp4.js';
import { BENCH_FORMATS } from './kernel-set.js';

const outDir = resolve(process.argv[2] ?? '.gpu/block-oracle');
mkdirSync(outDir, { recursive: true });
const N = 272, K = 512; // N % 128 != 0: the swizzled scales carry padding rows
let seed = Date.now() >>> 0;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

const cases: Record<string, Record<string, { dtype: string; shape: number[] }>> = {};
const save = (tag: string, name: string, t: HostTensor): void => {
  writeFileSync(join(outDir, `${tag}.${name}.bin`), t.data);
  (cases[tag] ??= {})[name] = { dtype: t.dtype, shape: [...t.shape] };
};
for (const [tag, spec] of Object.entries(BENCH_FORMATS)) {
  const w = spec.weight;
  if (w.layout !== 'mx' && w.layout !== 'nvfp4') continue;
  // per-row magnitudes spread over 2^-6 .. 2^6 so that block scales vary
  const values = Array.from({ length: N * K }, (_, i) => gauss() * 2 ** (((i / K) | 0) % 13 - 6));
  const weight = fromFloat64(values, 'bfloat16', [N, K]);
  const q = w.layout === 'mx' ? mxOps.quantize(w, weight) : nvfp4Ops.quantize(w, weight);
  const deq = w.layout === 'mx' ? mxOps.dequantize(w, q, 'bfloat16') : nvfp4Ops.dequantize(w, q, 'bfloat16');
  save(tag, 'weight', weight);
  for (const [name, t] of Object.entries(q.tensors)) save(tag, name, t);
  save(tag, 'dequantized', deq);
}
writeFileSync(join(outDir, 'cases.json'), JSON.stringify({ N, K, cases }, null, 1));
console.log(`oracle cases ${Object.keys(cases).join(', ')} -> ${outDir}`);
