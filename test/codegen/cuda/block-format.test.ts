// codegen/cuda block-scaled formats (block-format.ts, emit-block.ts): which MX / NVFP4 configs
// get which host op and weight policy, what the emitted kernels export, and the arithmetic of
// the fp4 split decode (block_fp4_split.cuh) replayed on all 65536 step words.
import { expect } from 'chai';
import { cudaLinearFormat } from '../../../codegen/cuda/formats.js';
import { generateCudaModule } from '../../../codegen/cuda/module.js';
import type { FormatSpec, MXElement, MXScalingMode } from '../../../src/ir/format.js';
import { kernelName } from '../../../src/ir/kernel-spec.js';
import { FP4_E2M1, FP6_E2M3, FP6_E3M2 } from '../../../src/numerics/elements/floatx.js';
import { generators } from '../../../src/build/kernel-generators.js';
import { MX_FORMATS, mxSpecs } from '../../../bench/gpu/mx-kernel-set.js';

const mxDynamic = (element: MXElement, scaling: MXScalingMode, weightElement: MXElement = element): FormatSpec => ({
  weight: { layout: 'mx', element: weightElement, blockSize: 32, scaling },
  activation: { kind: 'mx', element, blockSize: 32, scaling },
  linear: { kind: 'dequantize_then_matmul' },
});

function supported(spec: FormatSpec): Record<string, unknown> {
  const r = cudaLinearFormat(spec);
  if (!r.ok) throw new Error(`expected a CUDA kernel: ${r.reason}`);
  return r.format as unknown as Record<string, unknown>;
}

describe('codegen/cuda block-scaled formats', () => {
  it('runs every MX element and scaling mode: activation kernel by (element, mode), weight decode by element', () => {
    const elements: [MXElement, number, string][] = [
      ['float8_e4m3fn', 0, 'qf::Bytes8Mx<qf::DecodeFp8<__NV_E4M3>>'],
      ['float8_e5m2', 1, 'qf::Bytes8Mx<qf::DecodeFp8<__NV_E5M2>>'],
      ['fp6_e2m3', 2, 'qf::Fp6Split<false>'],
      ['fp6_e3m2', 3, 'qf::Fp6Split<true>'],
      ['fp4_e2m1', 4, 'qf::Fp4Split<32, false>'],
    ];
    const modes: MXScalingMode[] = ['FLOOR', 'RCEIL', 'CEIL', 'EVEN'];
    for (const [element, index, policy] of elements) {
      modes.forEach((mode, m) => {
        const f = supported(mxDynamic(element, mode));
        expect(f.kind).to.equal('block');
        expect(f.activation).to.equal('mx');
        expect(f.policy).to.equal(policy);
        expect(f.op).to.equal(`qf::MxDynamicOp<${policy}, ${index}, ${m}>`);
        expect(f.inner).to.deep.equal(['scale']);
        const repack = { fp4_e2m1: 'fp4_split', fp6_e2m3: 'fp6_e2m3_split', fp6_e3m2: 'fp6_e3m2_split' } as Record<string, string>;
        expect(f.repack).to.equal(repack[element] ?? 'bytes8');
      });
    }
  });

  it('decodes fp6 MX weights against bf16 activations (one byte per element: the bytes8 geometry, bits rearranged)', () => {
    const f = supported({ ...mxDynamic('fp6_e3m2', 'FLOOR'), activation: null });
    expect([f.kind, f.policy, f.chunkK, f.repack]).to.deep.equal(['weight_only', 'qf::Fp6Split<true>', 64, 'fp6_e3m2_split']);
  });

  it('runs NVFP4 dynamic with P_a per call, calibrated, or absent; the per-tensor scales are optional inputs', () => {
    const dyn = supported(MX_FORMATS.nvfp4dq!);
    expect(dyn.op).to.equal('qf::Nvfp4DynamicOp<true>');
    expect(dyn.inner).to.deep.equal(['scale', 'per_tensor_scale', 'act_per_tensor_scale']);
    expect(dyn.runInner).to.deep.equal(['act_per_tensor_scale']);
    expect(dyn.optional).to.deep.equal(['per_tensor_scale', 'act_per_tensor_scale']);
    expect(supported(MX_FORMATS.nvfp4dq_static!).op).to.equal('qf::Nvfp4DynamicOp<false>');
    const wo = supported(MX_FORMATS.nvfp4_pts!);
    expect([wo.kind, wo.op, wo.activation, wo.optional]).to.deep.equal(['block', 'qf::BlockWeightOp<qf::Fp4Split<16, true>>', 'none', ['per_tensor_scale']]);
  });

  it('says why a block-scaled config has no CUDA kernel', () => {
    expect(cudaLinearFormat(mxDynamic('fp4_e2m1', 'FLOOR', 'float8_e4m3fn'))).to.deep.equal({
      ok: false,
      reason: "MX activation fp4_e2m1/32 differs from the weight's float8_e4m3fn/32",
    });
    const b16: FormatSpec = { ...mxDynamic('fp4_e2m1', 'FLOOR'), weight: { layout: 'mx', element: 'fp4_e2m1', blockSize: 16, scaling: 'FLOOR' } };
    b16.activation = { kind: 'mx', element: 'fp4_e2m1', blockSize: 16, scaling: 'FLOOR' };
    expect(cudaLinearFormat(b16)).to.deep.equal({ ok: false, reason: 'MX block size 16 has no CUDA kernel (32 only)' });
    const onInt8: FormatSpec = { ...mxDynamic('fp4_e2m1', 'FLOOR'), weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false } };
    expect(cudaLinearFormat(onInt8)).to.deep.equal({ ok: false, reason: 'an MX activation needs an MX weight, not int8' });
  });

  it('tells the runtime which NVFP4 inner tensors may be absent', () => {
    const spec = mxSpecs().nvfp4dq_none!;
    expect(generators.cuda!.layout!(spec)).to.deep.include({ kind: 'block', repack: 'fp4_split', chunkK: 128, optional: ['per_tensor_scale', 'act_per_tensor_scale'] });
  });
});

describe('codegen/cuda block-scaled emitter', () => {
  it('exports the activation quantization of dynamic kernels and a dequantize that is torchao-exact', () => {
    const specs = mxSpecs();
    const { source } = generateCudaModule([specs.mxfp6e2m3dq_even!, specs.nvfp4dq_static!, specs.nvfp4_pts!]);
    const mx = kernelName(specs.mxfp6e2m3dq_even!);
    const nv = kernelName(specs.nvfp4dq_static!);
    const wo = kernelName(specs.nvfp4_pts!);
    for (const name of [mx, nv]) {
      for (const suffix of ['', '__cfg', '__dequantize', '__repack', '__quantize_activation']) {
        expect(source).to.contain(`TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}${suffix},`);
      }
    }
    expect(source).to.contain(`TVM_FFI_DLL_EXPORT_TYPED_FUNC(${wo}__dequantize,`);
    expect(source).not.to.contain(`${wo}__quantize_activation`);
    expect(source).to.contain('using Op = qf::MxDynamicOp<qf::Fp6Split<false>, 2, 3>;');
    expect(source).to.contain('qf::repack_fp6_split<false>(src, dst)');
    // the calibrated P_a goes to the op, not into the weight's args; bias and y follow
    expect(source).to.contain('Op::run(x, qdata, args(qdata, scale, per_tensor_scale), act_per_tensor_scale, bias, y, -1);');
    expect(source).to.contain('void quantize_activation(TensorView x, TensorView act_scale, TensorView xq, TensorView xs, TensorView xp, TensorView xd)');
    expect(source.match(/qf::exact_args\(/g)).to.have.length(3);
    expect(source).to.contain('qf::repack_fp4_split(src, dst)');
  });
});

describe('fp4 split decode (block_fp4_split.cuh) replayed on the CPU', () => {
  // __byte_perm(a, b, s): result byte i = byte (s >> 4i) & 7 of the 8 bytes b:a (no sign mode here)
  const bytePerm = (a: number, b: number, s: number): number => {
    let r = 0;
    for (let i = 0; i < 4; i++) {
      const sel = (s >>> (4 * i)) & 7;
      const byte = sel < 4 ? (a >>> (8 * sel)) & 0xff : (b >>> (8 * (sel - 4))) & 0xff;
      r |= byte << (8 * i);
    }
    return r >>> 0;
  };
  // fp4_split_half: a_i at 8*(i&1) + 2*(i>>1), b_i 4 bits above it
  const split = (h: number): number => {
    let out = 0;
    for (let i = 0; i < 4; i++) {
      const c = (h >>> (4 * i)) & 0xf;
      const at = 8 * (i & 1) + 2 * (i >> 1);
      out |= ((c & 3) << at) | ((c >> 2) << (at + 4));
    }
    return out;
  };
  const bf16 = (bits: number): number => {
    const f = new Float32Array(new Uint32Array([bits << 16]).buffer);
    return f[0]!;
  };

  it('turns every 16-bit step into the bf16 pairs (e0, e1), (e2, e3) of its fp4 values times 2^-126', () => {
    for (let h = 0; h < 65536; h++) {
      const s = split(h);
      const sel0 = (s & 0x3333) | 0x4040;
      const sel1 = ((s >>> 2) & 0x3333) | 0x4040;
      const b0 = bytePerm(0xc0804000, 0x81800100, sel0);
      const b1 = bytePerm(0xc0804000, 0x81800100, sel1);
      const got = [b0 & 0xffff, b0 >>> 16, b1 & 0xffff, b1 >>> 16].map((v) => bf16(v) * 2 ** 126);
      const want = [0, 1, 2, 3].map((i) => FP4_E2M1.table[(h >>> (4 * i)) & 0xf]!);
      for (let i = 0; i < 4; i++) {
        if (!Object.is(got[i], want[i])) throw new Error(`step word 0x${h.toString(16)} element ${i}: ${got[i]} != ${want[i]}`);
      }
    }
  });
});

describe('fp6 split decode (block_fp6_split.cuh) replayed on the CPU', () => {
  const bytePerm = (a: number, b: number, s: number): number => {
    let r = 0;
    for (let i = 0; i < 4; i++) {
      const sel = (s >>> (4 * i)) & 7;
      const byte = sel < 4 ? (a >>> (8 * sel)) & 0xff : (b >>> (8 * (sel - 4))) & 0xff;
      r |= byte << (8 * i);
    }
    return r >>> 0;
  };
  const bf16 = (bits: number): number => new Float32Array(new Uint32Array([bits << 16]).buffer)[0]!;
  // fp6_split_word: high-byte indices in nibbles 0..3, low parts of c0, c2 in byte 2, c1, c3 in byte 3
  const splitWord = (c: number[], e3m2: boolean): number => {
    const lowBits = e3m2 ? 3 : 4;
    const low = c.map((x) => ((x & ((1 << lowBits) - 1)) << (4 - lowBits)) & 0xf);
    const idx = c.reduce((acc, x, i) => acc | ((x >> lowBits) << (4 * i)), 0);
    return (idx | (low[0]! << 16) | (low[2]! << 20) | (low[1]! << 24) | (low[3]! << 28)) >>> 0;
  };

  for (const [name, e3m2, codec, bias] of [
    ['e2m3', false, FP6_E2M3, 1],
    ['e3m2', true, FP6_E3M2, 3],
  ] as const) {
    it(`turns every pair of ${name} codes (in both halves of a step) into bf16 values times 2^(bias - 127)`, () => {
      const t0 = e3m2 ? 0x03020100 : 0x81800100;
      const t1 = e3m2 ? 0x83828180 : 0;
      for (let p = 0; p < 4096; p++) {
        const c = [p & 63, p >> 6, (p * 7 + 5) & 63, (p * 13 + 11) & 63];
        const x = splitWord(c, e3m2);
        const h = bytePerm(t0, t1, x & 0x7777);
        const b0 = bytePerm((x << 4) & 0xf0f00000, h, 0x5342);
        const b1 = bytePerm(x & 0xf0f00000, h, 0x7362);
        const got = [b0 & 0xffff, b0 >>> 16, b1 & 0xffff, b1 >>> 16].map((v) => bf16(v) * 2 ** (127 - bias));
        for (let i = 0; i < 4; i++) {
          if (!Object.is(got[i], codec.table[c[i]!])) throw new Error(`${name} codes ${c.join(',')} element ${i}: ${got[i]} != ${codec.table[c[i]!]}`);
        }
      }
    });
  }
});
