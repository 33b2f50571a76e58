// Float8Tensor with PerBlock scales (the blockwise config: activations per 1x128 block, weights
// per 128x128 block) → the templates of codegen/cpu/include/qf/float8_block.h.
import type { Granularity } from '../../src/ir/format.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { CPP_DTYPE, cppFloat, cppFloat8, type Fail } from './cpp-names.js';

/** [rows, cols] of a 2-D PerBlock granularity, or null. */
function block2(g: Granularity): [number, number] | null {
  if (g.kind !== 'PerBlock' || g.blockSize.length > 2 || g.blockSize.length === 0) return null;
  const [r, c] = g.blockSize.length === 1 ? [1, g.blockSize[0]] : g.blockSize;
  return r > 0 && c > 0 ? [r, c] : null;
}

/** The call for a float8 weight whose granularity is PerBlock. */
export function instantiateFloat8Blocks(spec: KernelSpec, k: string, fail: Fail): string {
  const { weight, activation } = spec.format;
  if (weight.layout !== 'float8') return fail('is not float8');
  const d = CPP_DTYPE[spec.shapeClass.dtype];
  const w = cppFloat8(weight.element) ?? fail(`element ${weight.element}`);
  const [br, bc] = block2(weight.granularity) ?? fail(`has a PerBlock granularity that is not 2-D [rows, cols]`);
  const t = spec.tile.tokens;
  if (activation !== null && activation.kind !== 'float8') fail(`with ${activation.kind} activations is not supported`);
  const act = activation?.kind === 'float8' ? activation : null;
  const a = act ? (cppFloat8(act.element) ?? fail(`activation element ${act.element}`)) : null;
  const ab = act ? block2(act.granularity) : null;
  if (act && (!ab || ab[0] !== 1 || ab[1] !== bc))
    fail(`with PerBlock [${br}, ${bc}] weights needs PerBlock [1, ${bc}] activations (the blockwise GEMM)`);
  const bounds = act ? `${cppFloat(act.lowerBound)}, ${cppFloat(act.upperBound)}` : '';
  const ns = 'qf::float8::blocks';
  switch (spec.op) {
    case 'quantize_weight':
      return `${ns}::quantize_weight<${d}, ${w}, ${br}, ${bc}>(${k}, weight, qdata, scale);`;
    case 'dequantize':
      return `${ns}::dequantize<${d}, ${w}, ${br}, ${bc}>(${k}, qdata, scale, out);`;
    case 'quantize_activation':
      if (!act) return fail('has no activation quantization (weight-only)');
      return `${ns}::quantize_activation<${d}, ${a}, ${bc}>(${k}, ${bounds}, x, qdata, scale);`;
    case 'linear':
      if (!act) return `${ns}::linear_weight_only<${d}, ${w}, ${br}, ${bc}, ${t}>(${k}, x, qdata, scale, bias, y);`;
      return `${ns}::linear_blockwise<${d}, ${a}, ${w}, ${br}, ${bc}, ${t}>(${k}, ${bounds}, x, qdata, scale, bias, y);`;
  }
}
