// The CPU generator is a pure function with committed goldens: each representative spec's
// generated function is compared with test/codegen/cpu/golden/<name>.cc. A change in the
// generator that changes the text fails here; regenerate on purpose with UPDATE_GOLDEN=1.
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCpuKernel, generateCpuModule } from '../../../codegen/cpu/generate.js';
import { unsupportedReason } from '../../../codegen/cpu/instantiate.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { kernelName } from '../../../src/ir/kernel-spec.js';
import { allSpecs, FORMATS, spec } from './specs.js';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('codegen/cpu generator', () => {
  for (const [label, format] of Object.entries(FORMATS)) {
    it(`matches the golden source for ${label} (bf16)`, () => {
      const text = allSpecs(format, 'bfloat16').map(generateCpuKernel).join('\n');
      const file = join(goldenDir, `${label}.cc`);
      if (update) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(file, text);
      }
      expect(existsSync(file), `missing golden ${file}; run with UPDATE_GOLDEN=1`).to.equal(true);
      expect(text).to.equal(readFileSync(file, 'utf8'));
    });
  }

  it('emits a module independent of spec order and free of duplicates', () => {
    const specs = [...allSpecs(FORMATS.int8_dyn_sym, 'bfloat16'), ...allSpecs(FORMATS.int4_g128, 'float32')];
    const a = generateCpuModule(specs);
    const b = generateCpuModule([...specs].reverse().concat(specs));
    expect(a).to.equal(b);
    for (const s of specs) expect(a.split(`TVM_FFI_DLL_EXPORT_TYPED_FUNC(${kernelName(s)},`).length).to.equal(2);
  });

  it('puts the compile-time constants of the spec into the instantiation', () => {
    const text = generateCpuKernel(spec('linear', FORMATS.int4_g32, 'float16'));
    expect(text).to.contain('qf::int4::linear<qf::Dt::F16, 32, 4>');
    const dyn = generateCpuKernel(spec('linear', FORMATS.fp8_dyn_row, 'bfloat16'));
    expect(dyn).to.contain('qf::float8::linear_dynamic<qf::Dt::BF16, qf::kE4M3, qf::kE4M3, false, 4>');
    expect(dyn).to.contain('float(0.5), NAN');
  });

  it('refuses what it cannot build, naming the op and layout', () => {
    expect(unsupportedReason(spec('quantize_activation', FORMATS.int8_wo_row, 'bfloat16'))).to.match(
      /quantize_activation for weight layout 'int8' has no activation quantization/,
    );
    const mixed: FormatSpec = {
      weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [128, 128] } },
      activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 }, lowerBound: null, upperBound: null },
      linear: { kind: 'blockwise_scaled_mm' },
    };
    expect(unsupportedReason(spec('linear', mixed, 'bfloat16'))).to.match(/linear for weight layout 'float8' with PerBlock \[128, 128\] weights needs PerBlock \[1, 128\] activations/);
    const shuffled = { weight: { layout: 'int4_preshuffled', groupSize: 128, activation: 'bfloat16' }, activation: null, linear: { kind: 'mslk_int4' } } as const;
    expect(unsupportedReason(spec('quantize_weight', shuffled, 'bfloat16'))).to.match(/layout 'int4_preshuffled' is not supported by the CPU generator yet/);
    expect(() => generateCpuKernel({ ...spec('linear', FORMATS.int8_wo_row, 'bfloat16'), target: 'cuda' })).to.throw(/targets 'cuda'/);
  });
});
