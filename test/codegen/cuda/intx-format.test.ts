// Which CUDA policy serves an IntxWeightOnlyConfig weight (codegen/cuda/intx-format.ts), what
// the emitter generates for it, and that nvcc builds it (skipped without nvcc).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitCudaModule } from '../../../codegen/cuda/emit.js';
import { cudaLinearFormat, type CudaFormat } from '../../../codegen/cuda/formats.js';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../../codegen/cuda/headers.js';
import { generateCudaModule } from '../../../codegen/cuda/module.js';
import { compileCudaModule, findNvcc } from '../../../codegen/toolchain/index.js';
import { intxSpecs } from '../../../bench/gpu/intx-kernel-set.js';
import type { FloatDType, FormatSpec, Granularity, IntElement } from '../../../src/ir/format.js';

function intx(element: IntElement, granularity: Granularity, scaleDtype: FloatDType | null = null): FormatSpec {
  return {
    weight: { layout: 'intx_unpacked_to_int8', element, granularity, mapping: 'ASYMMETRIC', scaleDtype, algorithm: 'affine' },
    activation: null,
    linear: { kind: 'dequantize_then_matmul' },
  };
}

function weightOnly(spec: FormatSpec): CudaFormat {
  const s = cudaLinearFormat(spec);
  if (!s.ok) throw new Error(s.reason);
  if (s.format.kind !== 'weight_only') throw new Error(`not weight-only: ${s.format.kind}`);
  return s.format;
}

const group = (groupSize: number): Granularity => ({ kind: 'PerGroup', groupSize });

describe('codegen/cuda intx formats', () => {
  it('packs int1..int4 into nibbles of the int4 tile and keeps int5..int8 as bytes', () => {
    for (const el of ['int1', 'int2', 'int3', 'int4'] as const) {
      expect(weightOnly(intx(el, group(32)))).to.include({
        policy: 'qf::IntxNibbles<32, __nv_bfloat16>', chunkK: 128, repack: 'intx_nibbles',
      });
    }
    for (const el of ['int5', 'int6', 'int7', 'int8'] as const) {
      expect(weightOnly(intx(el, group(32)))).to.include({ policy: 'qf::IntxBytes<32, __nv_bfloat16>', chunkK: 64, repack: 'bytes8' });
    }
  });

  it('reads scale and zero_point as torchao stores them, in the scale dtype of the format', () => {
    const f = weightOnly(intx('int4', group(64), 'float32'));
    expect(f.inner).to.deep.equal(['scale', 'zero_point']);
    expect(f.policy).to.equal('qf::IntxNibbles<64, float>');
    expect(f.args).to.equal('qf::intx_args<float, 64>(scale, zero_point, N, K)');
    expect(weightOnly(intx('int8', group(16), 'float16')).policy).to.equal('qf::IntxBytes<16, __half>');
  });

  it('takes PerAxis(0) as one group per row (G = 0) and small groups that split a lane slice', () => {
    expect(weightOnly(intx('int3', { kind: 'PerAxis', axis: 0 })).policy).to.equal('qf::IntxNibbles<0, __nv_bfloat16>');
    expect(weightOnly(intx('int2', group(16))).tag).to.equal('intxn_g16');
    expect(weightOnly(intx('int6', group(8))).tag).to.equal('intxb_g8');
    expect(weightOnly(intx('int4', group(96))).policy).to.equal('qf::IntxNibbles<96, __nv_bfloat16>');
  });

  it('runs Int8WeightOnly PerGroup on the intx byte policy with its fp32 scales and int8 zero points', () => {
    const f = weightOnly({
      weight: { layout: 'int8', granularity: group(64), reduceRange: false },
      activation: null,
      linear: { kind: 'dequantize_then_matmul' },
    });
    expect(f).to.include({ policy: 'qf::IntxBytes<64, float>', repack: 'bytes8', tag: 'int8_g64' });
    expect(f.inner).to.deep.equal(['scale', 'zero_point']);
  });

  it('says why a grouping or element type has no kernel', () => {
    const reason = (spec: FormatSpec): string => {
      const s = cudaLinearFormat(spec);
      return s.ok ? '' : s.reason;
    };
    expect(reason(intx('int4', group(48)))).to.match(/group size 48 .* multiple of 32/);
    expect(reason(intx('int8', group(24)))).to.match(/group size 24 .* multiple of 16/);
    expect(reason(intx('uint4', group(32)))).to.match(/uint4 has no CUDA kernel/);
    expect(reason(intx('int4', { kind: 'PerRow', dim: -1 }))).to.match(/granularity PerRow/);
  });

  it('emits the nibble repack for int1..int4 and the byte permutation for int5..int8', () => {
    const k = (name: string, spec: FormatSpec) => ({ name, format: weightOnly(spec), origin: name });
    const src = emitCudaModule([k('lin_n', intx('int2', group(16))), k('lin_b', intx('int8', group(32)))]);
    expect(src).to.include('#include "qf/intx_args.cuh"');
    expect(src).to.match(/namespace k_lin_n \{[^]*using F = qf::IntxNibbles<16, __nv_bfloat16>;[^]*qf::repack_intx_nibbles\(src, dst\)/);
    expect(src).to.match(/namespace k_lin_b \{[^]*using F = qf::IntxBytes<32, __nv_bfloat16>;[^]*qf::repack_bytes8\(src, dst\)/);
  });
});

describe('codegen/cuda intx: generated source', () => {
  // The kernels' part of the module (after the shared #include head), pinned per kernel set.
  const golden = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'intx-kernels.cu');
  it('generates the intx kernel set (bench/gpu/intx-kernel-set.ts) exactly as the golden file', () => {
    const { source } = generateCudaModule(Object.values(intxSpecs()));
    const kernels = source.slice(source.indexOf('\n// {') + 1);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, kernels);
    expect(kernels).to.equal(readFileSync(golden, 'utf8'));
  });
});

describe('codegen/cuda intx: nvcc builds the generated module', function () {
  this.timeout(600_000);

  it('compiles a nibble (PerGroup(16)) and a byte (PerGroup(8), fp32 scales) kernel and exports their functions', async function () {
    if (!findNvcc()) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const specs = intxSpecs();
    const { source, entries } = generateCudaModule([specs.intxn_g16, specs.intxb_g8_sf32]);
    const mod = await compileCudaModule({
      source,
      name: 'qf_cuda_intx_compile_test',
      includeDirs: [CUDA_INCLUDE_DIR, ...(existsSync(CUDA_EXTRA_INCLUDE_DIR) ? [CUDA_EXTRA_INCLUDE_DIR] : [])],
      extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`],
    });
    const symbols = execFileSync('nm', ['-D', '--defined-only', mod.path], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2])
      .filter((s): s is string => !!s && s.startsWith('__tvm_ffi_') && !s.startsWith('__tvm_ffi__'));
    const want = entries.flatMap((e) => ['', '__cfg', '__dequantize', '__repack'].map((s) => `__tvm_ffi_${e.name}${s}`));
    expect(symbols.sort()).to.deep.equal(want.sort());
  });
});
