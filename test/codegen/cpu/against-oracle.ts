// One comparison of every kernel of a format with the numerics oracle, shared by the
// per-format property tests of this folder: quantized inner tensors, the dequantized weight
// and the quantized activation bit for bit, the linear (with and without bias) within the
// float-GEMM tolerance. `QF_ISA` caps the kernels' run-time ISA choice for the call.
import { expect } from 'chai';
import { cpuBackend } from '../../../src/numerics/golden/backend-cpu.js';
import { compareExact, compareWithin, type Check } from '../../../src/numerics/golden/compare.js';
import { linearTolerance } from '../../../src/numerics/golden/tolerance.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import { dequantizeWeight, quantizeActivation, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import type { FloatDType, FormatSpec } from '../../../src/ir/format.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';

export const ISAS = ['scalar', 'avx2', 'avx512'] as const;

/** Awkward values: a zero row, a constant row, outlier columns, row magnitudes 2^-2..2^2. */
export function awkward(n: number, k: number, seed: number): number[] {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const v: number[] = [];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < k; c++) {
      if (r === 1) v.push(0);
      else if (r === 2) v.push(0.75);
      else v.push(rnd() * (c % 17 === 0 ? 60 : 1) * 2 ** ((r % 5) - 2));
    }
  return v;
}

function must(c: Check, where: string): void {
  expect(c.ok, `${where}: ${c.name}: ${c.detail}`).to.equal(true);
}

export interface Inputs {
  w: HostTensor;
  x: HostTensor;
  bias: HostTensor;
}

export function inputs(dtype: FloatDType, N: number, K: number, M: number, seed: number): Inputs {
  return {
    w: fromFloat64(awkward(N, K, seed), dtype, [N, K]),
    x: fromFloat64(awkward(M, K, seed + 1).map((v, i) => (i < K ? v : v * 0.5)), dtype, [M, K]),
    bias: fromFloat64(awkward(1, N, seed + 2), dtype, [N]),
  };
}

/** Every kernel of `format` on [N, K] weights and M tokens against the oracle, on `isa`. */
export async function compareWithOracle(format: FormatSpec, dtype: FloatDType, N: number, K: number, M: number, seed: number, isa: string, given?: Inputs): Promise<void> {
  process.env.QF_ISA = isa;
  const { w, x, bias } = given ?? inputs(dtype, N, K, M, seed);
  const where = `${isa} N=${N} K=${K} M=${M} ${dtype} seed=${seed}`;
  const want = quantizeWeight(format, w);
  const got = await cpuBackend.quantizeWeight(format, w);
  for (const name of Object.keys(want.tensors)) {
    expect(got.tensors[name], `${where}: the kernel produces no '${name}'`).to.not.equal(undefined);
    must(compareExact(name, got.tensors[name], want.tensors[name]), where);
  }
  must(compareExact('dequantized', await cpuBackend.dequantizeWeight(format, want, dtype), dequantizeWeight(format, want, dtype)), where);
  if (format.activation) {
    const a = await cpuBackend.quantizeActivation(format, x);
    const ref = quantizeActivation(format, x);
    for (const name of Object.keys(ref.tensors)) must(compareExact(`act.${name}`, a.tensors[name] ?? { dtype: 'uint8', shape: [], data: new Uint8Array(0) }, ref.tensors[name]), where);
  }
  const wf = toFloat64(dequantizeWeight(format, want, 'float32'));
  for (const b of [bias, null]) {
    const y = await cpuBackend.linear(format, x, want, b);
    const ref = referenceLinear(format, x, want, b);
    must(compareWithin('linear', y, ref, linearTolerance(x, wf, N, K, b, dtype)), `${where} bias=${b !== null}`);
  }
}
