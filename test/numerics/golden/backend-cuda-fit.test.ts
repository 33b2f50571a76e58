// Which golden cases the cuda backend runs and which kernels it asks for (no GPU needed): the
// tile multiples it skips on are the kernels' own argument checks, a skipped case names the
// constraint and its value, and every kernel a case needs is one the backend can look up.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUDA_INCLUDE_DIR } from '../../../codegen/cuda/headers.js';
import { cudaLinearFormat } from '../../../codegen/cuda/formats.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { cudaDequantSpec, cudaKernelSpecsFor, cudaTileMultiples, cudaUnfit, INT8_ZERO_POINT_DEQUANT } from '../../../src/numerics/golden/backend-cuda-fit.js';
import { DYN_FORMATS } from '../../../bench/gpu/dyn-kernel-set.js';
import { INTX_FORMATS } from '../../../bench/gpu/intx-kernel-set.js';
import { BENCH_FORMATS } from '../../../bench/gpu/kernel-set.js';
import { MX_FORMATS } from '../../../bench/gpu/mx-kernel-set.js';
import { SPARSE_FORMATS } from '../../../bench/gpu/sparse-kernel-set.js';

const headers = readdirSync(join(CUDA_INCLUDE_DIR, 'qf'))
  .filter((f) => f.endsWith('.cuh'))
  .map((f) => readFileSync(join(CUDA_INCLUDE_DIR, 'qf', f), 'utf8'))
  .join('\n');

/** The "need N % a == 0 and K % b == 0" multiples of the C++ message that starts with `what`. */
function cppMultiples(what: string): { n: number; k: number } {
  const m = new RegExp(`${what}[^"]*need N % (\\d+) == 0 and K % (\\d+) == 0`).exec(headers);
  if (!m) throw new Error(`no '${what} ... need N % a == 0 and K % b == 0' message in codegen/cuda/include/qf`);
  return { n: Number(m[1]), k: Number(m[2]) };
}

function tile(spec: FormatSpec): { n: number; k: number } {
  const f = cudaLinearFormat(spec);
  if (!f.ok) throw new Error(f.reason);
  const { n, k } = cudaTileMultiples(f.format);
  return { n, k };
}

const bf16 = (shape: number[]) => ({ dtype: 'bfloat16', shape });

describe('golden cuda backend: which cases run', () => {
  it('skips on the same N and K multiples the kernels check in C++', () => {
    expect(tile(BENCH_FORMATS.int4_plain_g128!)).to.deep.equal(cppMultiples('int4 CUDA kernels'));
    expect(tile(BENCH_FORMATS.int8_row!)).to.deep.equal(cppMultiples('8-bit CUDA kernels'));
    expect(tile(INTX_FORMATS.intxn_g32!)).to.deep.equal(cppMultiples('int1..int4 intx CUDA kernels'));
    expect(tile(DYN_FORMATS.fp8dq_row!)).to.deep.equal(cppMultiples('float8 dynamic kernels'));
    expect(tile(DYN_FORMATS.int8dq_row_sym!)).to.deep.equal(cppMultiples('int8 dynamic kernels'));
    expect(tile(DYN_FORMATS.fp8dq_block!)).to.deep.equal(cppMultiples('blockwise float8 kernels'));
    expect(tile(SPARSE_FORMATS.fp8sp_row!)).to.deep.equal(cppMultiples('2:4 sparse float8 kernels'));
    // fp4 codes (MX and NVFP4) split 128 K per chunk, 8-bit MX codes 64
    expect(tile(MX_FORMATS.mxfp4dq_floor!)).to.deep.equal({ n: 8, k: 128 });
    expect(tile(MX_FORMATS.nvfp4dq!)).to.deep.equal({ n: 8, k: 128 });
    expect(tile(MX_FORMATS.mxfp8dq_floor!)).to.deep.equal({ n: 8, k: 64 });
  });

  it('runs a bfloat16 weight whose N and K fit the tile', () => {
    expect(cudaUnfit(BENCH_FORMATS.int4_plain_g32!, bf16([32, 128]))).to.equal(null);
    expect(cudaUnfit(DYN_FORMATS.fp8dq_row!, bf16([48, 64]))).to.equal(null);
  });

  it('names the constraint and the case value when it skips', () => {
    expect(cudaUnfit(BENCH_FORMATS.int4_plain_g32!, bf16([48, 64]))).to.match(/N % 8 == 0 and K % 128 == 0; this case is N=48 K=64/);
    expect(cudaUnfit(DYN_FORMATS.fp8dq_block!, bf16([32, 128]))).to.match(/blockwise float8 .* N % 128 == 0 .* N=32 K=128/);
    expect(cudaUnfit(BENCH_FORMATS.int8_row!, { dtype: 'float32', shape: [32, 128] })).to.match(/take and write bfloat16 .* weight is float32/);
    expect(cudaUnfit(INTX_FORMATS.intxb_ch!, bf16([16, 8, 3, 3]))).to.match(/2-D linears; this weight is \[16, 8, 3, 3\]/);
  });

  it('passes on the format reason where no CUDA kernel exists', () => {
    const e5m2: FormatSpec = {
      ...DYN_FORMATS.fp8dq_tensor!,
      activation: { kind: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerTensor' }, lowerBound: null, upperBound: null },
    };
    expect(cudaUnfit(e5m2, bf16([32, 128]))).to.match(/e4m3/);
  });
});

describe('golden cuda backend: which kernels a case needs', () => {
  const tags = (spec: FormatSpec): string[] => cudaKernelSpecsFor(spec).map((s) => (cudaLinearFormat(s) as { ok: true; format: { tag: string } }).format.tag);

  it('a weight-only case: its own kernel (linear and dequantize)', () => {
    expect(tags(BENCH_FORMATS.int8_row!)).to.deep.equal(['int8_row', 'int8_row']);
  });

  it('float8 dynamic: the linear, and the float8 weight-only kernel that dequantizes the weight', () => {
    expect(tags(DYN_FORMATS.fp8dq_row!)).to.deep.equal(['fp8dq_row', 'fp8e4m3_row']);
  });

  it('int8 dynamic: also the int8 weight-only kernel of the activation granularity (act0.dequantized)', () => {
    expect(tags(DYN_FORMATS.int8dq_tensor_sym!)).to.deep.equal(['int8dq_tensor_sym', 'int8_tensor', 'int8_tensor']);
  });

  it('int8 dynamic with an asymmetric activation: the zero-point kernel dequantizes x and the weight', () => {
    // int8 weight-only kernels ignore zero_point; act0.dequantized is (q - zp) * scale
    expect(tags(DYN_FORMATS.int8dq_row_asym!)).to.deep.equal(['int8dq_row_asym', 'intxb_ch_sf32', 'intxb_ch_sf32']);
    expect(cudaKernelSpecsFor(DYN_FORMATS.int8dq_row_asym!)[1]).to.equal(INT8_ZERO_POINT_DEQUANT);
    const a = DYN_FORMATS.int8dq_row_asym!.activation;
    if (a?.kind !== 'int8') throw new Error('int8dq_row_asym has an int8 activation');
    // config-case.ts dequantizes the activation with the spec, its weight the activation's granularity
    const asWeight: FormatSpec = { ...DYN_FORMATS.int8dq_row_asym!, weight: { layout: 'int8', granularity: a.granularity, reduceRange: a.reduceRange } };
    expect(cudaDequantSpec(asWeight)).to.equal(INT8_ZERO_POINT_DEQUANT);
    expect(cudaDequantSpec(DYN_FORMATS.int8dq_row_sym!).weight).to.deep.equal(DYN_FORMATS.int8dq_row_sym!.weight);
  });

  it('blockwise float8: the linear, and the 128x128 block-scaled float8 kernel that dequantizes the weight', () => {
    expect(tags(DYN_FORMATS.fp8dq_block!)).to.deep.equal(['fp8dq_block', 'fp8e4m3_b128x128']);
  });

  it('2:4 sparse float8: the sparse linear only (its weight has no weight-only kernel)', () => {
    expect(tags(SPARSE_FORMATS.fp8sp_row!)).to.deep.equal(['fp8sp_row']);
  });
});
