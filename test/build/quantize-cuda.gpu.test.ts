import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FloatDType, FormatSpec, WeightFormat } from '../../src/ir/format.js';
import { quantizeWeight } from '../../src/numerics/index.js';
import { fromFloat64 } from '../../src/numerics/host-codec.js';
import type { HostTensor, QuantizedWeight } from '../../src/numerics/host-tensor.js';
import { cuda, loadModule } from '../../runtime/src/index.js';
import { createCudaQuantizer, type CudaQuantizer } from '../../src/build/quantize-cuda.js';
import { compileQuantizeModule } from '../../codegen/cuda/quantize/module.js';
import { measureThroughput, type ThroughputRow } from '../../bench/gpu/quantize-throughput.js';

// Runs on the GPU machine (scripts/gpu/quantize-check.sh): every layout the CUDA quantize
// kernels cover, on fresh random weights with awkward rows, must give byte-for-byte the inner
// tensors and attributes of the oracle (quantizeWeight with device 'cuda', i.e. torchao on a
// GPU). Then the kernels' throughput on a 14336 x 4096 bf16 weight.

const seed = Number(process.env.QUANTIZE_SEED ?? Date.now() % 2 ** 31);

function rng(s: number): () => number {
  let x = s >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Rows cycle through: gaussian, zero, constant, outlier, tiny, negative constant, wide, ties. */
function weight(shape: number[], dtype: FloatDType, s: number, special: 'none' | 'nan' = 'none'): HostTensor {
  const K = shape[shape.length - 1];
  const N = shape.reduce((a, b) => a * b, 1) / K;
  const r = rng(s);
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const v = new Float64Array(N * K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const i = n * K + k;
      switch (n % 8) {
        case 0:
          v[i] = 0.02 * gauss();
          break;
        case 1:
          v[i] = 0;
          break;
        case 2:
          v[i] = 0.37;
          break;
        case 3:
          v[i] = k === (n * 7) % K ? 1000 * (r() < 0.5 ? -1 : 1) : 0.01 * gauss();
          break;
        case 4:
          v[i] = (dtype === 'float32' && r() < 0.3 ? 1e-40 : 1e-7) * gauss();
          break;
        case 5:
          v[i] = -2.5;
          break;
        case 6:
          v[i] = 200 * (r() - 0.5);
          break;
        case 7:
          v[i] = Math.round(16 * gauss()) / 8;
          break;
      }
    }
  }
  if (special === 'nan') {
    v[3] = NaN;
    v[K + 5] = Infinity;
    v[2 * K + 1] = -Infinity;
  }
  return fromFloat64(v, dtype, shape);
}

const spec = (weight: WeightFormat): FormatSpec => ({
  weight,
  activation: null,
  linear: { kind: 'dequantize_then_matmul' },
});

interface Case {
  name: string;
  format: WeightFormat;
  shape: number[];
  special?: 'nan';
}

const SHAPE: [number, number] = [48, 1024];
const cases: Case[] = [
  ...[32, 64, 128].map((g) => ({
    name: `int4_plain asym g${g}`,
    format: { layout: 'int4_plain', groupSize: g, mapping: 'asymmetric' } as WeightFormat,
    shape: SHAPE,
  })),
  {
    name: 'int4_plain asym g256 short last group',
    format: { layout: 'int4_plain', groupSize: 256, mapping: 'asymmetric' },
    shape: [24, 640],
  },
  { name: 'int4_plain sym g128', format: { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' }, shape: SHAPE },
  // K = 1030: groups start off the 8-element grid, so the element-by-element path runs
  {
    name: 'int4_plain asym g128 K=1030',
    format: { layout: 'int4_plain', groupSize: 128, mapping: 'asymmetric' },
    shape: [16, 1030],
  },
  {
    name: 'int8 per-row K=1030',
    format: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    shape: [16, 1030],
  },
  {
    name: 'float8 e4m3 per-row K=1030',
    format: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
    shape: [16, 1030],
  },
  {
    name: 'int8 per-row',
    format: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    shape: SHAPE,
  },
  {
    name: 'int8 per-row K=14336',
    format: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    shape: [16, 14336],
  },
  {
    name: 'int8 per-row K=20480',
    format: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    shape: [8, 20480],
  },
  {
    name: 'int8 per-tensor',
    format: { layout: 'int8', granularity: { kind: 'PerTensor' }, reduceRange: false },
    shape: SHAPE,
  },
  {
    name: 'int8 per-group 128',
    format: { layout: 'int8', granularity: { kind: 'PerGroup', groupSize: 128 }, reduceRange: false },
    shape: SHAPE,
  },
  {
    name: 'int8 per-axis 0 reduce_range',
    format: { layout: 'int8', granularity: { kind: 'PerAxis', axis: 0 }, reduceRange: true },
    shape: SHAPE,
  },
  ...(
    [
      ['int4', 'ASYMMETRIC', 32, null],
      ['int2', 'SYMMETRIC', 64, null],
      ['int1', 'ASYMMETRIC', 32, null],
      ['int3', 'SYMMETRIC_NO_CLIPPING_ERR', 64, null],
      ['int6', 'ASYMMETRIC', 128, 'float32'],
      ['int5', 'SYMMETRIC', 256, 'bfloat16'],
      ['int7', 'ASYMMETRIC', 0, null],
      ['int8', 'SYMMETRIC', 0, 'float32'],
    ] as const
  ).map(([element, mapping, g, scaleDtype]) => ({
    name: `intx ${element} ${mapping} ${g ? `g${g}` : 'per-axis'}${scaleDtype ? ` scale ${scaleDtype}` : ''}`,
    format: {
      layout: 'intx_unpacked_to_int8',
      element,
      mapping,
      scaleDtype,
      algorithm: 'affine',
      granularity: g ? { kind: 'PerGroup', groupSize: g } : { kind: 'PerAxis', axis: 0 },
    } as WeightFormat,
    shape: SHAPE,
  })),
  {
    name: 'float8 e4m3 per-row',
    format: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
    shape: SHAPE,
  },
  {
    name: 'float8 e4m3 per-row NaN/inf',
    format: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
    shape: SHAPE,
    special: 'nan',
  },
  {
    name: 'float8 e4m3 per-tensor',
    format: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerTensor' } },
    shape: SHAPE,
  },
  {
    name: 'float8 e5m2 per-row',
    format: { layout: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerRow', dim: -1 } },
    shape: SHAPE,
  },
  {
    name: 'float8 e5m2 per-tensor NaN/inf',
    format: { layout: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerTensor' } },
    shape: SHAPE,
    special: 'nan',
  },
  {
    name: 'float8 e4m3 block [1, 128]',
    format: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [1, 128] } },
    shape: SHAPE,
  },
  // 3-d weights (MoE experts [E, N, K]): leading dims fold into rows
  {
    name: 'int8 per-row 3-d',
    format: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    shape: [4, 16, 256],
  },
  {
    name: 'int8 per-tensor 3-d',
    format: { layout: 'int8', granularity: { kind: 'PerTensor' }, reduceRange: false },
    shape: [4, 16, 256],
  },
  {
    name: 'float8 e4m3 per-row 3-d',
    format: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
    shape: [4, 16, 256],
  },
];

/** First differing byte of every inner tensor, or an empty list. */
function differences(got: QuantizedWeight, want: QuantizedWeight): string[] {
  const out: string[] = [];
  expect(Object.keys(got.tensors).sort()).to.deep.equal(Object.keys(want.tensors).sort());
  for (const [name, w] of Object.entries(want.tensors)) {
    const g = got.tensors[name];
    expect({ dtype: g.dtype, shape: g.shape }, name).to.deep.equal({ dtype: w.dtype, shape: w.shape });
    let count = 0;
    let first = -1;
    for (let i = 0; i < w.data.length; i++) {
      if (g.data[i] !== w.data[i]) {
        count++;
        if (first < 0) first = i;
      }
    }
    if (count)
      out.push(
        `${name}: ${count} of ${w.data.length} bytes differ, first at byte ${first} (got ${g.data[first]}, want ${w.data[first]})`,
      );
  }
  return out;
}

describe('CUDA weight quantization, bit-exact with the oracle', function () {
  this.timeout(600_000);
  let quantizer: CudaQuantizer;
  let modulePath: string;
  before(async function () {
    if (!cuda.isAvailable()) throw new Error(`no GPU: ${cuda.unavailableReason()}`);
    modulePath = process.env.QUANTFORGE_QUANTIZE_CUDA_MODULE ?? (await compileQuantizeModule()).path;
    quantizer = await createCudaQuantizer({ modulePath, note: () => {} });
    console.log(`      device: ${cuda.deviceInfo(0).name}; seed ${seed} (QUANTIZE_SEED=${seed} repeats this run)`);
  });
  after(() => quantizer?.dispose());

  let s = seed;
  for (const c of cases) {
    for (const dtype of ['bfloat16', 'float16', 'float32'] as const) {
      it(`${c.name}, ${dtype} [${c.shape.join(', ')}]`, () => {
        const w = weight(c.shape, dtype, s++, c.special ?? 'none');
        expect(quantizer.gpuUnsupported(spec(c.format), w.shape, dtype)).to.equal(null);
        const got = quantizer.quantize(spec(c.format), w);
        const want = quantizeWeight(spec(c.format), w, { device: 'cuda' });
        expect(differences(got, want)).to.deep.equal([]);
        expect(got.attributes).to.deep.equal(want.attributes);
      });
    }
  }

  // the same kernels reproduce a CPU build too (PyTorch's CPU divides by python numbers)
  for (const name of [
    'int4_plain asym g128',
    'int8 per-row',
    'int8 per-tensor',
    'intx int4 ASYMMETRIC g32',
    'intx int3 SYMMETRIC_NO_CLIPPING_ERR g64',
  ]) {
    const c = cases.find((x) => x.name === name)!;
    for (const dtype of ['bfloat16', 'float16', 'float32'] as const) {
      it(`${c.name}, ${dtype}, CPU scalar division`, async () => {
        const q = await createCudaQuantizer({ modulePath, note: () => {}, scalarDivision: 'cpu' });
        const w = weight(c.shape, dtype, s++);
        expect(
          differences(q.quantize(spec(c.format), w), quantizeWeight(spec(c.format), w, { device: 'cpu' })),
        ).to.deep.equal([]);
        q.dispose();
      });
    }
  }

  // kernels awaiting their first GPU check (UNVERIFIED_LAYOUTS): planned only when asked for
  const unverified: Case[] = [
    {
      name: 'nvfp4 per-tensor scale',
      format: { layout: 'nvfp4', blockSize: 16, perTensorScale: true },
      shape: [144, 256],
    },
    { name: 'nvfp4', format: { layout: 'nvfp4', blockSize: 16, perTensorScale: false }, shape: [64, 512] },
    {
      name: 'nvfp4 NaN/inf',
      format: { layout: 'nvfp4', blockSize: 16, perTensorScale: false },
      shape: [32, 128],
      special: 'nan',
    },
    ...(
      [
        ['float8_e4m3fn', 'FLOOR'],
        ['float8_e5m2', 'EVEN'],
        ['float8_e5m2', 'RCEIL'],
        ['fp6_e2m3', 'CEIL'],
        ['fp6_e3m2', 'RCEIL'],
        ['fp4_e2m1', 'FLOOR'],
        ['fp4_e2m1', 'RCEIL'],
      ] as const
    ).map(([element, scaling]) => ({
      name: `mx ${element} ${scaling}`,
      format: { layout: 'mx', element, blockSize: 32, scaling } as WeightFormat,
      shape: [144, 256],
    })),
    {
      name: 'mx fp4 NaN/inf',
      format: { layout: 'mx', element: 'fp4_e2m1', blockSize: 32, scaling: 'FLOOR' },
      shape: [32, 128],
      special: 'nan',
    },
  ];
  for (const c of unverified) {
    for (const dtype of ['bfloat16', 'float16', 'float32'] as const) {
      it(`${c.name}, ${dtype} [${c.shape.join(', ')}] (unverified kernel)`, async () => {
        const q = await createCudaQuantizer({ modulePath, note: () => {}, unverified: true });
        const w = weight(c.shape, dtype, s++, c.special ?? 'none');
        const got = q.quantize(spec(c.format), w);
        const want = quantizeWeight(spec(c.format), w, { device: 'cuda' });
        expect(differences(got, want)).to.deep.equal([]);
        expect(got.attributes).to.deep.equal(want.attributes);
        q.dispose();
      });
    }
  }

  it('falls back to the oracle, with one note, for a layout without a kernel', async () => {
    const notes: string[] = [];
    const q = await createCudaQuantizer({ modulePath, note: (m) => notes.push(m) });
    const f = spec({ layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'hqq', ntile: 8 });
    const w = weight([16, 256], 'bfloat16', s++);
    expect(q.quantize(f, w)).to.deep.equal(quantizeWeight(f, w));
    q.quantize(f, w);
    expect(notes).to.have.length(1);
    expect(notes[0]).to.match(/int4_tile_packed_to_4d.*oracle on the CPU/);
    q.dispose();
  });

  it('quantizes a 14336 x 4096 bf16 weight per layout at memory speed (prints the table)', () => {
    const mod = loadModule(modulePath);
    const w = weight([14336, 4096], 'bfloat16', s++);
    const layouts: [string, WeightFormat][] = [
      ['int4_plain asym g128', { layout: 'int4_plain', groupSize: 128, mapping: 'asymmetric' }],
      ['int4_plain sym g128', { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' }],
      ['int8 per-row', { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false }],
      ['int8 per-tensor', { layout: 'int8', granularity: { kind: 'PerTensor' }, reduceRange: false }],
      [
        'intx int4 asym g32',
        {
          layout: 'intx_unpacked_to_int8',
          element: 'int4',
          mapping: 'ASYMMETRIC',
          scaleDtype: null,
          algorithm: 'affine',
          granularity: { kind: 'PerGroup', groupSize: 32 },
        },
      ],
      ['float8 e4m3 per-row', { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } }],
      ['float8 e4m3 per-tensor', { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerTensor' } }],
    ];
    const rows: ThroughputRow[] = layouts.map(([name, f]) => measureThroughput(mod, quantizer, name, spec(f), w));
    // the big weight is also checked byte for byte once (int4 g128, the build's common case)
    const f = spec(layouts[0][1]);
    expect(differences(quantizer.quantize(f, w), quantizeWeight(f, w, { device: 'cuda' }))).to.deep.equal([]);
    console.table(rows);
    if (process.env.OUT) {
      mkdirSync(process.env.OUT, { recursive: true });
      writeFileSync(
        join(process.env.OUT, 'quantize-throughput.json'),
        JSON.stringify({ device: cuda.deviceInfo(0).name, seed, rows }, null, 2),
      );
    }
    for (const r of rows) expect(r.gbPerSecond, r.layout).to.be.greaterThan(100);
  });
});
