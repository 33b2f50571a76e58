// Float8 2:4 sparse weights (float8_sparse_2x4: '2d' CUTLASS-style per-row, '1d'
// hipSPARSELt-style per-tensor) → the templates of codegen/cpu/include/qf/entry_float8_sparse.h;
// activations go through Float8Tensor's quantize_activation (entry_float8.h).
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { CPP_DTYPE, cppBool, cppFloat, cppFloat8, type Fail } from './cpp-names.js';

export function instantiateFloat8Sparse(spec: KernelSpec, k: string, fail: Fail): string {
  const { weight, activation } = spec.format;
  if (weight.layout !== 'float8_sparse_2x4') return fail('is not float8 2:4 sparse');
  const d = CPP_DTYPE[spec.shapeClass.dtype];
  const w = cppFloat8(weight.element) ?? fail(`element ${weight.element}`);
  const g = weight.metadata === '1d' ? 'PerTensor' : weight.granularity.kind;
  if (g !== 'PerRow' && g !== 'PerTensor') fail(`with ${g} weight scales is not supported (per row or per tensor)`);
  const perTensor = g === 'PerTensor';
  if (activation === null || activation.kind !== 'float8') return fail('needs float8 activations (the sparse scaled GEMM)');
  const ag = activation.granularity.kind;
  if ((ag === 'PerTensor') !== perTensor || (ag !== 'PerTensor' && ag !== 'PerRow'))
    fail(`with ${g} weight scales needs ${g} activation scales, got ${ag}`);
  const a = cppFloat8(activation.element) ?? fail(`activation element ${activation.element}`);
  const bounds = `${cppFloat(activation.lowerBound)}, ${cppFloat(activation.upperBound)}`;
  const pt = cppBool(perTensor);
  const ns = 'qf::float8::sparse';
  const one = weight.metadata === '1d';
  const stored = one ? 'packed, scale' : 'qdata, sparse_metadata, scale';
  const v = one ? '1d' : '2d';
  switch (spec.op) {
    case 'quantize_weight':
      return `${ns}::quantize_weight_${v}<${d}, ${w}, ${pt}>(${k}, weight, ${stored});`;
    case 'dequantize':
      return `${ns}::dequantize_${v}<${d}, ${w}, ${pt}>(${k}, ${stored}, out);`;
    case 'quantize_activation':
      return `qf::float8::quantize_activation<${d}, ${a}, ${pt}>(${k}, ${bounds}, x, qdata, scale);`;
    case 'linear':
      return `${ns}::linear_${v}<${d}, ${a}, ${w}, ${pt}, ${spec.tile.tokens}>(${k}, ${bounds}, x, ${stored}, bias, y);`;
  }
}
