// Golden primitive cases of the float formats (the float half of primitives.ts): float8
// casts and scale choice, fp4/fp6 codecs and every decode table, MX e8m0 scale modes, and the
// to_blocked swizzle. Each recomputes every tensor of its case and compares bit for bit.
import type { Float8Element, MXElement, MXScalingMode } from '../../ir/format.js';
import type { HostTensor } from '../host-tensor.js';
import { FLOAT8_E4M3FN, FLOAT8_E5M2 } from '../elements/float8.js';
import { FP4_E2M1, FP6_E2M3, FP6_E3M2 } from '../elements/floatx.js';
import { E8M0_TABLE } from '../elements/e8m0.js';
import { quantizeFloat8, dequantizeFloat8, chooseScaleFloat8 } from '../formats/float8-primitives.js';
import { readFloats, writeFloats } from '../formats/float-values.js';
import { toMx } from '../formats/mx-primitives.js';
import { packNibbles } from '../formats/nibbles.js';
import { fromBlocked, toBlocked } from '../formats/swizzle.js';
import type { GoldenCase } from './case.js';
import { type Check, compareExact } from './compare.js';

const bytes = (dtype: HostTensor['dtype'], shape: number[], data: Uint8Array): HostTensor => ({ dtype, shape, data });

/** _quantize_affine_float8 with scale 1 on special values; _choose_scale_float8 on a bf16 w. */
export function float8CastSweep(c: GoldenCase): Check[] {
  const x = c.tensor('x');
  const n = x.shape[0];
  const line = { rows: 1, cols: n, blockRows: 1, blockCols: n };
  const checks: Check[] = [];
  for (const element of ['float8_e4m3fn', 'float8_e5m2'] as Float8Element[]) {
    const one = new Float32Array([1]);
    const q = quantizeFloat8(readFloats(x, 'x'), line, one, element);
    checks.push(compareExact(`q.${element}`, bytes(element, [n], q), c.tensor(`q.${element}`)));
    checks.push(compareExact(`q_bits.${element}`, bytes('uint8', [n], q), c.tensor(`q_bits.${element}`)));
    const dq = dequantizeFloat8(q, line, one, element, 'float32');
    checks.push(compareExact(`dq.${element}`, writeFloats(dq, 'float32', [n]), c.tensor(`dq.${element}`)));
  }
  const w = c.tensor('w');
  const [rows, cols] = w.shape;
  const wv = readFloats(w, 'w');
  const sweeps: [string, number, number, number | null, number | null][] = [
    ['per_tensor', rows, cols, null, null], ['per_row', 1, cols, null, null], ['per_group16', 1, 16, null, null], ['per_row_lb_ub', 1, cols, 0.01, 0.5],
  ];
  for (const [name, blockRows, blockCols, lowerBound, upperBound] of sweeps) {
    const b = { rows, cols, blockRows, blockCols };
    const scale = chooseScaleFloat8(wv, b, { element: 'float8_e4m3fn', dtype: 'bfloat16', lowerBound, upperBound });
    checks.push(compareExact(`scale.${name}`, writeFloats(scale, 'float32', [rows / blockRows, cols / blockCols]), c.tensor(`scale.${name}`)));
    checks.push(compareExact(`qdata.${name}`, bytes('float8_e4m3fn', [rows, cols], quantizeFloat8(wv, b, scale, 'float8_e4m3fn')), c.tensor(`qdata.${name}`)));
  }
  return checks;
}

/** f32_to_f4/f6 unpacked on a sweep, and the value of every code of every small float. */
export function fp4Fp6Codec(c: GoldenCase): Check[] {
  const x = readFloats(c.tensor('x'), 'x');
  const checks: Check[] = [];
  for (const [name, codec] of [['fp4_e2m1', FP4_E2M1], ['fp6_e2m3', FP6_E2M3], ['fp6_e3m2', FP6_E3M2]] as const) {
    const codes = new Uint8Array(x.length);
    for (let i = 0; i < x.length; i++) codes[i] = codec.encode(x[i]);
    checks.push(compareExact(name, bytes('uint8', [x.length], codes), c.tensor(name)));
  }
  const tables: [string, Float32Array][] = [
    ['decode.fp4_e2m1', FP4_E2M1.table], ['decode.fp6_e2m3', FP6_E2M3.table], ['decode.fp6_e3m2', FP6_E3M2.table],
    ['decode.e4m3fn', FLOAT8_E4M3FN.table], ['decode.e5m2', FLOAT8_E5M2.table], ['decode.e8m0', E8M0_TABLE],
  ];
  for (const [name, table] of tables) checks.push(compareExact(name, writeFloats(table, 'float32', [table.length]), c.tensor(name)));
  return checks;
}

const MX_GOLDEN_NAMES: [MXElement, string][] = [
  ['float8_e4m3fn', 'float8_e4m3fn'], ['float8_e5m2', 'float8_e5m2'], ['fp6_e2m3', 'fp6_e2m3'], ['fp6_e3m2', 'fp6_e3m2'], ['fp4_e2m1', 'float4_e2m1fn_x2'],
];

/** to_mx(x, element, 32, mode, is_swizzled_scales=False) for every mode and element. */
export function e8m0ScaleModes(c: GoldenCase): Check[] {
  const xt = c.tensor('x');
  const [rows, k] = xt.shape;
  const x = readFloats(xt, 'x');
  return (['FLOOR', 'RCEIL', 'CEIL', 'EVEN'] as MXScalingMode[]).flatMap((mode) =>
    MX_GOLDEN_NAMES.flatMap(([element, name]) => {
      const r = toMx(x, k, element, 32, mode);
      const data = element === 'fp4_e2m1'
        ? bytes('uint8', [rows, k / 2], packNibbles(r.codes, 'even-low'))
        : bytes(element.startsWith('float8') ? (element as Float8Element) : 'uint8', [rows, k], r.codes);
      return [
        compareExact(`${mode}.${name}.scale`, bytes('float8_e8m0fnu', [rows, k / 32], r.scales), c.tensor(`${mode}.${name}.scale`)),
        compareExact(`${mode}.${name}.data`, data, c.tensor(`${mode}.${name}.data`)),
      ];
    }),
  );
}

/** to_blocked / from_blocked of arange index matrices. */
export function scaleSwizzle(c: GoldenCase): Check[] {
  return Object.keys(c.manifest.tensors ?? {}).filter((n) => n.startsWith('to_blocked.')).flatMap((name) => {
    const [rows, cols] = name.slice('to_blocked.'.length).split('x').map(Number);
    const src = Int32Array.from({ length: rows * cols }, (_, i) => i);
    const blocked = toBlocked(src, rows, cols);
    const back = fromBlocked(blocked, rows, cols);
    return [
      compareExact(name, bytes('int32', [blocked.length], new Uint8Array(blocked.buffer)), c.tensor(name)),
      compareExact(`from_blocked.${rows}x${cols}`, bytes('int32', [rows, cols], new Uint8Array(back.buffer)), c.tensor(`from_blocked.${rows}x${cols}`)),
    ];
  });
}
