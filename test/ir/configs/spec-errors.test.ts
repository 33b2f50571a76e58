// Every error torchao-semantics.md §3 lists that the golden cases do not already cover, in
// torchao's words: construction errors from resolveConfig, quantization errors from checkWeight.
import { expect } from 'chai';
import { resolveConfig, checkWeight } from '../../../src/ir/configs/index.js';
import { parsePythonCall, resolveText } from './python-call.js';

const CONSTRUCTION: [string, string][] = [
  [
    'Int8WeightOnlyConfig(granularity=PerAxis(0))',
    'granularity must be PerTensor, PerRow, or PerGroup, but got PerAxis(axis=0)',
  ],
  [
    'Int8DynamicActivationInt8WeightConfig(granularity=[PerRow(dim=0), PerRow()])',
    'Only PerRow(dim=-1) is supported for activation quantization, got PerRow(dim=0). Per-feature activation quantization is not supported due to slicing limitations.',
  ],
  [
    'Int8DynamicActivationInt8WeightConfig(granularity=[PerRow(), PerGroup(32)])',
    "Unsupported weight granularity type: <class 'torchao.quantization.granularity.PerGroup'>. Only PerTensor and PerRow are supported.",
  ],
  [
    'Int8DynamicActivationInt8WeightConfig(granularity=PerRow(), act_mapping_type=MappingType.SYMMETRIC_NO_CLIPPING_ERR)',
    'requires `act_mapping_type` in (MappingType.SYMMETRIC, MappingType.ASYMMETRIC)',
  ],
  [
    'Float8WeightOnlyConfig(granularity=PerAxis(0))',
    "granularity must be PerTensor, PerRow, or PerGroup, got <class 'torchao.quantization.granularity.PerAxis'>",
  ],
  [
    'Float8DynamicActivationFloat8WeightConfig(granularity=[PerRow(), PerRow(dim=0)])',
    'Different granularities for activation and weight are not supported: [PerRow(dim=-1), PerRow(dim=0)].',
  ],
  [
    'Float8DynamicActivationFloat8WeightConfig(granularity=[PerBlock([1, 128]), PerBlock([128, 128])], kernel_preference=KernelPreference.MSLK)',
    'unimplemented',
  ],
  [
    'Float8DynamicActivationFloat8WeightConfig(packing_format=Float8PackingFormat.SPARSE_1D_DATA_1D_METADATA, granularity=PerRow())',
    'Sparse 1D data 1D metadata packing format only supports per-tensor quantization',
  ],
  ['Float8DynamicActivationFloat8WeightConfig(version=1)', 'Unexpected version: 1'],
  [
    'Float8DynamicActivationFloat8WeightConfig(granularity=PerToken())',
    'Invalid granularity specification: PerToken().',
  ],
  ['Int4WeightOnlyConfig(int4_tile_packed_ntile=32)', 'int4_tile_packed_ntile must be either 8 or 16'],
  [
    'Int4WeightOnlyConfig(int4_packing_format="preshuffled", int4_choose_qparams_algorithm="hqq")',
    'Int4ChooseQParamsAlgorithm.HQQ is not supported by packing format preshuffled',
  ],
  ['Int4WeightOnlyConfig(version=3)', 'AssertionError without a message'],
  [
    'Float8DynamicActivationInt4WeightConfig(int4_packing_format=Int4PackingFormat.PLAIN_INT32)',
    'only preshuffled and plain int4_packing_format supported right now, got: Int4PackingFormat.PLAIN_INT32',
  ],
  ['IntxWeightOnlyConfig(granularity=PerAxis(1))', 'axis must be 0 with PerAxis, but got 1'],
  [
    'IntxWeightOnlyConfig(weight_dtype=torch.uint4)',
    'weight_dtype must be torch.intx, where 1 <= x <= 8, but got torch.uint4',
  ],
  [
    'Int8DynamicActivationIntxWeightConfig(weight_granularity=PerRow())',
    'weight_granularity must be PerAxis or PerGroup, but got PerRow(dim=-1)',
  ],
  ['Int8DynamicActivationIntxWeightConfig(weight_granularity=PerAxis(1))', 'axis must be 0, but got 1'],
  [
    'Int8DynamicActivationIntxWeightConfig(act_mapping_type=MappingType.SYMMETRIC_NO_CLIPPING_ERR)',
    'act_mapping_type must be MappingType.ASYMMETRIC or MappingType.SYMMETRIC, but got MappingType.SYMMETRIC_NO_CLIPPING_ERR',
  ],
  ['Int8DynamicActivationIntxWeightConfig(version=1)', 'AssertionError without a message'],
  [
    'MXDynamicActivationMXWeightConfig(activation_dtype=torch.int8, weight_dtype=torch.int8)',
    "elem_dtype must be one of [torch.float8_e4m3fn, torch.float8_e5m2, 'fp6_e2m3', 'fp6_e3m2', torch.float4_e2m1fn_x2], got torch.int8",
  ],
  ["NVFP4DynamicActivationNVFP4WeightConfig(step='quantize')", "'quantize' is not a valid QuantizationStep"],
];

const AT_QUANTIZATION: [string, number[], string, string][] = [
  [
    'Float8DynamicActivationFloat8WeightConfig(granularity=PerRow())',
    [32, 16, 3, 3],
    'bfloat16',
    '4D/5D tensor only supports per tensor activation and weight quantization',
  ],
  [
    'Float8DynamicActivationFloat8WeightConfig()',
    [32],
    'bfloat16',
    'float8 quantization only works for 2/3-D tensors, got 1D tensor',
  ],
  [
    'Float8DynamicActivationFloat8WeightConfig(granularity=[PerBlock([1, 128]), PerBlock([128, 128])])',
    [128, 192],
    'bfloat16',
    'Not all shapes in input shape torch.Size([128, 192]) are divisible by block size [128, 128]',
  ],
  [
    'Float8WeightOnlyConfig(granularity=PerGroup(64))',
    [32, 96],
    'bfloat16',
    'Last dimension of input 96 is not divisible by group size 64',
  ],
  ['IntxWeightOnlyConfig()', [4, 8, 16], 'bfloat16', 'IntxWeightOnlyConfig only works for 2-d and 4-d Tensors, got: 3'],
  [
    'Int8DynamicActivationIntxWeightConfig()',
    [4, 8, 32],
    'bfloat16',
    'Int8DynamicActivationIntxWeightConfig only works for 2-d Tensor, got: 3',
  ],
  [
    'IntxWeightOnlyConfig(granularity=PerGroup(32))',
    [16, 8],
    'bfloat16',
    'Expecting input size at 1 dimension: 8 to be divisible by block_size at 1 dimension: 32',
  ],
  [
    "NVFP4DynamicActivationNVFP4WeightConfig(step='convert')",
    [4, 32, 64],
    'bfloat16',
    '3D weights not yet supported here',
  ],
  [
    'Int4WeightOnlyConfig(version=1)',
    [32, 128],
    'float16',
    'Only bfloat16 is supported for Int4TilePackedTo4dTensor, got torch.float16',
  ],
  [
    'MXDynamicActivationMXWeightConfig()',
    [32, 64],
    'float16',
    'Only supporting bf16 out dtype for now, got torch.float16',
  ],
];

describe('torchao errors of torchao-semantics.md §3', () => {
  for (const [text, message] of CONSTRUCTION) {
    it(`${text} → ${message.slice(0, 60)}`, () => {
      const r = resolveConfig(parsePythonCall(text));
      expect(r.ok, text).to.equal(false);
      if (!r.ok) expect(r.diagnostics[0]!.message).to.contain(message);
    });
  }
  for (const [text, shape, dtype, message] of AT_QUANTIZATION) {
    it(`${text} on ${dtype} [${shape.join(', ')}] → ${message.slice(0, 50)}`, () => {
      const c = checkWeight(resolveText(text), { shape, dtype, kind: 'linear' });
      expect(c.status).to.equal('error');
      if (c.status === 'error') expect(c.error.message).to.contain(message);
    });
  }
  it('Float8DynamicActivationFloat8SemiSparseWeightConfig takes the old activation_dtype / weight_dtype knobs', () => {
    expect(
      resolveText('Float8DynamicActivationFloat8SemiSparseWeightConfig(activation_dtype=torch.float8_e4m3fn)').format
        .activation,
    ).to.deep.include({ element: 'float8_e4m3fn' });
    const r = resolveConfig(
      parsePythonCall('Float8DynamicActivationFloat8SemiSparseWeightConfig(granularity=PerRow())'),
    );
    expect(!r.ok && r.diagnostics[0]!.code).to.equal('QF3002');
  });
});
