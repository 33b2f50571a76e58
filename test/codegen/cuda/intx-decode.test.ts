// The intx decode contract (include/qf/intx_formats.cuh), replayed on the host: walking the qf
// tile in the kernels' mma step order and applying the kernels' arithmetic (exact bf16 or fp32
// magic-number subtraction, then one bf16 multiply for bf16 scales, an fp32 multiply rounded to
// bf16 otherwise) gives torchao's dequantize_affine bit for bit, for every bit width, grouping,
// mapping and scale dtype, and for Int8WeightOnly PerGroup, which runs on the same byte policy. The GPU check (scripts/gpu/intx-check.sh) runs the real kernels.
import { expect } from 'chai';
import { cudaLinearFormat } from '../../../codegen/cuda/formats.js';
import { BYTES8_TILE, INT4_TILE, sliceOffset, tileBytes8, tileIntxNibbles } from '../../../codegen/cuda/layout.js';
import type { FloatDType, FormatSpec, Granularity, IntElement, MappingType } from '../../../src/ir/format.js';
import { rounder } from '../../../src/numerics/affine/arith.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import type { QuantizedWeight } from '../../../src/numerics/host-tensor.js';
import { dequantizeWeight, quantizeWeight } from '../../../src/numerics/index.js';

const bf16 = rounder('bfloat16');
const f32 = Math.fround;

function intx(element: IntElement, granularity: Granularity, mapping: MappingType, scaleDtype: FloatDType | null = null): FormatSpec {
  return {
    weight: { layout: 'intx_unpacked_to_int8', element, granularity, mapping, scaleDtype, algorithm: 'affine' },
    activation: null,
    linear: { kind: 'dequantize_then_matmul' },
  };
}

function randomWeight(N: number, K: number, seed: number) {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const values = Array.from({ length: N * K }, (_, i) => {
    const row = (i / K) | 0;
    const g = Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
    return (g + (row % 3 === 0 ? 1.5 : 0)) * 2 ** ((row % 9) - 4);
  });
  return fromFloat64(values, 'bfloat16', [N, K]);
}

/** The kernels' dequantized weight, [N, K] row-major, from the tile they read. */
function kernelDequantize(spec: FormatSpec, q: QuantizedWeight, N: number, K: number): Float64Array {
  const w = spec.weight;
  // Int8WeightOnly PerGroup runs on the intx byte policy with its fp32 scales
  if (w.layout !== 'intx_unpacked_to_int8' && w.layout !== 'int8') throw new Error('intx or int8 weights only');
  const bits = w.layout === 'int8' ? 8 : Number(w.element.slice(3));
  const G = w.granularity.kind === 'PerGroup' ? w.granularity.groupSize : K;
  const perChannel = w.granularity.kind !== 'PerGroup';
  const scaleBf16 = w.layout === 'intx_unpacked_to_int8' && (w.scaleDtype ?? 'bfloat16') === 'bfloat16';
  const scale = toFloat64(q.tensors.scale), zero = toFloat64(q.tensors.zero_point);
  const qd = q.tensors.qdata.data;
  const nibbles = bits <= 4;
  const geo = nibbles ? INT4_TILE : BYTES8_TILE;
  const tile = nibbles ? tileIntxNibbles(new Int8Array(qd.buffer, qd.byteOffset, qd.length), N, K) : tileBytes8(qd, N, K);
  const out = new Float64Array(N * K);
  for (let nt = 0; nt < N / 8; nt++)
    for (let kc = 0; kc < K / geo.chunkK; kc++)
      for (let lane = 0; lane < 32; lane++) {
        const n = nt * 8 + (lane >> 2), k0 = kc * geo.chunkK + (lane & 3) * geo.perLane;
        const at = sliceOffset(nt, kc, lane, K, geo);
        for (let e = 0; e < geo.perLane; e++) {
          const step = e >> 2; // the group of an mma step's 4 values: that of their first
          const grp = n * (K / G) + Math.floor((k0 + 4 * step) / G);
          const [s, zp] = [scale[grp], zero[grp]];
          let v: number;
          if (nibbles) {
            // value e of the slice: word e >> 3, element l = e & 7 at nibble l/2 or 4 + l/2
            const word = tile[at + 4 * (e >> 3)] | (tile[at + 4 * (e >> 3) + 1] << 8) | (tile[at + 4 * (e >> 3) + 2] << 16) | (tile[at + 4 * (e >> 3) + 3] << 24);
            const l = e & 7;
            const u = (word >>> (4 * (l % 2 === 0 ? l / 2 : 4 + (l - 1) / 2))) & 0xf;
            const d = bf16(bf16(128 + u) - bf16(136 + zp)); // one bf16 subtract
            // per channel the scale is the fp32 column factor of the dequantize kernel
            v = scaleBf16 && !perChannel ? bf16(d * s) : bf16(f32(d * s));
          } else {
            const biased = f32(2 ** 23 + (tile[at + e] ^ 0x80)); // bits 0x4B0000{q ^ 0x80}
            const d = f32(biased - f32(2 ** 23 + 128 + zp));
            v = bf16(f32(d * s));
          }
          out[n * K + k0 + e] = v;
        }
      }
  return out;
}

const CASES: Record<string, FormatSpec> = {
  'int1 PerGroup(32) symmetric': intx('int1', { kind: 'PerGroup', groupSize: 32 }, 'SYMMETRIC'),
  'int2 PerGroup(16) asymmetric': intx('int2', { kind: 'PerGroup', groupSize: 16 }, 'ASYMMETRIC'),
  'int3 PerAxis(0) asymmetric': intx('int3', { kind: 'PerAxis', axis: 0 }, 'ASYMMETRIC'),
  'int4 PerGroup(8) no-clipping-error': intx('int4', { kind: 'PerGroup', groupSize: 8 }, 'SYMMETRIC_NO_CLIPPING_ERR'),
  'int4 PerGroup(32) asymmetric, fp32 scales': intx('int4', { kind: 'PerGroup', groupSize: 32 }, 'ASYMMETRIC', 'float32'),
  'int4 PerGroup(64) symmetric, fp16 scales': intx('int4', { kind: 'PerGroup', groupSize: 64 }, 'SYMMETRIC', 'float16'),
  'int5 PerGroup(64) symmetric': intx('int5', { kind: 'PerGroup', groupSize: 64 }, 'SYMMETRIC'),
  'int6 PerGroup(8) asymmetric, fp32 scales': intx('int6', { kind: 'PerGroup', groupSize: 8 }, 'ASYMMETRIC', 'float32'),
  'int7 PerAxis(0) asymmetric': intx('int7', { kind: 'PerAxis', axis: 0 }, 'ASYMMETRIC'),
  'int8 PerGroup(32) asymmetric': intx('int8', { kind: 'PerGroup', groupSize: 32 }, 'ASYMMETRIC'),
  'int8 PerAxis(0) symmetric': intx('int8', { kind: 'PerAxis', axis: 0 }, 'SYMMETRIC'),
  'Int8WeightOnly PerGroup(32) (fp32 scales)': {
    weight: { layout: 'int8', granularity: { kind: 'PerGroup', groupSize: 32 }, reduceRange: false },
    activation: null,
    linear: { kind: 'dequantize_then_matmul' },
  },
};

describe('codegen/cuda intx decode (host replay of intx_formats.cuh)', () => {
  const N = 24, K = 256;
  Object.entries(CASES).forEach(([name, spec], i) => {
    it(`${name}: the kernels' dequantized weight equals the oracle's bit for bit`, () => {
      expect(cudaLinearFormat(spec).ok, 'the CUDA backend serves this format').to.equal(true);
      const q = quantizeWeight(spec, randomWeight(N, K, 1000 + i), { device: 'cuda' });
      const want = toFloat64(dequantizeWeight(spec, q, 'bfloat16'));
      const got = kernelDequantize(spec, q, N, K);
      for (let j = 0; j < N * K; j++) {
        if (!Object.is(got[j], want[j])) expect.fail(`[${(j / K) | 0}, ${j % K}]: kernel ${got[j]}, oracle ${want[j]}`);
      }
    });
  });

  it('refuses to pack an int8 value outside int4 range into nibbles, naming its position', () => {
    const q = new Int8Array(8 * 128);
    q[3 * 128 + 5] = 9;
    expect(() => tileIntxNibbles(q, 8, 128)).to.throw(RangeError, /qdata\[3, 5\] = 9/);
  });
});
