import { expect } from 'chai';
import type { WeightFormat } from '../../../src/ir/format.js';
import { planCudaQuantize, MAX_GROUP } from '../../../codegen/cuda/quantize/plan.js';
import { quantizeWeight } from '../../../src/numerics/index.js';
import { fromFloat64 } from '../../../src/numerics/host-codec.js';

// The plan says which entry point quantizes a layout and which inner tensors it fills, in
// torchao's names, dtypes and shapes; anything else is refused with a reason (oracle fallback).

const int4 = (groupSize: number, mapping: 'asymmetric' | 'symmetric' = 'asymmetric'): WeightFormat => ({
  layout: 'int4_plain',
  groupSize,
  mapping,
});

describe('codegen/cuda/quantize plan', () => {
  it('int4_plain: packed int8 [N, K/2], scale and zero_point [ceil(K/g), N] in the weight dtype', () => {
    const p = planCudaQuantize(int4(256), [24, 640], 'bfloat16');
    if (!p.ok) throw new Error(p.reason);
    expect(p.call.entry).to.deep.equal({ policy: 'int4_plain', dtype: 'bfloat16' });
    expect(p.call.outputs).to.deep.equal([
      { name: 'qdata', dtype: 'int8', shape: [24, 320] },
      { name: 'scale', dtype: 'bfloat16', shape: [3, 24] },
      { name: 'zero_point', dtype: 'bfloat16', shape: [3, 24] },
    ]);
    expect(p.call.blockSize).to.deep.equal([1, 256]);
  });

  it('int4_plain mode: bit 0 symmetric, bit 1 division by 15 as on CUDA (the default)', () => {
    const mode = (f: WeightFormat, d?: 'cpu' | 'cuda'): number => {
      const p = planCudaQuantize(f, [8, 256], 'float16', { scalarDivision: d });
      return p.ok ? p.call.mode : -1;
    };
    expect(mode(int4(128))).to.equal(2);
    expect(mode(int4(128), 'cpu')).to.equal(0);
    expect(mode(int4(128, 'symmetric'), 'cpu')).to.equal(1);
  });

  it('int8: fp32 scale, int8 zero_point, eps 2^-23, range halved by reduce_range', () => {
    const p = planCudaQuantize(
      { layout: 'int8', granularity: { kind: 'PerTensor' }, reduceRange: true },
      [16, 64],
      'bfloat16',
      { scalarDivision: 'cpu' },
    );
    if (!p.ok) throw new Error(p.reason);
    expect(p.call).to.include({ group: 64, perTensor: true, mode: 0, qmin: -64, qmax: 63, epsLog2: -23 });
    expect(p.call.outputs.map((o) => [o.name, o.dtype, o.shape])).to.deep.equal([
      ['qdata', 'int8', [16, 64]],
      ['scale', 'float32', [1, 1]],
      ['zero_point', 'int8', [1, 1]],
    ]);
  });

  it('intx: element range, mapping code, scale dtype (default the weight dtype), smallest-normal eps', () => {
    const f: WeightFormat = {
      layout: 'intx_unpacked_to_int8',
      element: 'int3',
      granularity: { kind: 'PerGroup', groupSize: 32 },
      mapping: 'SYMMETRIC_NO_CLIPPING_ERR',
      scaleDtype: null,
      algorithm: 'affine',
    };
    const p = planCudaQuantize(f, [4, 128], 'float16');
    if (!p.ok) throw new Error(p.reason);
    expect(p.call).to.include({ group: 32, mode: 2 | 4, qmin: -4, qmax: 3, epsLog2: -14 });
    expect(p.call.outputs[1]).to.deep.equal({ name: 'scale', dtype: 'float16', shape: [4, 4] });
  });

  it('float8 mode: bit 0 e5m2, bit 1 CUDA NaN rule (0/0 gives +NaN, the default)', () => {
    const f8 = { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } } as const;
    const mode = (d?: 'cpu' | 'cuda'): number => {
      const p = planCudaQuantize(f8, [4, 128], 'bfloat16', d ? { scalarDivision: d } : {});
      return p.ok ? p.call.mode : -1;
    };
    expect(mode()).to.equal(2);
    expect(mode('cpu')).to.equal(0);
  });

  it('float8: element code, fp32 scale per row / per tensor / per [1, g] block', () => {
    const rows = planCudaQuantize(
      { layout: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerRow', dim: -1 } },
      [4, 128],
      'float32',
      { scalarDivision: 'cpu' },
    );
    if (!rows.ok) throw new Error(rows.reason);
    expect(rows.call).to.include({ mode: 1, group: 128, perTensor: false });
    expect(rows.call.outputs[0]).to.deep.equal({ name: 'qdata', dtype: 'float8_e5m2', shape: [4, 128] });
    const blocks = planCudaQuantize(
      { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [128, 128] } },
      [128, 128],
      'bfloat16',
    );
    expect(blocks).to.deep.include({ ok: false });
  });

  it('refuses, with a reason, what the kernels do not cover', () => {
    const reason = (f: WeightFormat, shape: number[] = [8, 256], dtype = 'bfloat16'): string => {
      const p = planCudaQuantize(f, shape, dtype as 'bfloat16');
      return p.ok ? 'ok' : p.reason;
    };
    expect(reason({ layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'hqq', ntile: 8 })).to.match(
      /int4_tile_packed_to_4d/,
    );
    // nvfp4 and mx are planned for builds since their GPU check passed.
    expect(reason({ layout: 'nvfp4', blockSize: 16, perTensorScale: true }, [16, 64])).to.equal('ok');
    expect(reason({ layout: 'mx', element: 'float8_e4m3fn', blockSize: 32, scaling: 'FLOOR' })).to.equal('ok');
    expect(reason(int4(128), [8, 2, 3, 3])).to.match(/4-d int4_plain weight/);
    expect(
      reason({
        layout: 'float8_sparse_2x4',
        element: 'float8_e4m3fn',
        metadata: '2d',
        granularity: { kind: 'PerRow', dim: -1 },
      }),
    ).to.match(/'float8_sparse_2x4' has no CUDA/);
    expect(
      reason({ layout: 'int8', granularity: { kind: 'PerAxis', axis: 0 }, reduceRange: false }, [2, 4, 64]),
    ).to.match(/PerAxis\(axis=0\) on a 3-d/);
    expect(reason(int4(128), [8, 256], 'float8_e4m3fn')).to.match(/weight dtype/);
    expect(
      reason({ layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false }, [2, MAX_GROUP * 2]),
    ).to.match(/at most/);
    expect(reason({ layout: 'int8', granularity: { kind: 'PerAxis', axis: 1 }, reduceRange: false })).to.match(
      /PerAxis\(axis=1\)/,
    );
    expect(
      reason({
        layout: 'intx_unpacked_to_int8',
        element: 'int4',
        granularity: { kind: 'PerGroup', groupSize: 32 },
        mapping: 'SYMMETRIC',
        scaleDtype: null,
        algorithm: 'hqq_scale_only',
      }),
    ).to.match(/hqq_scale_only/);
  });

  describe('agrees with the oracle on what is stored (names, dtypes, shapes, block_size)', () => {
    const perRow = { kind: 'PerRow', dim: -1 } as const;
    const cases: [string, WeightFormat, number[]][] = [
      ['int4_plain asym g128', int4(128), [8, 256]],
      ['int4_plain sym g64, short last group', int4(64, 'symmetric'), [4, 200]],
      ['int8 per-row', { layout: 'int8', granularity: perRow, reduceRange: false }, [8, 256]],
      ['int8 per-row 3-d', { layout: 'int8', granularity: perRow, reduceRange: false }, [2, 4, 64]],
      ['int8 per-tensor 3-d', { layout: 'int8', granularity: { kind: 'PerTensor' }, reduceRange: false }, [2, 4, 64]],
      [
        'int8 per-group 3-d',
        { layout: 'int8', granularity: { kind: 'PerGroup', groupSize: 32 }, reduceRange: true },
        [3, 2, 64],
      ],
      ['int8 per-token', { layout: 'int8', granularity: { kind: 'PerToken' }, reduceRange: false }, [4, 64]],
      ['int8 per-axis 0', { layout: 'int8', granularity: { kind: 'PerAxis', axis: 0 }, reduceRange: false }, [4, 64]],
      [
        'intx int4 g32',
        {
          layout: 'intx_unpacked_to_int8',
          element: 'int4',
          granularity: { kind: 'PerGroup', groupSize: 32 },
          mapping: 'ASYMMETRIC',
          scaleDtype: null,
          algorithm: 'affine',
        },
        [4, 128],
      ],
      [
        'intx int6 per-axis, fp32 scale',
        {
          layout: 'intx_unpacked_to_int8',
          element: 'int6',
          granularity: { kind: 'PerAxis', axis: 0 },
          mapping: 'SYMMETRIC',
          scaleDtype: 'float32',
          algorithm: 'affine',
        },
        [4, 96],
      ],
      ['float8 per-row 3-d', { layout: 'float8', element: 'float8_e4m3fn', granularity: perRow }, [2, 3, 64]],
      [
        'float8 per-tensor 3-d',
        { layout: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerTensor' } },
        [2, 3, 64],
      ],
      [
        'float8 [1, 32] blocks',
        { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [1, 32] } },
        [4, 64],
      ],
      [
        'float8 per-group 3-d',
        { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerGroup', groupSize: 16 } },
        [2, 2, 64],
      ],
    ];
    cases.push(
      ['nvfp4 with per-tensor scale', { layout: 'nvfp4', blockSize: 16, perTensorScale: true }, [144, 80]],
      ['nvfp4 without', { layout: 'nvfp4', blockSize: 16, perTensorScale: false }, [16, 64]],
      ['mx e4m3 FLOOR', { layout: 'mx', element: 'float8_e4m3fn', blockSize: 32, scaling: 'FLOOR' }, [16, 64]],
      ['mx e5m2 EVEN', { layout: 'mx', element: 'float8_e5m2', blockSize: 32, scaling: 'EVEN' }, [16, 64]],
      ['mx fp6_e2m3 CEIL', { layout: 'mx', element: 'fp6_e2m3', blockSize: 32, scaling: 'CEIL' }, [8, 96]],
      ['mx fp6_e3m2 RCEIL', { layout: 'mx', element: 'fp6_e3m2', blockSize: 32, scaling: 'RCEIL' }, [8, 96]],
      [
        'mx fp4 RCEIL, rows past one 128-row tile',
        { layout: 'mx', element: 'fp4_e2m1', blockSize: 32, scaling: 'RCEIL' },
        [130, 64],
      ],
    );
    for (const [name, format, shape] of cases) {
      for (const dtype of ['bfloat16', 'float16', 'float32'] as const) {
        it(`${name}, ${dtype} [${shape.join(', ')}]`, () => {
          const n = shape.reduce((a, b) => a * b, 1);
          const w = fromFloat64(
            Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) * (1 + (i % 5))),
            dtype,
            shape,
          );
          const q = quantizeWeight({ weight: format, activation: null, linear: { kind: 'dequantize_then_matmul' } }, w);
          const p = planCudaQuantize(format, shape, dtype, { unverified: true });
          if (!p.ok) throw new Error(p.reason);
          const stored = Object.entries(q.tensors).map(([k, t]) => [k, t.dtype, t.shape]);
          expect(p.call.outputs.map((o) => [o.name, o.dtype, o.shape])).to.deep.equal(stored);
          expect(p.call.blockSize).to.deep.equal(
            format.layout === 'nvfp4' || format.layout === 'mx'
              ? [1, q.attributes.block_size]
              : q.attributes.block_size,
          );
          expect(p.call.view).to.deep.equal([n / shape[shape.length - 1], shape[shape.length - 1]]);
        });
      }
    }
  });
});
