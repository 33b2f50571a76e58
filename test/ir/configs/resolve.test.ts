// resolveConfig's argument handling: names, positions, types, enum spellings; each refusal
// is a diagnostic at the argument's span with a hint where one helps.
import { expect } from 'chai';
import { resolveConfig, checkWeight } from '../../../src/ir/configs/index.js';
import type { ConfigCall } from '../../../src/ir/recipe.js';
import type { Span } from '../../../src/ir/diagnostic.js';
import { parsePythonCall } from './python-call.js';
import { resolveText as resolve } from './python-call.js';

const refuse = (text: string) => {
  const r = resolveConfig(parsePythonCall(text));
  if (r.ok) throw new Error(`accepted ${text}`);
  return r.diagnostics;
};
const span = (column: number): Span => ({
  file: 'r.quant',
  line: 3,
  column,
  endLine: 3,
  endColumn: column + 4,
  offset: column,
  endOffset: column + 4,
});

describe('resolveConfig', () => {
  it('refuses an unknown config with a did-you-mean hint', () => {
    const [d] = refuse('Int4WeightOnlyConfg()');
    expect(d!.code).to.equal('QF3001');
    expect(d!.hint).to.equal('did you mean `Int4WeightOnlyConfig`?');
  });
  it('refuses an unknown argument with a hint, at the argument', () => {
    const call: ConfigCall = {
      kind: 'call',
      callee: 'Int4WeightOnlyConfig',
      args: [{ name: 'groupsize', value: { kind: 'number', value: 64, isInteger: true }, span: span(30) }],
      span: span(10),
    };
    const r = resolveConfig(call);
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.diagnostics[0]!.code).to.equal('QF3002');
    expect(r.diagnostics[0]!.hint).to.equal('did you mean `group_size`?');
    expect(r.diagnostics[0]!.span!.column).to.equal(30);
  });
  it('points a torchao refusal at the argument it is about', () => {
    const call: ConfigCall = {
      kind: 'call',
      callee: 'Int4WeightOnlyConfig',
      args: [{ name: 'int4_tile_packed_ntile', value: { kind: 'number', value: 4, isInteger: true }, span: span(40) }],
      span: span(10),
    };
    const r = resolveConfig(call);
    expect(!r.ok && r.diagnostics[0]!.span!.column).to.equal(40);
  });
  it('reports every argument problem of a call together', () => {
    const ds = refuse(
      'IntxWeightOnlyConfig(weight_dtype="int4", granularity=PerGroup(group=32), mapping=MappingType.SYMMETRIC)',
    );
    expect(ds.map((d) => d.code)).to.deep.equal(['QF3003', 'QF3002', 'QF3002']);
  });
  it('checks types: ints, bools, dtypes, granularities, enums', () => {
    expect(refuse('Int4WeightOnlyConfig(group_size=12.5)')[0]!.message).to.contain('must be an int');
    expect(refuse('Int8WeightOnlyConfig(set_inductor_config=1)')[0]!.code).to.equal('QF3003');
    expect(refuse('IntxWeightOnlyConfig(weight_dtype=torch.int44)')[0]!.hint).to.equal('did you mean `int4`?');
    expect(refuse('Int8WeightOnlyConfig(granularity=PerRows())')[0]!.hint).to.equal('did you mean `PerRow`?');
    expect(refuse('IntxWeightOnlyConfig(mapping_type=MappingType.SYMETRIC)')[0]!.hint).to.equal(
      'did you mean `SYMMETRIC`?',
    );
    expect(refuse('IntxWeightOnlyConfig(mapping_type="SYMMETRIC")')[0]!.code).to.equal('QF3003');
  });
  it('accepts str-enum values as members or as their strings, and keeps what was written', () => {
    const a = resolve('Int4WeightOnlyConfig(int4_packing_format=Int4PackingFormat.TILE_PACKED_TO_4D)');
    const b = resolve('Int4WeightOnlyConfig(int4_packing_format="tile_packed_to_4d")');
    expect(a.format).to.deep.equal(b.format);
    expect(b.params['int4_packing_format']).to.equal('tile_packed_to_4d');
  });
  it('takes positional arguments in dataclass field order, version included', () => {
    expect(resolve('Int4WeightOnlyConfig(64)').params['group_size']).to.equal(64);
    expect(resolve('IntxWeightOnlyConfig(torch.int4, PerGroup(32))').format.weight).to.deep.include({
      element: 'int4',
    });
    expect(refuse('Float8DynamicActivationInt4WeightConfig("plain", 1, 2)')[0]!.code).to.equal('QF3005');
    expect(refuse('Int4WeightOnlyConfig(group_size=32, 64)')[0]!.code).to.equal('QF3007');
    expect(refuse('Int4WeightOnlyConfig(64, group_size=32)')[0]!.code).to.equal('QF3006');
  });
  it('rejects a tuple of granularities where torchao does (Int8 dynamic), accepts a list', () => {
    expect(refuse('Int8DynamicActivationInt8WeightConfig(granularity=(PerRow(), PerRow()))')[0]!.message).to.contain(
      'Invalid granularity type: (PerRow(dim=-1), PerRow(dim=-1))',
    );
    expect(
      resolve('Int8DynamicActivationInt8WeightConfig(granularity=[PerTensor(), PerRow()])').format.activation,
    ).to.deep.include({ granularity: { kind: 'PerTensor' } });
  });
  it('float8 blockwise takes list block sizes only, and turns fast accumulation off', () => {
    const c = resolve(
      'Float8DynamicActivationFloat8WeightConfig(granularity=[PerBlock([1, 128]), PerBlock([128, 128])])',
    );
    expect(c.format.linear).to.deep.equal({ kind: 'blockwise_scaled_mm' });
    expect(
      refuse('Float8DynamicActivationFloat8WeightConfig(granularity=[PerBlock((1, 128)), PerBlock((128, 128))])')[0]!
        .message,
    ).to.contain('Unsupported granularity types');
  });
  it('refuses what torchao accepts but cannot run or gets wrong, as our own error', () => {
    expect(refuse('Float8DynamicActivationFloat8WeightConfig(packing_format="bogus")')[0]!.code).to.equal('QF3009');
    expect(refuse('Int4WeightOnlyConfig(int4_packing_format="plain_int32")')[0]!.message).to.contain('XPU');
    expect(
      refuse('MXDynamicActivationMXWeightConfig(activation_dtype="fp6_e2m3", weight_dtype="fp6_e2m3")')[0]!.hint,
    ).to.contain('EMULATED');
    expect(refuse('Int8DynamicActivationIntxWeightConfig(act_mapping_type=MappingType.SYMMETRIC)')[0]!.hint).to.contain(
      'ASYMMETRIC',
    );
  });
});

describe('checkWeight: torchao shape and dtype rules at quantization time', () => {
  const w = (shape: number[], dtype = 'bfloat16') => ({ shape, dtype, kind: 'linear' as const });
  it('Int4WeightOnlyConfig silently skips K not divisible by the group (torchao skips)', () => {
    expect(checkWeight(resolve('Int4WeightOnlyConfig(group_size=64)'), w([32, 96]))).to.deep.include({
      status: 'skip',
    });
    expect(checkWeight(resolve('Int4WeightOnlyConfig(group_size=64)'), w([32, 128]))).to.deep.equal({ status: 'ok' });
  });
  it('float8 dynamic skips N or K not multiples of 16, and conv weights with odd channels', () => {
    const c = resolve('Float8DynamicActivationFloat8WeightConfig()');
    expect(checkWeight(c, w([40, 64])).status).to.equal('skip');
    expect(checkWeight(c, w([64, 40])).status).to.equal('skip');
    expect(checkWeight(c, w([32, 24, 3, 3])).status).to.equal('skip');
    expect(checkWeight(c, w([32])).status).to.equal('error');
  });
  it('float8 dynamic PerRow needs a bfloat16 weight; float8 weight-only does not', () => {
    expect(
      checkWeight(resolve('Float8DynamicActivationFloat8WeightConfig(granularity=PerRow())'), w([32, 64], 'float16'))
        .status,
    ).to.equal('error');
    expect(checkWeight(resolve('Float8WeightOnlyConfig()'), w([32, 64], 'float16')).status).to.equal('ok');
  });
  it('Float8DynamicActivationInt4WeightConfig does not check K (short last group)', () => {
    expect(checkWeight(resolve('Float8DynamicActivationInt4WeightConfig()'), w([32, 200])).status).to.equal('ok');
  });
  it('intx weights must be 2-D or 4-D (conv); the dynamic intx config 2-D only', () => {
    expect(checkWeight(resolve('IntxWeightOnlyConfig()'), w([8, 4, 3, 3])).status).to.equal('ok');
    expect(checkWeight(resolve('IntxWeightOnlyConfig()'), w([8, 4, 3])).status).to.equal('error');
    expect(checkWeight(resolve('Int8DynamicActivationIntxWeightConfig()'), w([8, 4, 3, 3])).status).to.equal('error');
  });
  it('NVFP4 needs N and K multiples of 16; the weight-only flow refuses 3-D weights', () => {
    expect(checkWeight(resolve('NVFP4WeightOnlyConfig()'), w([8, 32, 64])).status).to.equal('error');
    expect(checkWeight(resolve('NVFP4DynamicActivationNVFP4WeightConfig()'), w([8, 32, 64])).status).to.equal('ok');
  });
  it('tile-packed int4 needs bfloat16', () => {
    expect(
      checkWeight(resolve('Int4WeightOnlyConfig(int4_packing_format="tile_packed_to_4d")'), w([32, 128], 'float16'))
        .status,
    ).to.equal('error');
  });
});
