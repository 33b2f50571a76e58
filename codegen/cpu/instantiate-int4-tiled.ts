// Int4TilePackedTo4dTensor (tinygemm layout; torchao keeps it bf16-only) → the templates of
// codegen/cpu/include/qf/entry_int4_tiled.h. The kernels read and write torchao's 4-D
// qdata and scale_and_zero directly.
import type { KernelSpec } from '../../src/ir/kernel-spec.js';

type Fail = (why: string) => never;

const DT = { float32: 'qf::Dt::F32', bfloat16: 'qf::Dt::BF16', float16: 'qf::Dt::F16' } as const;

/** The call for an int4_tile_packed_to_4d spec (`k`: the quoted kernel name). */
export function instantiateInt4Tiled(spec: KernelSpec, k: string, fail: Fail): string {
  const { weight, activation } = spec.format;
  if (weight.layout !== 'int4_tile_packed_to_4d') return fail('is not int4_tile_packed_to_4d');
  if (activation !== null) fail(`with ${activation.kind} activations is not a torchao config`);
  const g = weight.groupSize;
  if (![32, 64, 128, 256].includes(g)) fail(`with group size ${g} (tinygemm takes 32, 64, 128 or 256)`);
  const bf16Only = (): void => {
    if (spec.shapeClass.dtype !== 'bfloat16') fail(`in ${spec.shapeClass.dtype}: torchao supports only bfloat16 for Int4TilePackedTo4dTensor`);
  };
  const ns = 'qf::int4_tiled';
  switch (spec.op) {
    case 'quantize_weight': {
      bf16Only();
      const qp = weight.qparams === 'hqq' ? `${ns}::Qparams::Hqq` : `${ns}::Qparams::Tinygemm`;
      // tinygemm's eps: bf16's smallest normal; version 1 clamped at 1e-6 (bf16(fp32(1e-6))
      // is bf16(1e-6): the fp32 step lands on no bf16 tie)
      const eps = weight.qparams === 'tinygemm_v1' ? 'qf::hp_round<qf::Dt::BF16>(1e-6f)' : 'qf::smallest_normal<qf::Dt::BF16>()';
      return `${ns}::quantize_weight<${qp}, ${g}, ${weight.ntile}>(${k}, ${eps}, weight, qdata, scale_and_zero);`;
    }
    case 'dequantize':
      return `${ns}::dequantize<${DT[spec.shapeClass.dtype]}, ${g}>(${k}, qdata, scale_and_zero, out);`;
    case 'linear':
      bf16Only();
      return `${ns}::linear<${g}, ${spec.tile.tokens}>(${k}, x, qdata, scale_and_zero, bias, y);`;
    case 'quantize_activation':
      return fail('has no activation quantization (weight-only)');
  }
}
