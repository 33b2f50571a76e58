// MXDynamicActivationMXWeightConfig (§3.11): MX block formats (e8m0 scales per 32 elements)
// for weights and activations; EMULATED = dequantize + bf16 mm, AUTO = block-scaled GEMM.
import type { ConfigDef, Params } from './types.js';
import type { MXElement } from '../format.js';
import {
  T,
  param,
  E4M3,
  construction,
  atQuantization,
  ours,
  OK,
  weightError,
  lastDims,
  pyRepr,
  torchSize,
  torchDtype,
} from './common.js';
import { enumMemberOf } from './names.js';
import { enumMember, pyEqual, type PyValue } from './values.js';

/** torchao's element types → FormatSpec's names; torch.float4_e2m1fn_x2 is MX fp4. */
const ELEMENTS: Record<string, MXElement> = {
  'torch.float8_e4m3fn': 'float8_e4m3fn',
  'torch.float8_e5m2': 'float8_e5m2',
  "'fp6_e2m3'": 'fp6_e2m3',
  "'fp6_e3m2'": 'fp6_e3m2',
  'torch.float4_e2m1fn_x2': 'fp4_e2m1',
};
export const mxElement = (v: PyValue): MXElement | null => ELEMENTS[pyRepr(v)] ?? null;
const kernel = (p: Params) => enumMemberOf(p['kernel_preference']!, 'KernelPreference');

export const mxDynamicActivationMXWeight: ConfigDef = {
  name: 'MXDynamicActivationMXWeightConfig',
  version: 1,
  params: [
    param('block_size', T.int, 32),
    param('activation_dtype', T.dtypeOrStr, E4M3),
    param('weight_dtype', T.dtypeOrStr, E4M3),
    param('kernel_preference', T.strEnum('KernelPreference'), enumMember('KernelPreference', 'AUTO')),
    param('scaling_mode', T.strEnum('ScaleCalculationMode'), enumMember('ScaleCalculationMode', 'RCEIL')),
  ],
  versionPosition: 5,
  parameterLevel: true,
  validate(p, version) {
    if (version !== 1) return ours(`MXDynamicActivationMXWeightConfig has only version 1, got ${version}`, 'version');
    if (!pyEqual(p['activation_dtype']!, p['weight_dtype']!)) {
      return construction('AssertionError', 'For now - we only support matching input/weight dtypes.', 'weight_dtype');
    }
    const element = mxElement(p['weight_dtype']!);
    if (!element) {
      return construction(
        'AssertionError',
        `elem_dtype must be one of [torch.float8_e4m3fn, torch.float8_e5m2, 'fp6_e2m3', 'fp6_e3m2', torch.float4_e2m1fn_x2], got ${pyRepr(p['weight_dtype']!)}`,
        'weight_dtype',
      );
    }
    if (p['block_size'] !== 32)
      return ours(
        `block_size must be 32 (torchao's scale swizzling assumes 32 and fails with a reshape error), got ${p['block_size']}`,
        'block_size',
      );
    const k = kernel(p);
    if (k !== 'AUTO' && k !== 'EMULATED')
      return ours(
        `kernel_preference must be AUTO or EMULATED for MX, got ${pyRepr(p['kernel_preference']!)}`,
        'kernel_preference',
      );
    if (k === 'AUTO' && element !== 'float8_e4m3fn' && element !== 'fp4_e2m1') {
      return ours(
        `kernel_preference AUTO has a GEMM only for float8_e4m3fn and float4_e2m1fn_x2 elements (torchao fails at the first forward), got ${pyRepr(p['weight_dtype']!)}`,
        'kernel_preference',
        'use kernel_preference=KernelPreference.EMULATED',
      );
    }
    return null;
  },
  checkWeight(p, _v, w) {
    if (w.dtype !== 'bfloat16')
      return weightError(
        atQuantization('AssertionError', `Only supporting bf16 out dtype for now, got ${torchDtype(w.dtype)}`),
      );
    const bs = p['block_size'] as number;
    if (lastDims(w.shape).k % bs !== 0) {
      return weightError(
        atQuantization(
          'AssertionError',
          `the last dimension of shape ${torchSize(w.shape)} must be divisible by block_size ${bs}`,
        ),
      );
    }
    return OK;
  },
  lower(p) {
    const element = mxElement(p['weight_dtype']!)!;
    const scaling = enumMemberOf(p['scaling_mode']!, 'ScaleCalculationMode') as 'FLOOR' | 'RCEIL' | 'CEIL' | 'EVEN';
    const blockSize = p['block_size'] as number;
    return {
      weight: { layout: 'mx', element, blockSize, scaling },
      activation: { kind: 'mx', element, blockSize, scaling },
      linear: kernel(p) === 'EMULATED' ? { kind: 'dequantize_then_matmul' } : { kind: 'mx_scaled_mm' },
    };
  },
};
