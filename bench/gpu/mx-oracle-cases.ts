// Writes the oracle's exact bytes for the MX / NVFP4 CUDA checks (bench/gpu/bench_mx.py):
// for each format of MX_FORMATS, a random bf16 weight [N, K] quantized by the TS oracle
// (src/numerics/formats/mx.ts, nvfp4.ts; swizzled scales) and its dequantized bf16 weight;
// for the dynamic formats also, per token count M, a random activation x, the oracle's
// activation quantization (codes, scale bytes, P_a, and the bf16 operand the GEMM sees) and
// the oracle's linear output (with a bias for M > 1).
// `npx tsx bench/gpu/mx-oracle-cases.ts <out-dir>` writes <tag>.<name>.bin (raw little-endian
// bytes) and cases.json (dtypes, shapes, token counts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FormatSpec } from '../../src/ir/format.js';
import type { HostTensor, QuantizedWeight } from '../../src/numerics/host-tensor.js';
import { fromFloat64 } from '../../src/numerics/host-codec.js';
import { mxDequantize, mxLinear, mxOps, quantizeMXActivation } from '../../src/numerics/formats/mx.js';
import {
  nvfp4Dequantize,
  nvfp4Linear,
  nvfp4Ops,
  nvfp4QuantizeActivation,
  nvfp4WithStaticActivationScale,
} from '../../src/numerics/formats/nvfp4.js';
import { MX_FORMATS } from './mx-kernel-set.js';

const outDir = resolve(process.argv[2] ?? '.gpu/mx/oracle');
mkdirSync(outDir, { recursive: true });
const N = 144, K = 256; // N % 128 != 0: the swizzled scales carry padding rows
// M = 136: the NVFP4 two-kernel amax path (M * K / 8 > 4096) and the prefill GEMM (M > 64)
const SMALL_M = [1, 5];
const LARGE_M = 136;
let seed = Date.now() >>> 0;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

// Block magnitudes spread over 2^-10 .. 2^10 (scale bytes vary, saturation in FLOOR mode
// happens), one all-zero 32-block per row (scale byte of amax 0), the rest Gaussian.
function activation(M: number): HostTensor {
  const v = new Array<number>(M * K);
  for (let m = 0; m < M; m++) {
    const zeroBlock = (m * 7) % (K / 32);
    for (let b = 0; b < K / 16; b++) {
      const mag = 2 ** (Math.floor(rand() * 21) - 10);
      for (let i = 0; i < 16; i++) v[m * K + b * 16 + i] = ((b >> 1) === zeroBlock ? 0 : gauss() * mag);
    }
  }
  return fromFloat64(v, 'bfloat16', [M, K]);
}

const cases: Record<string, { tensors: Record<string, { dtype: string; shape: number[] }>; ms: number[] }> = {};
const save = (tag: string, name: string, t: HostTensor): void => {
  writeFileSync(join(outDir, `${tag}.${name}.bin`), t.data);
  cases[tag]!.tensors[name] = { dtype: t.dtype, shape: [...t.shape] };
};

function withoutP(q: QuantizedWeight): QuantizedWeight {
  const tensors = { ...q.tensors };
  delete tensors.per_tensor_scale;
  return { tensors, attributes: q.attributes };
}

for (const [tag, spec] of Object.entries(MX_FORMATS) as [string, FormatSpec][]) {
  const w = spec.weight;
  if (w.layout !== 'mx' && w.layout !== 'nvfp4') continue;
  const a = spec.activation;
  const large = a !== null && (a.kind === 'nvfp4' || (a.kind === 'mx' && a.scaling === 'RCEIL'));
  const ms = a === null ? [] : large ? [...SMALL_M, LARGE_M] : SMALL_M;
  cases[tag] = { tensors: {}, ms };
  // per-row magnitudes spread over 2^-6 .. 2^6 so that block scales vary
  const values = Array.from({ length: N * K }, (_, i) => gauss() * 2 ** ((((i / K) | 0) % 13) - 6));
  const weight = fromFloat64(values, 'bfloat16', [N, K]);
  let q = w.layout === 'mx' ? mxOps.quantize(w, weight) : nvfp4Ops.quantize(w, weight);
  if (a?.kind === 'nvfp4' && !a.dynamicPerTensorScale && w.layout === 'nvfp4' && w.perTensorScale) {
    q = nvfp4WithStaticActivationScale(q, [activation(3)]); // step="convert": calibrated P_a
  }
  const deq = w.layout === 'mx' ? mxOps.dequantize(w, q, 'bfloat16') : nvfp4Ops.dequantize(w, q, 'bfloat16');
  for (const [name, t] of Object.entries(q.tensors)) save(tag, `w.${name}`, t);
  save(tag, 'w.dequantized', deq);
  if (a === null) continue;
  const bias = fromFloat64(Array.from({ length: N }, () => gauss()), 'bfloat16', [N]);
  save(tag, 'bias', bias);
  for (const M of ms) {
    const x = activation(M);
    const b = M > 1 ? bias : null;
    save(tag, `m${M}.x`, x);
    let xq: QuantizedWeight;
    let xd: HostTensor;
    let y: HostTensor;
    if (a.kind === 'mx') {
      xq = quantizeMXActivation(a, x);
      xd = mxDequantize(xq, a, 'bfloat16');
      y = mxLinear(spec, x, q, b);
    } else if (a.kind === 'nvfp4') {
      const staticP = q.tensors.act_per_tensor_scale;
      xq = nvfp4QuantizeActivation(a, x, staticP ? new Float32Array(staticP.data.buffer.slice(staticP.data.byteOffset, staticP.data.byteOffset + 4))[0] : null);
      xd = nvfp4Dequantize(withoutP(xq), 'bfloat16'); // the GEMM's A operand: values * s8
      y = nvfp4Linear(spec, x, q, b);
    } else {
      throw new Error(`${tag}: activation ${a.kind} is not block-scaled`);
    }
    for (const [name, t] of Object.entries(xq.tensors)) save(tag, `m${M}.x_${name}`, t);
    save(tag, `m${M}.xd`, xd);
    save(tag, `m${M}.y`, y);
  }
}
writeFileSync(join(outDir, 'cases.json'), JSON.stringify({ N, K, cases }, null, 1));
console.log(`oracle cases ${Object.keys(cases).length} formats (N=${N}, K=${K}) -> ${outDir}`);
