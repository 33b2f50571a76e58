// A bundle built by `quantforge build` → the parameters toTorchaoStateDict takes, in the
// manifest's order: quantized ones with their FormatSpec, stored inner tensors, attributes and
// recorded config; skipped ones as their stored bytes.
//
// Invariant: reads only what the manifest names (through the runtime's bundle loader), and
// holds every tensor in memory at once: the reference layout sorts tensors by dtype across
// the whole file, so the file can only be written once all are known.
import type { Bundle } from '../../../runtime/src/bundle/index.js';
import type { DType, FloatDType, FormatSpec } from '../../ir/format.js';
import { toDType } from '../../model/dtypes.js';
import type { HostTensor } from '../../numerics/host-tensor.js';
import { configExtras } from './config-extras.js';
import { configFromText } from './config-text.js';
import type { ExportParameter } from './state-dict.js';

export function exportParametersOf(bundle: Bundle): ExportParameter[] {
  const configs = new Map<string, ReturnType<typeof configFromText>>();
  return bundle.manifest.parameters.map((entry): ExportParameter => {
    const p = bundle.parameter(entry.fqn);
    const d = entry.decision;
    if (d.kind === 'skip') {
      const t = p.tensor(null);
      return { kind: 'plain', fqn: entry.fqn, dtype: t.dtype, shape: t.shape, data: t.data };
    }
    const where = `${bundle.dir}: '${entry.fqn}'`;
    let config = configs.get(d.config);
    if (!config) configs.set(d.config, (config = configFromText(d.config, where)));
    const format = d.format as unknown as FormatSpec;
    const tensors: Record<string, HostTensor> = {};
    for (const inner of p.inners) {
      if (inner === null) throw new Error(`${where}: quantized parameter with an unnamed stored tensor`);
      const t = p.tensor(inner);
      const dtype = toDType(t.dtype);
      if (!dtype)
        throw new Error(`${where}: inner tensor '${inner}' has dtype ${t.dtype}, which has no torch dtype here`);
      tensors[inner] = { dtype: dtype as DType, shape: t.shape, data: t.data };
    }
    return {
      kind: 'quantized',
      fqn: entry.fqn,
      dtype: entry.dtype as FloatDType,
      shape: entry.shape,
      format,
      weight: { tensors, attributes: entry.attributes },
      extras: configExtras(format, config),
    };
  });
}
