// codegen/cuda for 2:4 sparse float8 weights (Float8DynamicActivationFloat8WeightConfig with
// SPARSE_2D_DATA_2D_METADATA, the old Float8DynamicActivationFloat8SemiSparseWeightConfig): which
// FormatSpecs get the cuSPARSELt kernel, what it exports, and its generated source (pinned by
// golden/sparse-kernel.cu; regenerate on purpose with
// UPDATE_GOLDEN=1 npx mocha test/codegen/cuda/sparse.test.ts).
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cudaLinearFormat } from '../../../codegen/cuda/formats.js';
import { emitSparseFp8, SPARSE_HEADER } from '../../../codegen/cuda/emit-sparse.js';
import { generateCudaModule } from '../../../codegen/cuda/module.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { canonicalJson, kernelName } from '../../../src/ir/kernel-spec.js';
import { resolveText } from '../../ir/configs/python-call.js';
import { benchSpecs } from '../../../bench/gpu/kernel-set.js';
import { SPARSE_FORMATS, sparseSpecs } from '../../../bench/gpu/sparse-kernel-set.js';

const golden = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'sparse-kernel.cu');
const SPARSE = SPARSE_FORMATS.fp8sp_row!;

const withWeight = (patch: Record<string, unknown>): FormatSpec =>
  ({ ...SPARSE, weight: { ...SPARSE.weight, ...patch } }) as FormatSpec;
const withActivation = (patch: Record<string, unknown>): FormatSpec =>
  ({ ...SPARSE, activation: { ...SPARSE.activation!, ...patch } }) as FormatSpec;

describe('codegen/cuda: 2:4 sparse float8 formats', () => {
  it('runs the e4m3 PerRow 2-D-metadata format through cuSPARSELt: scale at call time, metadata folded at load time', () => {
    const f = cudaLinearFormat(SPARSE);
    expect(f).to.deep.equal({
      ok: true,
      format: {
        kind: 'sparse_fp8',
        lowerBound: null,
        upperBound: null,
        inner: ['scale'],
        repackInner: ['sparse_metadata'],
        repack: 'cusparselt',
        tag: 'fp8sp_row',
      },
    });
  });

  it('is what the registry lowers Float8DynamicActivationFloat8SemiSparseWeightConfig(e4m3 activation) to', () => {
    const { format } = resolveText('Float8DynamicActivationFloat8SemiSparseWeightConfig(activation_dtype=torch.float8_e4m3fn)');
    const f = cudaLinearFormat(format);
    expect(f.ok && f.format.kind).to.equal('sparse_fp8');
  });

  it('says why the old e5m2-activation default, 1-D metadata and per-tensor scales have no CUDA kernel', () => {
    const e5 = cudaLinearFormat(resolveText('Float8DynamicActivationFloat8SemiSparseWeightConfig()').format);
    expect(e5.ok).to.equal(false);
    expect(!e5.ok && e5.reason).to.match(/e4m3 activations and weights .* got float8_e5m2 x float8_e4m3fn; pass activation_dtype=torch.float8_e4m3fn/);
    const oneD = cudaLinearFormat(withWeight({ metadata: '1d', granularity: { kind: 'PerTensor' } }));
    expect(!oneD.ok && oneD.reason).to.match(/1-D metadata is hipSPARSELt \(ROCm\) only/);
    const perTensor = cudaLinearFormat(withActivation({ granularity: { kind: 'PerTensor' } }));
    expect(perTensor).to.deep.equal({ ok: false, reason: 'float8 2:4 sparse granularity PerTensor/PerRow: CUDA takes PerRow/PerRow' });
  });

  it('keeps the activation clamp of the config in the kernel', () => {
    const spec = { ...sparseSpecs().fp8sp_row!, format: withActivation({ lowerBound: 0.5, upperBound: 1200 }) };
    const { source } = generateCudaModule([spec]);
    expect(source).to.contain('kAct{0.5f, 1200.0f}');
  });
});

describe('codegen/cuda: 2:4 sparse float8 emitter', () => {
  it('exports linear, __cfg, __quantize_activation, __packed_bytes, __repack, __decompress, __library_version and the tuning queries', () => {
    const spec = sparseSpecs().fp8sp_row!;
    const { source, entries } = generateCudaModule([spec]);
    const name = kernelName(spec);
    expect(entries.map((e) => e.name)).to.deep.equal([name]);
    const exported = [...source.matchAll(/TVM_FFI_DLL_EXPORT_TYPED_FUNC\((\w+),/g)].map((m) => m[1]);
    expect(exported).to.deep.equal(
      ['', '__cfg', '__quantize_activation', '__packed_bytes', '__repack', '__decompress', '__library_version', '__max_alg', '__chosen_alg'].map((s) => name + s),
    );
    expect(source).to.contain(`void linear(TensorView x, TensorView packed, TensorView scale, TensorView bias, TensorView y)`);
  });

  it('includes the cuSPARSELt wrapper only in modules that have a sparse kernel', () => {
    expect(generateCudaModule([sparseSpecs().fp8sp_row!]).source).to.contain(SPARSE_HEADER);
    expect(generateCudaModule([benchSpecs().fp8dq_row!]).source).not.to.contain(SPARSE_HEADER);
  });

  // The kernel's text only: the module head (its includes) belongs to emit.ts and its own golden.
  it('generates the sparse kernel exactly as the golden file', () => {
    const spec = sparseSpecs().fp8sp_row!;
    const f = cudaLinearFormat(spec.format);
    if (!f.ok || f.format.kind !== 'sparse_fp8') throw new Error('the sparse format must be supported');
    const source = emitSparseFp8(kernelName(spec), canonicalJson(spec), f.format);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, source);
    expect(source).to.equal(readFileSync(golden, 'utf8'));
  });
});
