// Synthetic Llama-shaped model folders for benchmarks and tests: config.json in the Hugging
// Face LlamaForCausalLM form and sharded safetensors with every tensor a Llama checkpoint has,
// filled with deterministic pseudo-random values (uniform, ±0.02 * sqrt(3): the std of a
// Llama init). Streams tensor by tensor, so a model larger than RAM can be made.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShardedSafetensorsWriter } from './sharded-writer.js';

export interface LlamaShape {
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  vocab: number;
  /** No lm_head tensor: the output projection reuses embed_tokens (Llama 3.2 1B/3B). */
  tieEmbeddings: boolean;
}

export const LLAMA_1B_LIKE: LlamaShape = {
  hidden: 2048,
  intermediate: 8192,
  layers: 16,
  heads: 32,
  kvHeads: 8,
  vocab: 32000,
  tieEmbeddings: true,
};

/** Every tensor of the model, in checkpoint order. */
export function llamaTensors(s: LlamaShape): [string, number[]][] {
  const kv = (s.hidden / s.heads) * s.kvHeads;
  const out: [string, number[]][] = [['model.embed_tokens.weight', [s.vocab, s.hidden]]];
  for (let i = 0; i < s.layers; i++) {
    const p = `model.layers.${i}`;
    out.push(
      [`${p}.input_layernorm.weight`, [s.hidden]],
      [`${p}.self_attn.q_proj.weight`, [s.hidden, s.hidden]],
      [`${p}.self_attn.k_proj.weight`, [kv, s.hidden]],
      [`${p}.self_attn.v_proj.weight`, [kv, s.hidden]],
      [`${p}.self_attn.o_proj.weight`, [s.hidden, s.hidden]],
      [`${p}.post_attention_layernorm.weight`, [s.hidden]],
      [`${p}.mlp.gate_proj.weight`, [s.intermediate, s.hidden]],
      [`${p}.mlp.up_proj.weight`, [s.intermediate, s.hidden]],
      [`${p}.mlp.down_proj.weight`, [s.hidden, s.intermediate]],
    );
  }
  out.push(['model.norm.weight', [s.hidden]]);
  if (!s.tieEmbeddings) out.push(['lm_head.weight', [s.vocab, s.hidden]]);
  return out;
}

/** bfloat16 bytes of the whole model. */
export function llamaBytes(s: LlamaShape): number {
  return llamaTensors(s).reduce((a, [, shape]) => a + 2 * shape.reduce((x, y) => x * y, 1), 0);
}

/** The number of layers that brings the model closest to `bytes` (at least 1). */
export function layersForBytes(s: Omit<LlamaShape, 'layers'>, bytes: number): number {
  const fixed = llamaBytes({ ...s, layers: 0 });
  const perLayer = llamaBytes({ ...s, layers: 1 }) - fixed;
  return Math.max(1, Math.round((bytes - fixed) / perLayer));
}

export function writeSynthLlama(
  dir: string,
  s: LlamaShape,
  options: { seed?: number; maxShardBytes?: number } = {},
): { tensors: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(llamaConfig(s), null, 2)}\n`);
  const w = new ShardedSafetensorsWriter(dir, { maxShardBytes: options.maxShardBytes, metadata: { format: 'pt' } });
  const rng = new XorShift(options.seed ?? 1);
  let bytes = 0;
  const tensors = llamaTensors(s);
  for (const [name, shape] of tensors) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = name.endsWith('norm.weight') ? ones(n) : rng.bfloat16(n, 0.02 * Math.sqrt(3));
    w.add(name, { dtype: 'BF16', shape, data });
    bytes += data.length;
  }
  w.finish();
  return { tensors: tensors.length, bytes };
}

function llamaConfig(s: LlamaShape): Record<string, unknown> {
  return {
    _name_or_path: `synthetic-llama-${s.layers}x${s.hidden}`,
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: s.hidden,
    intermediate_size: s.intermediate,
    num_hidden_layers: s.layers,
    num_attention_heads: s.heads,
    num_key_value_heads: s.kvHeads,
    vocab_size: s.vocab,
    tie_word_embeddings: s.tieEmbeddings,
    torch_dtype: 'bfloat16',
    rms_norm_eps: 1e-5,
  };
}

function ones(n: number): Uint8Array {
  return new Uint8Array(new Uint16Array(n).fill(0x3f80).buffer); // bfloat16 1.0
}

class XorShift {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }

  /** n bfloat16 values uniform in [-amp, amp), truncated from float32. */
  bfloat16(n: number, amp: number): Uint8Array {
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    const out = new Uint16Array(n);
    let x = this.s;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      u[0] = ((x >>> 9) | 0x3f800000) >>> 0; // [1, 2)
      f[0] = (f[0] - 1.5) * 2 * amp;
      out[i] = u[0] >>> 16;
    }
    this.s = x >>> 0;
    return new Uint8Array(out.buffer);
  }
}
