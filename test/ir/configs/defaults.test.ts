// Every config's defaults, as torchao fills them (torchao-semantics.md §3 tables), and the
// FormatSpec each default config lowers to.
import { expect } from 'chai';
import { toTorchaoDict } from '../../../src/ir/configs/index.js';
import { resolveText as resolve } from './python-call.js';

const data = (text: string) => toTorchaoDict(resolve(text))._data;
const dt = (name: string) => ({ _type: 'torch.dtype', _data: name });
const en = (type: string, member: string) => ({ _type: type, _data: member });
const obj = (type: string, d: Record<string, unknown> = {}) => ({ _type: type, _version: 1, _data: d });
const perRow = obj('PerRow', { dim: -1 });

describe('config defaults', () => {
  it('Int8WeightOnlyConfig: PerRow, no group_size, version 2', () => {
    expect(data('Int8WeightOnlyConfig()')).to.deep.equal({
      group_size: null,
      granularity: perRow,
      set_inductor_config: true,
    });
    expect(resolve('Int8WeightOnlyConfig()').version).to.equal(2);
  });
  it('Int8DynamicActivationInt8WeightConfig: symmetric per-row activations, no reduce_range', () => {
    expect(data('Int8DynamicActivationInt8WeightConfig()')).to.deep.equal({
      act_mapping_type: en('MappingType', 'SYMMETRIC'),
      weight_only_decode: false,
      granularity: perRow,
      set_inductor_config: true,
      reduce_range: false,
    });
  });
  it('Float8WeightOnlyConfig: e4m3fn, granularity None becomes PerRow', () => {
    expect(data('Float8WeightOnlyConfig()')).to.deep.equal({
      weight_dtype: dt('float8_e4m3fn'),
      set_inductor_config: true,
      granularity: perRow,
    });
  });
  it('Float8DynamicActivationFloat8WeightConfig: [PerTensor, PerTensor], fast accumulation', () => {
    expect(data('Float8DynamicActivationFloat8WeightConfig()')).to.deep.equal({
      activation_dtype: dt('float8_e4m3fn'),
      weight_dtype: dt('float8_e4m3fn'),
      granularity: [obj('PerTensor'), obj('PerTensor')],
      packing_format: en('Float8PackingFormat', 'PLAIN'),
      mm_config: obj('Float8MMConfig', { emulate: false, use_fast_accum: true, pad_inner_dim: false }),
      activation_value_lb: null,
      activation_value_ub: null,
      kernel_preference: en('KernelPreference', 'AUTO'),
      set_inductor_config: true,
      alg_id: 0,
    });
  });
  it('Int4WeightOnlyConfig: group 128, plain, tinygemm qparams, ntile 8', () => {
    expect(data('Int4WeightOnlyConfig()')).to.deep.equal({
      group_size: 128,
      set_inductor_config: true,
      int4_packing_format: en('Int4PackingFormat', 'PLAIN'),
      int4_choose_qparams_algorithm: en('Int4ChooseQParamsAlgorithm', 'TINYGEMM'),
      int4_tile_packed_ntile: 8,
    });
    expect(resolve('Int4WeightOnlyConfig()').format.weight).to.deep.equal({
      layout: 'int4_plain',
      groupSize: 128,
      mapping: 'asymmetric',
    });
  });
  it('Float8DynamicActivationInt4WeightConfig: "preshuffled", version 1', () => {
    const c = resolve('Float8DynamicActivationInt4WeightConfig()');
    expect(toTorchaoDict(c)).to.deep.equal({
      _type: 'Float8DynamicActivationInt4WeightConfig',
      _version: 1,
      _data: { int4_packing_format: 'preshuffled' },
    });
    expect(c.format.weight).to.deep.equal({ layout: 'int4_preshuffled', groupSize: 128, activation: 'float8_e4m3fn' });
  });
  it('IntxWeightOnlyConfig: int8, PerAxis(0), symmetric, affine, unpacked', () => {
    expect(data('IntxWeightOnlyConfig()')).to.deep.equal({
      weight_dtype: dt('int8'),
      granularity: obj('PerAxis', { axis: 0 }),
      mapping_type: en('MappingType', 'SYMMETRIC'),
      scale_dtype: null,
      intx_packing_format: en('IntxPackingFormat', 'UNPACKED_TO_INT8'),
      intx_choose_qparams_algorithm: en('IntxChooseQParamsAlgorithm', 'AFFINE'),
    });
  });
  it('Int8DynamicActivationIntxWeightConfig: int8, PerGroup(32), asymmetric activations', () => {
    const d = data('Int8DynamicActivationIntxWeightConfig()');
    expect(d['weight_granularity']).to.deep.equal(obj('PerGroup', { group_size: 32 }));
    expect(d['act_mapping_type']).to.deep.equal(en('MappingType', 'ASYMMETRIC'));
    expect(resolve('Int8DynamicActivationIntxWeightConfig()').format.activation).to.deep.equal({
      kind: 'int8_asym_per_token_fake_quant',
    });
  });
  it('MXDynamicActivationMXWeightConfig: block 32, e4m3fn, AUTO, RCEIL (not FLOOR)', () => {
    expect(data('MXDynamicActivationMXWeightConfig()')).to.deep.equal({
      block_size: 32,
      activation_dtype: dt('float8_e4m3fn'),
      weight_dtype: dt('float8_e4m3fn'),
      kernel_preference: en('KernelPreference', 'AUTO'),
      scaling_mode: en('ScaleCalculationMode', 'RCEIL'),
    });
  });
  it('NVFP4 configs: triton kernel and dynamic per-tensor scale on; a step forces static scales', () => {
    expect(data('NVFP4DynamicActivationNVFP4WeightConfig()')).to.deep.equal({
      use_triton_kernel: true,
      use_dynamic_per_tensor_scale: true,
      step: null,
    });
    expect(data("NVFP4DynamicActivationNVFP4WeightConfig(step='prepare')")).to.deep.equal({
      use_triton_kernel: true,
      use_dynamic_per_tensor_scale: false,
      step: en('QuantizationStep', 'PREPARE'),
    });
    expect(data('NVFP4WeightOnlyConfig()')).to.deep.equal({ use_dynamic_per_tensor_scale: true });
  });
});

describe('seed names (torchao-semantics.md §0)', () => {
  it('Float8DynamicActivationFloat8SemiSparseWeightConfig is the sparse float8 config with an e5m2 activation', () => {
    const c = resolve('Float8DynamicActivationFloat8SemiSparseWeightConfig()');
    expect(c.name).to.equal('Float8DynamicActivationFloat8WeightConfig');
    expect(c.writtenAs).to.equal('Float8DynamicActivationFloat8SemiSparseWeightConfig');
    expect(c.format).to.deep.equal({
      weight: {
        layout: 'float8_sparse_2x4',
        element: 'float8_e4m3fn',
        metadata: '2d',
        granularity: { kind: 'PerRow', dim: -1 },
      },
      activation: {
        kind: 'float8',
        element: 'float8_e5m2',
        granularity: { kind: 'PerRow', dim: -1 },
        lowerBound: null,
        upperBound: null,
      },
      linear: { kind: 'sparse_scaled_mm' },
    });
    expect(
      resolve(
        'Float8DynamicActivationFloat8WeightConfig(packing_format=Float8PackingFormat.SPARSE_CUTLASS, granularity=PerRow())',
      ).format.activation,
    ).to.deep.include({ element: 'float8_e4m3fn' });
  });
  it('MXFPInferenceConfig is MXDynamicActivationMXWeightConfig', () => {
    expect(resolve('MXFPInferenceConfig()').params).to.deep.equal(
      resolve('MXDynamicActivationMXWeightConfig()').params,
    );
    expect(resolve('MXFPInferenceConfig(gemm_kernel_choice=MXGemmKernelChoice.EMULATED)').format.linear).to.deep.equal({
      kind: 'dequantize_then_matmul',
    });
  });
  it('NVFP4InferenceConfig(mm_config=...) picks the dynamic or the weight-only config', () => {
    expect(resolve('NVFP4InferenceConfig(mm_config=NVFP4MMConfig.DYNAMIC)').name).to.equal(
      'NVFP4DynamicActivationNVFP4WeightConfig',
    );
    expect(resolve('NVFP4InferenceConfig(mm_config=NVFP4MMConfig.WEIGHT_ONLY)').name).to.equal('NVFP4WeightOnlyConfig');
  });
  it('Int8DynamicActivationInt4WeightConfig is int8 asymmetric per-token activations with int4 symmetric groups', () => {
    const c = resolve('Int8DynamicActivationInt4WeightConfig(group_size=64)');
    expect(toTorchaoDict(c)).to.deep.equal(
      toTorchaoDict(
        resolve('Int8DynamicActivationIntxWeightConfig(weight_dtype=torch.int4, weight_granularity=PerGroup(64))'),
      ),
    );
  });
  it('Int4WeightOnlyConfig(version=1) is the tinygemm layout with eps 1e-6', () => {
    const c = resolve('Int4WeightOnlyConfig(group_size=64, version=1)');
    expect(c.version).to.equal(1);
    expect(c.format.weight).to.deep.equal({
      layout: 'int4_tile_packed_to_4d',
      groupSize: 64,
      qparams: 'tinygemm_v1',
      ntile: 8,
    });
  });
});
