// The target capability table: which formats have kernels where (src/ir/targets.ts).
import { expect } from 'chai';
import { canRun, capabilityKey, targetName } from '../../src/ir/targets.js';
import { resolveText } from './configs/python-call.js';
import type { Target } from '../../src/ir/recipe.js';

const cuda = (arch: string): Target => ({ kind: 'cuda', options: { arch } });
const cpu: Target = { kind: 'cpu', options: { isa: 'avx2' } };
const fmt = (text: string) => resolveText(text).format;

describe('target capabilities', () => {
  it('keys formats by weight layout (and sparse metadata) and linear kind', () => {
    expect(capabilityKey(fmt('Int8DynamicActivationInt8WeightConfig()'))).to.equal('int8/int8_int_mm');
    expect(capabilityKey(fmt('Float8DynamicActivationFloat8SemiSparseWeightConfig()'))).to.equal(
      'float8_sparse_2x4:2d/sparse_scaled_mm',
    );
  });
  it('runs dequantize-then-matmul formats everywhere', () => {
    for (const t of [cpu, cuda('sm_80'), cuda('sm_90a'), cuda('sm_100a')])
      expect(canRun(fmt('IntxWeightOnlyConfig()'), t), targetName(t)).to.equal(true);
  });
  it('uses the column of the highest architecture at or below the target', () => {
    const nvfp4 = fmt('NVFP4DynamicActivationNVFP4WeightConfig()');
    expect(canRun(nvfp4, cuda('sm_90a'))).to.equal(false);
    expect(canRun(nvfp4, cuda('sm_100a'))).to.equal(true);
    expect(canRun(nvfp4, cuda('sm_120'))).to.equal(true);
    expect(canRun(fmt('Float8DynamicActivationFloat8WeightConfig()'), cuda('sm_89'))).to.equal(false);
    expect(canRun(fmt('Int4WeightOnlyConfig(int4_packing_format="tile_packed_to_4d")'), cuda('sm_86'))).to.equal(true);
    expect(canRun(fmt('Int4WeightOnlyConfig(int4_packing_format="preshuffled")'), cpu)).to.equal(false);
    expect(canRun(fmt('Int4WeightOnlyConfig(int4_packing_format="tile_packed_to_4d")'), cpu)).to.equal(true);
    expect(canRun(fmt('Float8DynamicActivationInt4WeightConfig(int4_packing_format="plain")'), cpu)).to.equal(true);
    expect(canRun(fmt('Int8WeightOnlyConfig()'), cuda('sm_70'))).to.equal(false);
  });
  it('prints targets as written in recipes', () => expect(targetName(cuda('sm_90a'))).to.equal('cuda(arch="sm_90a")'));
});
