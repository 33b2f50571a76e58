// KernelSpec → the C++ call that instantiates a hand-written kernel template of
// codegen/cpu/include/qf with the spec's compile-time constants (dtype, bit width, group
// size, granularity, mapping, tile). Pure: no I/O. Formats or ops the CPU generator does not
// handle yet are reported by `unsupportedReason` instead of being silently skipped.
import type { FloatDType, Granularity } from '../../src/ir/format.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { instantiateInt4Tiled } from './instantiate-int4-tiled.js';
import { instantiateFloat8Blocks } from './instantiate-float8-blocks.js';
import { instantiateNvfp4Dynamic } from './instantiate-nvfp4-dynamic.js';
import { instantiateFloat8Sparse } from './instantiate-float8-sparse.js';

const DT: Record<FloatDType, string> = { float32: 'qf::Dt::F32', bfloat16: 'qf::Dt::BF16', float16: 'qf::Dt::F16' };

/** PerRow → 0, PerTensor → -1, PerGroup(g) → g (the `Block` template argument). */
function block(g: Granularity): number | null {
  if (g.kind === 'PerRow' || (g.kind === 'PerAxis' && g.axis === 0)) return 0;
  if (g.kind === 'PerTensor') return -1;
  if (g.kind === 'PerGroup') return g.groupSize;
  return null;
}

const mini = (e: string): string | null =>
  e === 'float8_e4m3fn' ? 'qf::kE4M3' : e === 'float8_e5m2' ? 'qf::kE5M2' : null;

const cppFloat = (v: number | null): string => (v === null ? 'NAN' : `float(${v})`);

const b = (v: boolean): string => (v ? 'true' : 'false');

/** Why the CPU generator cannot build this spec, or null when it can. */
export function unsupportedReason(spec: KernelSpec): string | null {
  try {
    instantiate(spec, 'probe');
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * The statement of the generated function body. `name` is the exported name (used in error
 * messages); argument variables are named as `kernelArgs(spec)`.
 */
export function instantiate(spec: KernelSpec, name: string): string {
  const { weight, activation } = spec.format;
  const d = DT[spec.shapeClass.dtype];
  const t = spec.tile.tokens;
  const k = JSON.stringify(name);
  const fail = (why: string): never => {
    throw new Error(`cpu codegen: ${spec.op} for weight layout '${weight.layout}' ${why}`);
  };
  if (spec.target !== 'cpu') fail(`targets '${spec.target}', not cpu`);
  switch (weight.layout) {
    case 'int8': {
      const blk = block(weight.granularity) ?? fail(`has unsupported granularity ${weight.granularity.kind}`);
      const red = b(weight.reduceRange);
      if (activation !== null && activation.kind !== 'int8') fail(`with ${activation.kind} activations is not supported`);
      const act = activation?.kind === 'int8' ? activation : null;
      const actPerTensor = act?.granularity.kind === 'PerTensor';
      const asym = act?.mapping === 'ASYMMETRIC';
      switch (spec.op) {
        case 'quantize_weight':
          return `qf::int8::quantize_weight<${d}, ${blk}, ${red}>(${k}, weight, qdata, scale, zero_point);`;
        case 'dequantize':
          return `qf::int8::dequantize<${d}, ${blk}>(${k}, qdata, scale, zero_point, out);`;
        case 'quantize_activation':
          if (!act) return fail('has no activation quantization (weight-only)');
          return `qf::int8::quantize_activation<${d}, ${b(actPerTensor)}, ${b(asym)}, ${b(act.reduceRange)}>(${k}, x, qdata, scale, zero_point);`;
        case 'linear':
          if (!act) return `qf::int8::linear_weight_only<${d}, ${blk}, ${t}>(${k}, x, qdata, scale, zero_point, bias, y);`;
          if (blk > 0) return fail('with dynamic activations needs per-row or per-tensor weight scales');
          return `qf::int8::linear_dynamic<${d}, ${b(actPerTensor)}, ${b(blk < 0)}, ${b(asym)}, ${b(act.reduceRange)}, ${t}>(${k}, x, qdata, scale, zero_point, bias, y);`;
      }
      break;
    }
    case 'int4_plain': {
      const g = weight.groupSize;
      const sym = b(weight.mapping === 'symmetric');
      switch (spec.op) {
        case 'quantize_weight':
          return `qf::int4::quantize_weight<${d}, ${g}, ${sym}>(${k}, weight, qdata, scale, zero_point);`;
        case 'dequantize':
          return `qf::int4::dequantize<${d}, ${g}>(${k}, qdata, scale, zero_point, out);`;
        case 'linear':
          if (activation === null) return `qf::int4::linear<${d}, ${g}, ${t}>(${k}, x, qdata, scale, zero_point, bias, y);`;
          if (activation.kind !== 'float8_row_mslk') return fail(`with ${activation.kind} activations is not supported`);
          // mslk's f8i4bf16_rowwise: bf16 in, bf16 out
          if (spec.shapeClass.dtype !== 'bfloat16') return fail(`with float8 activations in ${spec.shapeClass.dtype} (mslk's f8i4bf16 GEMM is bf16-only)`);
          return `qf::int4::linear_f8<${g}, ${t}>(${k}, x, qdata, scale, zero_point, bias, y);`;
        case 'quantize_activation':
          if (activation?.kind !== 'float8_row_mslk') return fail('has no activation quantization (weight-only)');
          return `qf::int4::quantize_activation_f8_row<${d}>(${k}, x, qdata, scale);`;
      }
      break;
    }
    case 'int4_tile_packed_to_4d':
      return instantiateInt4Tiled(spec, k, fail);
    case 'float8': {
      if (weight.granularity.kind === 'PerBlock') return instantiateFloat8Blocks(spec, k, fail);
      const w = mini(weight.element) ?? fail(`element ${weight.element}`);
      const blk = block(weight.granularity) ?? fail(`has unsupported granularity ${weight.granularity.kind}`);
      if (activation !== null && activation.kind !== 'float8') fail(`with ${activation.kind} activations is not supported`);
      const act = activation?.kind === 'float8' ? activation : null;
      const a = act ? (mini(act.element) ?? fail(`activation element ${act.element}`)) : null;
      const perTensor = act?.granularity.kind === 'PerTensor';
      if (act && act.granularity.kind !== 'PerTensor' && act.granularity.kind !== 'PerRow')
        fail(`with ${act.granularity.kind} activation scales is not supported`);
      const bounds = act ? `${cppFloat(act.lowerBound)}, ${cppFloat(act.upperBound)}` : '';
      switch (spec.op) {
        case 'quantize_weight':
          return `qf::float8::quantize_weight<${d}, ${w}, ${blk}>(${k}, weight, qdata, scale);`;
        case 'dequantize':
          return `qf::float8::dequantize<${d}, ${w}, ${blk}>(${k}, qdata, scale, out);`;
        case 'quantize_activation':
          if (!act) return fail('has no activation quantization (weight-only)');
          return `qf::float8::quantize_activation<${d}, ${a}, ${b(perTensor)}>(${k}, ${bounds}, x, qdata, scale);`;
        case 'linear':
          if (!act) return `qf::float8::linear_weight_only<${d}, ${w}, ${blk}, ${t}>(${k}, x, qdata, scale, bias, y);`;
          if (blk > 0) return fail('with dynamic activations needs per-row or per-tensor weight scales');
          return `qf::float8::linear_dynamic<${d}, ${a}, ${w}, ${b(perTensor)}, ${t}>(${k}, ${bounds}, x, qdata, scale, bias, y);`;
      }
      break;
    }
    case 'intx_unpacked_to_int8': {
      const bits = Number(/^int(\d)$/.exec(weight.element)?.[1] ?? fail(`element ${weight.element}`));
      const [qmin, qmax] = [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
      const g = weight.granularity;
      const grp = g.kind === 'PerGroup' ? g.groupSize : g.kind === 'PerAxis' && g.axis === 0 ? 0 : fail(`granularity ${g.kind}`);
      const sd = DT[weight.scaleDtype ?? spec.shapeClass.dtype];
      const mapping = { SYMMETRIC: 'Sym', ASYMMETRIC: 'Asym', SYMMETRIC_NO_CLIPPING_ERR: 'SymNoClip' }[weight.mapping];
      if (activation !== null && activation.kind !== 'int8_asym_per_token_fake_quant') fail(`with ${activation.kind} activations is not supported`);
      const fq = b(activation !== null);
      switch (spec.op) {
        case 'quantize_weight':
          // HQQ_SCALE_ONLY: the fp32 least-squares scale of intx_hqq.h (the mapping is unused)
          if (weight.algorithm === 'hqq_scale_only')
            return `qf::intx::quantize_weight_hqq<${d}, ${sd}, ${grp}>(${k}, ${qmin}.0f, ${qmax}.0f, weight, qdata, scale, zero_point);`;
          return `qf::intx::quantize_weight<${d}, ${sd}, qf::intx::Mapping::${mapping}, ${grp}>(${k}, ${qmin}.0f, ${qmax}.0f, weight, qdata, scale, zero_point);`;
        case 'dequantize':
          return `qf::intx::dequantize<${d}, ${sd}, ${grp}>(${k}, qdata, scale, zero_point, out);`;
        case 'quantize_activation':
          if (!activation) return fail('has no activation quantization (weight-only)');
          return `qf::intx::quantize_activation<${d}>(${k}, x, qdata, scale, zero_point, dequantized);`;
        case 'linear':
          return `qf::intx::linear<${d}, ${sd}, ${grp}, ${fq}, ${t}>(${k}, x, qdata, scale, zero_point, bias, y);`;
      }
      break;
    }
    case 'mx': {
      const elem = (e: string): string =>
        ({ float8_e4m3fn: 'qf::kE4M3', float8_e5m2: 'qf::kE5M2', fp6_e2m3: 'qf::kE2M3', fp6_e3m2: 'qf::kE3M2', fp4_e2m1: 'qf::kE2M1' })[e] ?? fail(`element ${e}`);
      const mode = (m: string): string => `qf::mx::Mode::${m.charAt(0)}${m.slice(1).toLowerCase()}`;
      if (weight.blockSize !== 32) fail(`with block size ${weight.blockSize} (torchao swizzles scales for 32 only)`);
      if (activation !== null && activation.kind !== 'mx') fail(`with ${activation.kind} activations is not supported`);
      const act = activation?.kind === 'mx' ? activation : null;
      if (act && (act.element !== weight.element || act.blockSize !== 32)) fail('needs the activation element and block size of the weight');
      const e = elem(weight.element);
      const packed = b(weight.element === 'fp4_e2m1');
      switch (spec.op) {
        case 'quantize_weight':
          return `qf::mx::quantize_weight<${d}, ${e}, ${mode(weight.scaling)}, ${packed}>(${k}, weight, qdata, scale);`;
        case 'dequantize':
          return `qf::mx::dequantize<${d}, ${e}, ${packed}>(${k}, qdata, scale, out);`;
        case 'quantize_activation':
          if (!act) return fail('has no activation quantization (weight-only)');
          return `qf::mx::quantize_activation<${d}, ${e}, ${mode(act.scaling)}, ${packed}>(${k}, x, qdata, scale);`;
        case 'linear':
          if (!act) return fail('without activation quantization is not an MX config');
          return `qf::mx::linear<${d}, ${e}, ${mode(act.scaling)}, ${packed}, ${t}>(${k}, x, qdata, scale, bias, y);`;
      }
      break;
    }
    case 'nvfp4': {
      if (activation?.kind === 'nvfp4') return instantiateNvfp4Dynamic(spec, k, fail);
      const pt = b(weight.perTensorScale);
      switch (spec.op) {
        case 'quantize_weight':
          return `qf::nvfp4::quantize_weight<${d}, ${pt}>(${k}, weight, qdata, scale, per_tensor_scale);`;
        case 'dequantize':
          return `qf::nvfp4::dequantize<${d}, ${pt}>(${k}, qdata, scale, per_tensor_scale, out);`;
        case 'linear':
          if (activation !== null) return fail(`with ${activation.kind} activations (the fp4 scaled GEMM) is not supported`);
          return `qf::nvfp4::linear<${d}, ${pt}, ${t}>(${k}, x, qdata, scale, per_tensor_scale, bias, y);`;
        case 'quantize_activation':
          return fail('activation quantization is not supported');
      }
      break;
    }
    case 'float8_sparse_2x4':
      return instantiateFloat8Sparse(spec, k, fail);
    default:
      break;
  }
  return fail('is not supported by the CPU generator yet');
}
