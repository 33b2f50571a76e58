// codegen/cuda: which formats get CUDA kernels, and the generated source (pinned by a golden
// file: a refactor of the emitter must not change it by accident). Regenerate on purpose with
// UPDATE_GOLDEN=1 npx mocha test/codegen/cuda/emit.test.ts
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cudaLinearFormat, type CudaFormat } from '../../../codegen/cuda/formats.js';
import { emitCudaModule } from '../../../codegen/cuda/emit.js';
import { CudaCodegenError, generateCudaModule } from '../../../codegen/cuda/module.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { kernelName } from '../../../src/ir/kernel-spec.js';
import { benchSpecs, BENCH_FORMATS } from '../../../bench/gpu/kernel-set.js';

const here = dirname(fileURLToPath(import.meta.url));
const golden = join(here, 'golden', 'bench-module.cu');

const wo = (weight: FormatSpec['weight']): FormatSpec => ({ weight, activation: null, linear: { kind: 'dequantize_then_matmul' } });

describe('codegen/cuda formats', () => {
  it('maps int4 plain and tinygemm to the same int4 policy, with their own scale tensors', () => {
    const plain = cudaLinearFormat(BENCH_FORMATS.int4_plain_g128);
    const tiny = cudaLinearFormat(BENCH_FORMATS.int4_tinygemm_g128);
    expect(plain.ok && tiny.ok).to.equal(true);
    if (!plain.ok || !tiny.ok || plain.format.kind !== 'weight_only' || tiny.format.kind !== 'weight_only') return;
    expect(plain.format.policy).to.equal(tiny.format.policy).and.equal('qf::Int4Grouped<128>');
    expect(plain.format.inner).to.deep.equal(['scale', 'zero_point']);
    expect(tiny.format.inner).to.deep.equal(['scale_and_zero']);
    expect([plain.format.repack, tiny.format.repack]).to.deep.equal(['int4_plain', 'int4_tinygemm']);
  });

  it('maps 8-bit weights by granularity: per-row / per-tensor scale in the epilogue, per-group in B', () => {
    const g = cudaLinearFormat(wo({ layout: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerGroup', groupSize: 32 } }));
    expect(g.ok && g.format.kind === 'weight_only' && g.format.policy).to.equal('qf::Bytes8GroupScaled<qf::DecodeFp8<__NV_E5M2>, 32>');
    const t = cudaLinearFormat(BENCH_FORMATS.fp8_tensor);
    expect(t.ok && t.format.kind === 'weight_only' && t.format.policy).to.equal('qf::Bytes8RowScaled<qf::DecodeFp8<__NV_E4M3>, true>');
  });

  it('maps a PerBlock([BN, BK]) 8-bit weight to the block-scaled policy (scale fp32 [N / BN, K / BK])', () => {
    const b = cudaLinearFormat(wo({ layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [128, 128] } }));
    expect(b.ok && b.format.kind === 'weight_only' && [b.format.policy, b.format.args, b.format.tag]).to.deep.equal([
      'qf::Bytes8BlockScaled<qf::DecodeFp8<__NV_E4M3>, 128, 128>',
      'qf::block_scaled_args<qf::DecodeFp8<__NV_E4M3>, 128, 128>(scale, N, K)',
      'fp8e4m3_b128x128',
    ]);
    const odd = cudaLinearFormat(wo({ layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [1, 8] } }));
    expect(odd.ok).to.equal(false);
  });

  it("exports tinygemm's __dequantize with torchao's two bf16 roundings, its linear with the FMA", () => {
    const tiny = cudaLinearFormat(BENCH_FORMATS.int4_tinygemm_g128);
    const plain = cudaLinearFormat(BENCH_FORMATS.int4_plain_g128);
    expect(tiny.ok && tiny.format.kind === 'weight_only' && tiny.format.dequantPolicy).to.equal('qf::Int4TinygemmDequant<128>');
    expect(plain.ok && plain.format.kind === 'weight_only' && plain.format.dequantPolicy).to.equal(undefined);
    const src = emitCudaModule([{ name: 'k_tiny', format: (tiny as { ok: true; format: CudaFormat }).format, origin: 'test' }]);
    expect(src).to.include('qf::LinearOp<qf::Int4TinygemmDequant<128>>::dequantize(qdata, args(qdata, scale_and_zero), out);');
    expect(src).to.include('Op::run(x, qdata, args(qdata, scale_and_zero), bias, y, -1);');
  });

  it('maps NVFP4 and MX weights to block-scaled policies (fp4: the split nibble repack; 8-bit: bytes8)', () => {
    const policy = (f: FormatSpec): unknown => {
      const r = cudaLinearFormat(f);
      return r.ok && (r.format.kind === 'weight_only' || r.format.kind === 'block') ? [r.format.policy, r.format.chunkK, r.format.inner, r.format.repack] : r;
    };
    expect(policy(BENCH_FORMATS.nvfp4_pts)).to.deep.equal(['qf::Fp4Split<16, true>', 128, ['scale', 'per_tensor_scale'], 'fp4_split']);
    expect(policy(BENCH_FORMATS.mxfp4)).to.deep.equal(['qf::Fp4Split<32, false>', 128, ['scale'], 'fp4_split']);
    expect(policy(BENCH_FORMATS.mxfp8)).to.deep.equal(['qf::Bytes8Mx<qf::DecodeFp8<__NV_E4M3>>', 64, ['scale'], 'bytes8']);
    const b16 = cudaLinearFormat(wo({ layout: 'mx', element: 'fp4_e2m1', blockSize: 16, scaling: 'FLOOR' }));
    expect(b16).to.deep.equal({ ok: false, reason: 'MX block size 16 has no CUDA kernel (32 only)' });
  });

  it('says why a format has no CUDA kernel', () => {
    const nvOnInt8 = cudaLinearFormat({ ...BENCH_FORMATS.int8_row, activation: { kind: 'nvfp4', dynamicPerTensorScale: true } });
    expect(nvOnInt8).to.deep.equal({ ok: false, reason: 'an NVFP4 activation needs an NVFP4 weight, not int8' });
    const g16 = cudaLinearFormat(wo({ layout: 'int4_plain', groupSize: 16, mapping: 'asymmetric' }));
    expect(g16).to.deep.equal({ ok: false, reason: 'int4 group size 16 is not a multiple of 32' });
    const e5 = cudaLinearFormat({ ...BENCH_FORMATS.fp8dq_row, activation: { kind: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerRow', dim: -1 }, lowerBound: null, upperBound: null } });
    expect(e5.ok).to.equal(false);
  });
});

describe('codegen/cuda emitter', () => {
  it('exports linear, __cfg, __dequantize and __repack per weight-only kernel, by kernelName', () => {
    const specs = benchSpecs();
    const { source, entries } = generateCudaModule([specs.int8_row]);
    const name = kernelName(specs.int8_row);
    expect(entries.map((e) => e.name)).to.deep.equal([name]);
    for (const suffix of ['', '__cfg', '__dequantize', '__repack']) {
      expect(source).to.contain(`TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}${suffix},`);
    }
  });

  it('bakes the activation clamp of a float8 dynamic format into the kernel', () => {
    const spec = { ...benchSpecs().fp8dq_row };
    spec.format = { ...spec.format, activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 }, lowerBound: 1e-3, upperBound: null } };
    const { source } = generateCudaModule([spec]);
    expect(source).to.contain('kAct{0.001f, std::numeric_limits<float>::quiet_NaN()}');
  });

  it('merges equal specs and rejects non-CUDA or non-linear ones with the reason', () => {
    const s = benchSpecs().int4_plain_g128;
    expect(generateCudaModule([s, { ...s }]).entries).to.have.length(1);
    expect(() => generateCudaModule([{ ...s, target: 'cpu' }])).to.throw(CudaCodegenError, /target cuda/);
    expect(() => generateCudaModule([{ ...s, shapeClass: { dtype: 'float16' } }])).to.throw(CudaCodegenError, /bfloat16/);
  });

  it('refuses names that are not C identifiers', () => {
    const f = cudaLinearFormat(BENCH_FORMATS.int8_row);
    if (!f.ok) throw new Error('int8 must be supported');
    expect(() => emitCudaModule([{ name: 'bad-name', format: f.format, origin: '' }])).to.throw(/not a C identifier/);
  });

  it('generates the benchmark module exactly as the golden file', () => {
    const { source } = generateCudaModule(Object.values(benchSpecs()));
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, source);
    expect(source).to.equal(readFileSync(golden, 'utf8'));
  });
});
