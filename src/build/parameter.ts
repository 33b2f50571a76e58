// One parameter through the build: quantize its bytes (or copy them unchanged), measure the
// round trip, and hand its stored tensors to the weights writer. Memory: this parameter only.
// Reading is the caller's (the pipeline reads the next parameter while this one computes).
import type { FloatDType } from '../ir/format.js';
import type { BuildParameter, Json } from '../bundle/manifest.js';
import type { ModelParameter } from '../model/folder.js';
import { toDType, toSafetensorsDType } from '../model/dtypes.js';
import type { ShardedSafetensorsWriter } from '../model/sharded-writer.js';
import type { HostTensor } from '../numerics/host-tensor.js';
import type { TensorBytes } from '../../runtime/src/safetensors/index.js';
import type { PlannedDecision } from './plan-input.js';
import type { Quantizer } from './quantizer.js';
import { sqnrDb } from './sqnr.js';

const FLOATS: readonly string[] = ['float32', 'bfloat16', 'float16'];

/** The entry is complete except each stored tensor's `file`, known once the writer finishes. */
export function buildParameter(
  p: ModelParameter,
  decision: PlannedDecision,
  raw: TensorBytes,
  quantizer: Quantizer,
  writer: ShardedSafetensorsWriter,
): BuildParameter {
  const base = { fqn: p.fqn, shape: p.shape, dtype: p.dtype, kind: p.kind, bytesBefore: p.bytes };
  if (decision.kind === 'skip') {
    writer.add(p.fqn, raw);
    return {
      ...base,
      decision,
      tensors: [{ inner: null, name: p.fqn, dtype: raw.dtype, shape: raw.shape, file: '' }],
      attributes: {},
      bytesAfter: raw.data.length,
      sqnrDb: null,
    };
  }
  const dtype = toDType(raw.dtype);
  if (!dtype || !FLOATS.includes(dtype))
    throw new Error(`'${p.fqn}' is ${raw.dtype}; ${decision.config} quantizes float weights only`);
  const w: HostTensor = { dtype, shape: raw.shape, data: raw.data };
  let q;
  try {
    q = quantizer.quantize(decision.format, w);
  } catch (e) {
    throw new Error(`quantizing '${p.fqn}' with ${decision.config} (rule ${decision.rule}): ${(e as Error).message}`);
  }
  const outDtype = (FLOATS.includes(w.dtype) ? w.dtype : 'float32') as FloatDType;
  const sqnr = sqnrDb(w, quantizer.dequantize(decision.format, q, outDtype));
  const tensors = Object.entries(q.tensors).map(([inner, t]) => {
    const name = `${p.fqn}.${inner}`;
    const dtype = toSafetensorsDType(t.dtype);
    writer.add(name, { dtype, shape: t.shape, data: t.data });
    return { inner, name, dtype, shape: [...t.shape], file: '' };
  });
  return {
    ...base,
    decision,
    tensors,
    attributes: JSON.parse(JSON.stringify(q.attributes ?? {})) as Record<string, Json>,
    bytesAfter: Object.values(q.tensors).reduce((a, t) => a + t.data.length, 0),
    sqnrDb: Number.isFinite(sqnr) ? Math.round(sqnr * 1000) / 1000 : 'inf',
  };
}
