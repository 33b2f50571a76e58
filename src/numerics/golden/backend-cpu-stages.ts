// Golden `stage` cases on the cpu backend. A stage case holds the dense intermediates torchao
// computes before a CUDA-only packing op; the CPU kernels go all the way to the stored form,
// so the intermediates are read back from what the kernel stored (int4_tile_packed_to_4d:
// see tilePacked below):
// - float8_sparse_2x4: quantize_weight (prune + quantize + compress) → `keep_mask` from the
//   metadata, `rowwise_scale` = the scale, `rowwise_qdata_dense` = the kept fp8 bytes at their
//   indices, `pruned_weight` = the weight where kept. At the dropped positions torchao's dense
//   tensors hold w·0 (a zero with w's sign) and fp8(w·0 / scale), which follow from the
//   kernel's mask and scale: ±0 (0x00 / 0x80), or 0/0 = -NaN (0xFF, x86) where the scale is 0.
import type { FloatDType, FormatSpec } from '../../ir/format.js';
import { fromFloat64, toFloat64 } from '../host-codec.js';
import type { HostTensor } from '../host-tensor.js';
import type { GoldenBackend } from './backend.js';
import type { GoldenCase } from './case.js';
import { type Check, compareExact } from './compare.js';
import { packNibbles } from '../formats/nibbles.js';
import { unpackInt4From4d } from '../formats/tile-packing.js';

function compareHeld(c: GoldenCase, ours: Record<string, HostTensor>, backend: GoldenBackend): Check[] {
  return Object.keys(c.manifest.tensors ?? {})
    .filter((name) => name !== 'weight')
    .map((name) => (ours[name] ? compareExact(name, ours[name], c.tensor(name)) : { name, ok: false, detail: `the ${backend.name} backend derives no stage tensor '${name}'` }));
}

async function sparse2x4(backend: GoldenBackend, spec: FormatSpec, c: GoldenCase): Promise<Check[]> {
  const w = c.tensor('weight');
  const [N, K] = w.shape;
  if (spec.weight.layout !== 'float8_sparse_2x4' || spec.weight.element !== 'float8_e4m3fn') {
    return [{ name: 'weight', ok: false, detail: 'the cpu stage check reads float8_e4m3fn 2:4 weights only' }];
  }
  const q = await backend.quantizeWeight(spec, w);
  const one = spec.weight.metadata === '1d';
  const values = one ? q.tensors.packed.data.subarray(0, (N * K) / 2) : q.tensors.qdata.data;
  const meta = one ? q.tensors.packed.data.subarray((N * K) / 2) : q.tensors.sparse_metadata.data;
  const scale = toFloat64(q.tensors.scale);
  const wv = toFloat64(w);
  const keep = new Uint8Array(N * K);
  const dense = new Uint8Array(N * K);
  const pruned = new Float64Array(N * K);
  for (let n = 0; n < N; n++) {
    const s = scale[one ? 0 : n];
    for (let g = 0; g < K / 4; g++) {
      const i = n * K + 4 * g;
      const nibble = (meta[(i / 4) >> 1] >>> (((i / 4) & 1) * 4)) & 0xf;
      const kept = [nibble & 3, nibble >>> 2];
      for (let j = 0; j < 4; j++) {
        const at = kept.indexOf(j);
        keep[i + j] = at >= 0 ? 1 : 0;
        pruned[i + j] = at >= 0 ? wv[i + j] : wv[i + j] * 0;
        const negative = Object.is(pruned[i + j], -0) || pruned[i + j] < 0;
        dense[i + j] = at >= 0 ? values[(i / 4) * 2 + at] : s === 0 || s !== s ? 0xff : negative ? 0x80 : 0x00;
      }
    }
  }
  return compareHeld(c, {
    pruned_weight: fromFloat64(pruned, w.dtype as FloatDType, [N, K]),
    keep_mask: { dtype: 'uint8', shape: [N, K], data: keep },
    rowwise_scale: q.tensors.scale,
    rowwise_qdata_dense: { dtype: spec.weight.element, shape: [N, K], data: dense },
  }, backend);
}

/**
 * int4_tile_packed_to_4d (stages computed by torchao on CPU: tinygemm qparams, HQQ's fp32
 * solver): quantize_weight writes the 4-D words and scale_and_zero; `int_data` and
 * `nibble_packed_u8` are the words unpacked (tile-packing.ts), `scale` / `zero_point` the
 * halves of scale_and_zero, `dequantized_padded_weight` the dequantize kernel run on the padded
 * shape. `padded_weight` is the input's zero padding, which no kernel writes: not compared.
 */
async function tilePacked(backend: GoldenBackend, spec: FormatSpec, c: GoldenCase): Promise<Check[]> {
  const q = await backend.quantizeWeight(spec, c.tensor('weight'));
  const { qdata, scale_and_zero: sz } = q.tensors;
  const [groups, Np] = sz.shape;
  const Kp = qdata.shape[1] * 128;
  const u = unpackInt4From4d(qdata, Np, Kp);
  const pairs = toFloat64(sz);
  const half = (j: 0 | 1): HostTensor => fromFloat64(Float64Array.from({ length: Np * groups }, (_, i) => pairs[((i % groups) * Np + Math.floor(i / groups)) * 2 + j]), 'bfloat16', [Np, groups]);
  const padded = { tensors: q.tensors, attributes: { ...q.attributes, shape: [Np, Kp] } };
  const checks = compareHeld(c, {
    int_data: { dtype: 'int32', shape: [Np, Kp], data: new Uint8Array(Int32Array.from(u).buffer) },
    nibble_packed_u8: { dtype: 'uint8', shape: [Np, Kp / 2], data: packNibbles(u, 'even-high') },
    scale: half(0),
    zero_point: half(1),
    scale_and_zero: sz,
    dequantized_padded_weight: await backend.dequantizeWeight(spec, padded, 'bfloat16'),
  }, backend);
  return checks.filter((k) => k.name !== 'padded_weight');
}

/** The cpu backend's stage check of a layout, or null when it has none. */
export function cpuStage(backend: GoldenBackend, spec: FormatSpec, c: GoldenCase): Promise<Check[]> | null {
  if (spec.weight.layout === 'float8_sparse_2x4') return sparse2x4(backend, spec, c);
  if (spec.weight.layout === 'int4_tile_packed_to_4d') return tilePacked(backend, spec, c);
  return null;
}
