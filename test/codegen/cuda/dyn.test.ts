// codegen/cuda, dynamic int8 activations (Int8DynamicActivationInt8WeightConfig, spec §3.2):
// which FormatSpecs get the kernel and with which compile-time parameters, the emitted source
// (pinned by a golden file; regenerate on purpose with UPDATE_GOLDEN=1), and an nvcc build that
// exports exactly the promised functions (skipped where no nvcc is installed).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../../codegen/cuda/headers.js';
import { cudaLinearFormat } from '../../../codegen/cuda/formats.js';
import { generateCudaModule } from '../../../codegen/cuda/module.js';
import { compileCudaModule, findNvcc } from '../../../codegen/toolchain/index.js';
import { DYN_FORMATS, dynSpecs } from '../../../bench/gpu/dyn-kernel-set.js';
import type { FormatSpec } from '../../../src/ir/format.js';

const golden = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'dyn-int8-kernels.cu');
const INT8_TAGS = ['int8dq_row_sym', 'int8dq_row_asym', 'int8dq_tensor_sym'] as const;

const withAct = (f: FormatSpec, act: Partial<Extract<NonNullable<FormatSpec['activation']>, { kind: 'int8' }>>): FormatSpec => ({
  ...f,
  activation: { ...(f.activation as Extract<NonNullable<FormatSpec['activation']>, { kind: 'int8' }>), ...act },
});

describe('codegen/cuda int8 dynamic formats', () => {
  it('maps Int8DynamicActivationInt8Weight to the dynamic_int8 kernel with mapping, range and activation granularity baked in', () => {
    expect(cudaLinearFormat(DYN_FORMATS.int8dq_row_sym!)).to.deep.equal({
      ok: true,
      format: { kind: 'dynamic_int8', asym: false, reduceRange: false, actPerTensor: false, inner: ['scale', 'zero_point'], tag: 'int8dq_row_sym' },
    });
    const asym = cudaLinearFormat(DYN_FORMATS.int8dq_row_asym!);
    expect(asym.ok && asym.format.kind === 'dynamic_int8' && [asym.format.asym, asym.format.actPerTensor]).to.deep.equal([true, false]);
    const tensor = cudaLinearFormat(DYN_FORMATS.int8dq_tensor_sym!);
    expect(tensor.ok && tensor.format.kind === 'dynamic_int8' && tensor.format.actPerTensor).to.equal(true);
  });

  it('runs reduce_range only when activation and weight both have it', () => {
    const rr: FormatSpec = { ...withAct(DYN_FORMATS.int8dq_row_sym!, { reduceRange: true }), weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: true } };
    const f = cudaLinearFormat(rr);
    expect(f.ok && f.format.kind === 'dynamic_int8' && [f.format.reduceRange, f.format.tag]).to.deep.equal([true, 'int8dq_row_sym_rr']);
    const mixed = cudaLinearFormat(withAct(DYN_FORMATS.int8dq_row_sym!, { reduceRange: true }));
    expect(mixed.ok).to.equal(false);
    if (!mixed.ok) expect(mixed.reason).to.match(/reduce_range/);
  });

  it('says why a granularity has no kernel', () => {
    const g = cudaLinearFormat(withAct(DYN_FORMATS.int8dq_row_sym!, { granularity: { kind: 'PerGroup', groupSize: 32 } }));
    expect(g).to.deep.equal({ ok: false, reason: 'int8 dynamic granularity PerGroup/PerRow has no CUDA kernel (PerRow or PerTensor)' });
  });
});

describe('codegen/cuda blockwise float8 formats', () => {
  it('maps [PerBlock([1, 128]), PerBlock([128, 128])] to the blockwise kernel with the activation clamp', () => {
    expect(cudaLinearFormat(DYN_FORMATS.fp8dq_block!)).to.deep.equal({
      ok: true,
      format: { kind: 'blockwise_fp8', lowerBound: null, upperBound: null, inner: ['scale'], tag: 'fp8dq_block' },
    });
  });

  it('refuses other block shapes with the reason', () => {
    const spec = DYN_FORMATS.fp8dq_block!;
    const wrong: FormatSpec = { ...spec, weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [64, 64] } } };
    const f = cudaLinearFormat(wrong);
    expect(f.ok).to.equal(false);
    if (!f.ok) expect(f.reason).to.match(/PerBlock\(\[128, 128\]\) weights/);
  });

  it('emits linear, __cfg and __quantize_activation with the clamp baked in', () => {
    const spec = { ...dynSpecs().fp8dq_block! };
    const act = spec.format.activation as Extract<NonNullable<FormatSpec['activation']>, { kind: 'float8' }>;
    spec.format = { ...spec.format, activation: { ...act, lowerBound: 0.5 } };
    const { source, entries } = generateCudaModule([spec]);
    const name = entries[0]!.name;
    for (const suffix of ['', '__cfg', '__quantize_activation']) expect(source).to.contain(`TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}${suffix},`);
    expect(source).to.contain('#include "qf/blockwise_fp8_op.cuh"');
    expect(source).to.contain('kAct{0.5f, std::numeric_limits<float>::quiet_NaN()}');
  });
});

describe('codegen/cuda fake-quantized activations over weight-only kernels', () => {
  it('maps Int8DynamicActivationIntxWeight and Float8DynamicActivationInt4 (plain) to their weight-only policy plus an activation pass', () => {
    const intx = cudaLinearFormat(DYN_FORMATS.i8tok_intx4_g32!);
    expect(intx.ok && intx.format.kind === 'fake_quant_weight_only' && [intx.format.act, intx.format.policy, intx.format.repack]).to.deep.equal([
      'int8_asym_per_token',
      'qf::IntxNibbles<32, __nv_bfloat16>',
      'intx_nibbles',
    ]);
    const fp8 = cudaLinearFormat(DYN_FORMATS.fp8row_int4_plain!);
    expect(fp8.ok && fp8.format.kind === 'fake_quant_weight_only' && [fp8.format.act, fp8.format.policy, fp8.format.inner]).to.deep.equal([
      'float8_row_mslk',
      'qf::Int4Grouped<128>',
      ['scale', 'zero_point'],
    ]);
  });

  it("passes on the weight-only format's reason when the weight has no kernel", () => {
    const spec: FormatSpec = { ...DYN_FORMATS.fp8row_int4_plain!, weight: { layout: 'int4_preshuffled', groupSize: 128, activation: 'float8_e4m3fn' } };
    expect(cudaLinearFormat(spec)).to.deep.equal({ ok: false, reason: 'weight layout int4_preshuffled has no CUDA kernel yet' });
  });

  it('exports the weight-only functions plus __quantize_activation, the linear running the activation pass first', () => {
    const { source, entries } = generateCudaModule([dynSpecs().fp8row_int4_plain!]);
    const name = entries[0]!.name;
    for (const suffix of ['', '__cfg', '__dequantize', '__repack', '__quantize_activation']) {
      expect(source).to.contain(`TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}${suffix},`);
    }
    expect(source).to.contain('qf::FakeQuantLinearOp<F, qf::FakeQuant::kFp8RowMslk>');
    expect(source).to.contain('qf::repack_int4_plain(src, dst)');
  });
});

describe('codegen/cuda int8 dynamic emitter', () => {
  it('exports linear, __cfg and __quantize_activation and includes its header', () => {
    const { source, entries } = generateCudaModule([dynSpecs().int8dq_row_asym!]);
    const name = entries[0]!.name;
    for (const suffix of ['', '__cfg', '__quantize_activation']) {
      expect(source).to.contain(`TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}${suffix},`);
    }
    expect(source).to.not.contain(`${name}__repack`);
    expect(source).to.contain('#include "qf/dynamic_int8_op.cuh"');
    expect(source).to.contain('qf::DynamicInt8Op<true, false>');
  });

  it('generates the int8 dynamic kernels exactly as the golden file', () => {
    const { source } = generateCudaModule(INT8_TAGS.map((t) => dynSpecs()[t]!));
    // Only the kernels' part: the shared module head belongs to emit.test.ts's golden.
    const body = source.slice(source.indexOf('#include "qf/dynamic_int8_op.cuh"'));
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, body);
    expect(body).to.equal(readFileSync(golden, 'utf8'));
  });
});

describe('codegen/cuda dynamic kernels: nvcc builds the module', function () {
  this.timeout(300_000);

  it('compiles the int8 dynamic, blockwise float8, float8 GEMV and fake-quant kernels and exports their functions', async function () {
    if (!findNvcc()) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const specs = dynSpecs();
    const { source, entries } = generateCudaModule([specs.int8dq_row_sym!, specs.int8dq_row_asym!, specs.fp8dq_row!, specs.fp8dq_block!, specs.i8tok_intx4_g32!]);
    const mod = await compileCudaModule({
      source,
      name: 'qf_cuda_dyn_test',
      includeDirs: [CUDA_INCLUDE_DIR, ...(existsSync(CUDA_EXTRA_INCLUDE_DIR) ? [CUDA_EXTRA_INCLUDE_DIR] : [])],
      extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`],
    });
    const symbols = execFileSync('nm', ['-D', '--defined-only', mod.path], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2])
      .filter((s): s is string => !!s && s.startsWith('__tvm_ffi_') && !s.startsWith('__tvm_ffi__'));
    const exports = (kind: string): string[] =>
      kind === 'fake_quant_weight_only' ? ['', '__cfg', '__dequantize', '__repack', '__quantize_activation'] : ['', '__cfg', '__quantize_activation'];
    const want = entries.flatMap((e) => exports(e.format.kind).map((s) => `__tvm_ffi_${e.name}${s}`));
    expect(symbols.sort()).to.deep.equal(want.sort());
  });
});
