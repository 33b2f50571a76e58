// A golden case that applies a config to a weight (status ok / partial, CPU or GPU): our
// quantized inner tensors, dequantized weight and run-time activation must equal torchao's bit
// for bit; the module output (linear, conv2d, embedding) must be within the float-GEMM
// tolerance, or exact where torchao's GEMM is integer (int8 dynamic). Where torchao could not
// run the GEMM (partial), a kernel backend's linear is held to the oracle's (oracle-linear.ts).
import type { FloatDType, FormatSpec } from '../../ir/format.js';
import { toFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import { dequantizeWeight } from '../index.js';
import { conv2dReference, embeddingReference } from '../formats/intx-modules.js';
import type { GoldenBackend } from './backend.js';
import type { GoldenCase } from './case.js';
import { type Check, compareExact, compareWithin } from './compare.js';
import { linearTolerance } from './tolerance.js';
import { withStaticCalibration } from './float-calibration.js';
import { oracleLinearCheck } from './oracle-linear.js';

/** Inner-tensor name -> golden tensor name for one captured object of the manifest. */
function tensorMap(entry: Record<string, unknown> | undefined, prefix: RegExp): Record<string, string> {
  if (!entry) return {};
  const explicit = (entry.tensor_data ?? {}) as Record<string, string>;
  const extra = Object.entries(entry).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && prefix.test(kv[1]));
  return { ...Object.fromEntries(extra), ...explicit };
}

function compareInner(c: GoldenCase, ours: QuantizedWeight, map: Record<string, string>, required: Set<string>): Check[] {
  const checks: Check[] = [];
  for (const [innerName, golden] of Object.entries(map)) {
    if (!c.has(golden)) continue;
    const mine = ours.tensors[innerName];
    if (!mine) {
      if (required.has(innerName)) checks.push({ name: golden, ok: false, detail: `we produce no inner tensor '${innerName}'` });
      continue;
    }
    checks.push(compareExact(golden, mine, c.tensor(golden)));
  }
  return checks;
}

export async function runConfigCase(c: GoldenCase, spec: FormatSpec, backend: GoldenBackend): Promise<Check[]> {
  const m = c.manifest;
  const w = c.tensor('weight');
  const device = String(m.device ?? 'cpu').startsWith('cuda') ? 'cuda' : 'cpu';
  const q = withStaticCalibration(c, spec, await backend.quantizeWeight(spec, w, { device }));
  const qMap = tensorMap(m.quantized_weight as Record<string, unknown>, /^qweight\./);
  const checks = compareInner(c, q, qMap, new Set(Object.keys((m.quantized_weight?.tensor_data ?? {}) as object)));
  const wDtype = w.dtype as FloatDType;
  if (c.has('dequantized_weight')) {
    checks.push(compareExact('dequantized_weight', await backend.dequantizeWeight(spec, q, wDtype), c.tensor('dequantized_weight')));
  }
  for (const [name, gold] of [['unpacked_scale', 'scale'], ['unpacked_zero', 'zero']] as const) {
    if (c.has(name) && q.tensors.scale_and_zero) checks.push(compareExact(name, unpackScaleAndZero(q.tensors.scale_and_zero, gold), c.tensor(name)));
  }
  if (spec.activation && c.has('activation')) {
    const act = await backend.quantizeActivation(spec, c.tensor('activation'));
    for (const entry of m.activation_quantization ?? []) {
      checks.push(...compareInner(c, act, tensorMap(entry, /^act\d+\./), new Set(Object.keys((entry.tensor_data ?? {}) as object))));
    }
    const a = spec.activation;
    if (a.kind === 'int8' && c.has('act0.dequantized') && !act.tensors.dequantized) {
      // an Int8Tensor activation dequantizes exactly like an Int8Tensor weight
      const asWeight: FormatSpec = { ...spec, weight: { layout: 'int8', granularity: a.granularity, reduceRange: a.reduceRange } };
      const x = c.tensor('activation');
      checks.push(compareExact('act0.dequantized', await backend.dequantizeWeight(asWeight, act, x.dtype as FloatDType), c.tensor('act0.dequantized')));
    }
  }
  checks.push(...(await moduleOutputChecks(c, spec, q, backend)));
  return checks;
}

/** [K/g, N, 2] scale_and_zero -> [N, K/g] scale or zero (torchao unpack_tinygemm_scales_and_zeros). */
function unpackScaleAndZero(sz: HostTensor, which: 'scale' | 'zero'): HostTensor {
  const [groups, N] = sz.shape;
  const out = new Uint8Array(N * groups * 2);
  const off = which === 'scale' ? 0 : 1;
  for (let j = 0; j < groups; j++) {
    for (let n = 0; n < N; n++) out.set(sz.data.subarray(((j * N + n) * 2 + off) * 2, ((j * N + n) * 2 + off) * 2 + 2), (n * groups + j) * 2);
  }
  return { dtype: sz.dtype, shape: [N, groups], data: out };
}

async function moduleOutputChecks(c: GoldenCase, spec: FormatSpec, q: QuantizedWeight, backend: GoldenBackend): Promise<Check[]> {
  const bias = c.has('bias') ? c.tensor('bias') : null;
  if (c.has('embedding_output')) {
    const table = await backend.dequantizeWeight(spec, q, c.tensor('weight').dtype as FloatDType);
    return [compareExact('embedding_output', embeddingReference(table, c.tensor('indices')), c.tensor('embedding_output'))];
  }
  if (c.has('conv_output')) {
    const role = String(c.manifest.tensors?.conv_output?.role ?? '');
    const stride = Number(/stride (\d+)/.exec(role)?.[1] ?? 1);
    const padding = Number(/padding (\d+)/.exec(role)?.[1] ?? 0);
    const wDeq = await backend.dequantizeWeight(spec, q, c.tensor('weight').dtype as FloatDType);
    const x = c.tensor('activation');
    const { output, tolerance } = conv2dReference(x, wDeq, bias, { stride, padding });
    return [compareWithin('conv_output', output, c.tensor('conv_output'), tolerance)];
  }
  const outName = ['linear_output', 'linear_output_generator_emulation'].find((n) => c.has(n));
  if (!c.has('activation')) return [];
  const x = c.tensor('activation');
  if (!outName) {
    // torchao could not run this GEMM (partial): a kernel backend's linear against the oracle's
    if (c.manifest.status !== 'partial' || backend.name === 'ref') return [];
    return [await oracleLinearCheck('linear_output(oracle; torchao could not run this GEMM)', backend, spec, x, q, bias)];
  }
  const y = await backend.linear(spec, x, q, bias);
  const golden = c.tensor(outName);
  if (spec.linear.kind === 'int8_int_mm') return [compareExact(outName, y, golden)];
  const wRef = toFloat64(dequantizeWeight(spec, q, 'float32'));
  const [N, K] = [golden.shape[golden.shape.length - 1], x.shape[x.shape.length - 1]];
  return [compareWithin(outName, y, golden, linearTolerance(x, wRef, N, K, bias, golden.dtype as FloatDType))];
}
