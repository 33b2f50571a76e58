// Int8DynamicActivationInt8WeightConfig (§3.2): int8 weights as §3.1, activations quantized
// per token (or per tensor) at run time, integer GEMM with a scale epilogue.
import type { ConfigDef, Params, TorchaoError } from './types.js';
import { T, param, PER_ROW, sym, construction, OK, granularityOf, granularityClass, pyRepr } from './common.js';
import { removedVersion1 } from './int8-weight-only.js';
import { isObject, isTuple, type PyValue } from './values.js';
import { enumMemberOf } from './names.js';

/** `[act, weight]` granularities, or torchao's error for the value given. */
function pair(g: PyValue): [PyValue, PyValue] | TorchaoError {
  if (g === null) return [PER_ROW, PER_ROW];
  if (isObject(g)) return [g, g];
  if (!Array.isArray(g) || isTuple(g)) {
    return construction(
      'ValueError',
      `Invalid granularity type: ${pyRepr(g)}. Expected None, Granularity, or list of 2 Granularities.`,
      'granularity',
    );
  }
  if (g.length !== 2)
    return construction(
      'ValueError',
      `Granularity list must have exactly 2 elements, got ${g.length}: ${pyRepr(g)}`,
      'granularity',
    );
  return [g[0]!, g[1]!];
}

const act = (p: Params) => pair(p['granularity']!) as [PyValue, PyValue];

export const int8DynamicActivationInt8Weight: ConfigDef = {
  name: 'Int8DynamicActivationInt8WeightConfig',
  version: 2,
  params: [
    param('act_mapping_type', T.enum('MappingType'), sym),
    param('weight_only_decode', T.bool, false),
    param('granularity', T.granularities, PER_ROW, true),
    param('set_inductor_config', T.bool, true),
    param('reduce_range', T.bool, false),
  ],
  versionPosition: 4,
  parameterLevel: true,
  validate(p, version) {
    if (version !== 2) return removedVersion1('Int8DynamicActivationInt8WeightConfig');
    const gs = pair(p['granularity']!);
    if (!Array.isArray(gs)) return gs;
    const [a, w] = gs;
    if (!isObject(a) || !['PerTensor', 'PerRow'].includes(a.type)) {
      return construction(
        'ValueError',
        `Unsupported activation granularity type: ${granularityClass(a)}. Only PerTensor and PerRow are supported.`,
        'granularity',
      );
    }
    if (a.type === 'PerRow' && a.fields['dim'] !== -1) {
      return construction(
        'ValueError',
        `Only PerRow(dim=-1) is supported for activation quantization, got PerRow(dim=${pyRepr(a.fields['dim']!)}). Per-feature activation quantization is not supported due to slicing limitations.`,
        'granularity',
      );
    }
    if (!isObject(w) || !['PerTensor', 'PerRow'].includes(w.type)) {
      return construction(
        'ValueError',
        `Unsupported weight granularity type: ${granularityClass(w)}. Only PerTensor and PerRow are supported.`,
        'granularity',
      );
    }
    const m = enumMemberOf(p['act_mapping_type']!, 'MappingType');
    if (m !== 'SYMMETRIC' && m !== 'ASYMMETRIC') {
      return construction(
        'AssertionError',
        'Int8DynamicActivationInt8WeightConfig requires `act_mapping_type` in (MappingType.SYMMETRIC, MappingType.ASYMMETRIC). Please set it to MappingType.SYMMETRIC or MappingType.ASYMMETRIC.',
        'act_mapping_type',
      );
    }
    if (w.type === 'PerRow' && w.fields['dim'] !== -1) {
      // torchao accepts it and then applies per-column scales as per-row ones (§3.2).
      return {
        exception: 'ValueError',
        message: "weight PerRow(dim=0) gives per-column scales that torchao's linear mis-applies; use PerRow()",
        when: 'construction',
        ours: true,
        param: 'granularity',
      };
    }
    return null;
  },
  checkWeight: () => OK,
  lower(p) {
    const [a, w] = act(p);
    const reduceRange = p['reduce_range'] === true;
    const mapping = enumMemberOf(p['act_mapping_type']!, 'MappingType') as 'SYMMETRIC' | 'ASYMMETRIC';
    return {
      weight: { layout: 'int8', granularity: granularityOf(w), reduceRange },
      activation: { kind: 'int8', granularity: granularityOf(a), mapping, reduceRange },
      linear: { kind: 'int8_int_mm' },
    };
  },
};
