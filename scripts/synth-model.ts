// Writes a synthetic Llama-shaped model folder (config.json + sharded bf16 safetensors) for
// benchmarks:  npx tsx scripts/synth-model.ts --out .cache/models/llama-4gb --size 4GB
// Shape options default to a Llama-3.2-1B-like model; --size picks the number of layers.
import { parseArgs } from 'node:util';
import { LLAMA_1B_LIKE, layersForBytes, llamaBytes, writeSynthLlama } from '../src/model/synth-llama.js';

const { values: v } = parseArgs({
  options: {
    out: { type: 'string' },
    size: { type: 'string' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    intermediate: { type: 'string' },
    heads: { type: 'string' },
    'kv-heads': { type: 'string' },
    vocab: { type: 'string' },
    seed: { type: 'string' },
  },
});
if (!v.out) {
  console.error(
    'usage: tsx scripts/synth-model.ts --out DIR [--size 4GB | --layers N] [--hidden 2048] [--intermediate 8192] [--heads 32] [--kv-heads 8] [--vocab 32000] [--seed 1]',
  );
  process.exit(2);
}
const num = (s: string | undefined, d: number) => (s === undefined ? d : Number(s));
const base = {
  hidden: num(v.hidden, LLAMA_1B_LIKE.hidden),
  intermediate: num(v.intermediate, LLAMA_1B_LIKE.intermediate),
  heads: num(v.heads, LLAMA_1B_LIKE.heads),
  kvHeads: num(v['kv-heads'], LLAMA_1B_LIKE.kvHeads),
  vocab: num(v.vocab, LLAMA_1B_LIKE.vocab),
  tieEmbeddings: true,
};
const gb = v.size ? Number(/^([\d.]+)\s*GB$/i.exec(v.size)?.[1] ?? NaN) * 1e9 : NaN;
if (v.size && !Number.isFinite(gb)) throw new Error(`--size expects e.g. 4GB, got '${v.size}'`);
const layers = v.layers ? Number(v.layers) : v.size ? layersForBytes(base, gb) : LLAMA_1B_LIKE.layers;
const shape = { ...base, layers };
const t0 = performance.now();
const r = writeSynthLlama(v.out, shape, { seed: num(v.seed, 1) });
const s = (performance.now() - t0) / 1000;
console.log(
  `wrote ${v.out}: ${layers} layers, ${r.tensors} tensors, ${(llamaBytes(shape) / 1e9).toFixed(2)} GB in ${s.toFixed(1)} s`,
);
