// The arithmetic of the CUDA dequantize policies the golden cuda backend runs (no GPU needed):
// each policy's per-element computation, written out here in fp32 / bf16 steps exactly as the
// device code does it (codegen/cuda/include/qf/weight_formats.cuh, intx_formats.cuh), on the
// oracle's quantized tensors, against torchao's golden tensors bit for bit. The FMA of the
// tinygemm linear and the zero-point-free int8 decode are shown to differ, as the H200 run of
// verify-golden --backend cuda found (r5: 8 failures).
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FormatSpec } from '../../../src/ir/format.js';
import { float8Codec } from '../../../src/numerics/elements/float8.js';
import { roundBFloat16 } from '../../../src/numerics/elements/float16.js';
import { unpackInt4From4d } from '../../../src/numerics/formats/tile-packing.js';
import { cudaDequantSpec, INT8_ZERO_POINT_DEQUANT } from '../../../src/numerics/golden/backend-cuda-fit.js';
import type { GoldenCase } from '../../../src/numerics/golden/case.js';
import { formatSpecFromConfigDict } from '../../../src/numerics/golden/format-from-config.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import { quantizeActivation, quantizeWeight } from '../../../src/numerics/index.js';
import { GOLDEN_DIR, goldenCase } from '../golden-dir.js';

const B = roundBFloat16;
const f = Math.fround;
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function specOf(c: GoldenCase): FormatSpec {
  const l = formatSpecFromConfigDict(c.manifest.config?.config_to_dict);
  if (!('spec' in l)) throw new Error(`${c.manifest.case_id}: no spec`);
  return l.spec;
}

/** Elements where `ours(i)` differs from the golden tensor. */
function differing(gold: Float64Array, ours: (i: number) => number): number {
  let d = 0;
  for (let i = 0; i < gold.length; i++) if (!same(ours(i), gold[i])) d++;
  return d;
}

const has = (id: string): boolean => existsSync(resolve(GOLDEN_DIR, id, 'tensors.safetensors'));

describe('CUDA dequantize arithmetic against torchao golden tensors', () => {
  describe('Int4TinygemmDequant (tile_packed_to_4d stage: dequantized_padded_weight)', () => {
    const cases = {
      int4_weight_only__tile_packed_to_4d_stage__hqq__g32__bfloat16__b: 278,
      int4_weight_only__tile_packed_to_4d_stage__hqq__g64__bfloat16__a: 231,
      int4_weight_only__tile_packed_to_4d_stage__tinygemm__g32__bfloat16__b: 193,
      int4_weight_only__tile_packed_to_4d_stage__tinygemm__g64__bfloat16__a: 155,
    };
    for (const [id, fmaDiffs] of Object.entries(cases)) {
      it(id, function () {
        if (!has(id)) this.skip();
        const c = goldenCase(id);
        const q = quantizeWeight(specOf(c), c.tensor('weight'), { device: 'cpu' });
        const sz = q.tensors.scale_and_zero;
        const [groups, Np] = sz.shape;
        const Kp = q.tensors.qdata.shape[1] * 128;
        const u = unpackInt4From4d(q.tensors.qdata, Np, Kp);
        const p = toFloat64(sz);
        const G = Kp / groups;
        const at = (i: number): [number, number, number] => {
          const [n, k] = [Math.floor(i / Kp), i % Kp];
          const j = (Math.floor(k / G) * Np + n) * 2;
          return [u[i] - 8, p[j], p[j + 1]];
        };
        const gold = toFloat64(c.tensor('dequantized_padded_weight'));
        // Int4TinygemmDequant::dequant_pair: bf16(fp32(bf16(fp32((128 + u) - 136) * s)) + z)
        const twoRoundings = (i: number): number => {
          const [v, s, z] = at(i);
          return B(f(B(f(v * s)) + z));
        };
        expect(differing(gold, twoRoundings)).to.equal(0);
        // Int4Grouped::dequant_pair (the linear's, __hfma2): one rounding
        const fma = (i: number): number => {
          const [v, s, z] = at(i);
          return B(v * s + z);
        };
        expect(differing(gold, fma)).to.equal(fmaDiffs);
      });
    }
  });

  describe('Bytes8BlockScaled<DecodeFp8<E4M3>, 128, 128> (blockwise float8 weight: dequantized_weight)', () => {
    for (const id of [
      'float8_dynamic_act_float8_weight__a1x128_w128x128__bfloat16__a',
      'gpu__float8_dynamic_act_float8_weight__a1x128_w128x128__bfloat16__a',
      'gpu__float8_dynamic_act_float8_weight__a1x128_w128x128__bfloat16__b',
    ]) {
      it(id, function () {
        if (!has(id)) this.skip();
        const c = goldenCase(id);
        const device = String(c.manifest.device ?? 'cpu').startsWith('cuda') ? 'cuda' : 'cpu';
        const q = quantizeWeight(specOf(c), c.tensor('weight'), { device });
        const [N, K] = q.tensors.qdata.shape;
        const scale = toFloat64(q.tensors.scale);
        expect(q.tensors.scale.shape).to.deep.equal([N / 128, K / 128]);
        const table = float8Codec('float8_e4m3fn').table;
        // load_lane: scale[(n / BN) * (K / BK) + k0 / BK]; scale_pair: bf16(fp32(q) * s)
        const ours = (i: number): number => {
          const [n, k] = [Math.floor(i / K), i % K];
          return B(f(table[q.tensors.qdata.data[i]] * scale[Math.floor(n / 128) * (K / 128) + Math.floor(k / 128)]));
        };
        expect(differing(toFloat64(c.tensor('dequantized_weight')), ours)).to.equal(0);
      });
    }
  });

  describe('IntxBytes<0, float> (asymmetric int8 activation: act0.dequantized)', () => {
    const id = 'int8_dynamic_act_int8_weight__asym_act_per_row__bfloat16__a';
    it(id, function () {
      if (!has(id)) this.skip();
      const c = goldenCase(id);
      const spec = specOf(c);
      expect(cudaDequantSpec(spec)).to.equal(INT8_ZERO_POINT_DEQUANT);
      const a = quantizeActivation(spec, c.tensor('activation'));
      const [M, K] = a.tensors.qdata.shape;
      const qd = new Int8Array(a.tensors.qdata.data.buffer, a.tensors.qdata.data.byteOffset, M * K);
      const zp = new Int8Array(a.tensors.zero_point.data.buffer, a.tensors.zero_point.data.byteOffset, M);
      const scale = toFloat64(a.tensors.scale);
      expect(a.tensors.scale.shape).to.deep.equal([M, 1]);
      const gold = toFloat64(c.tensor('act0.dequantized'));
      // B = bf16((2^23 + 128 + q) - (2^23 + 128 + zp)) = q - zp exactly; dequant: bf16(fp32(B * s))
      const row = (i: number): number => Math.floor(i / K);
      expect(differing(gold, (i) => B(f((qd[i] - zp[row(i)]) * scale[row(i)])))).to.equal(0);
      // Bytes8RowScaled<DecodeInt8> (zero point ignored): every element differs
      expect(differing(gold, (i) => B(f(qd[i] * scale[row(i)])))).to.equal(M * K);
      // the case's weight goes to the same kernel (cudaDequantSpec): its zero point is 0
      const w = quantizeWeight(spec, c.tensor('weight'), { device: 'cpu' });
      const [N, KW] = w.tensors.qdata.shape;
      const wq = new Int8Array(w.tensors.qdata.data.buffer, w.tensors.qdata.data.byteOffset, N * KW);
      const wz = new Int8Array(w.tensors.zero_point.data.buffer, w.tensors.zero_point.data.byteOffset, N);
      const ws = toFloat64(w.tensors.scale);
      expect(w.tensors.scale.shape).to.deep.equal([N, 1]);
      const wrow = (i: number): number => Math.floor(i / KW);
      expect(differing(toFloat64(c.tensor('dequantized_weight')), (i) => B(f((wq[i] - wz[wrow(i)]) * ws[wrow(i)])))).to.equal(0);
    });
  });
});
