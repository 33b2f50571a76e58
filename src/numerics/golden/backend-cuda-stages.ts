// Golden `stage` cases on the cuda backend. The weight is quantized by the oracle with the
// case's own device numerics (stage cases were computed by torchao on CPU), and the stage
// tensors are read back from the stored form as the cpu backend does (backend-cpu-stages.ts):
// - int4_tile_packed_to_4d: `dequantized_padded_weight` comes from the CUDA dequantize kernel
//   (the 4-D words repacked on the device), the other tensors from the stored form;
// - float8_sparse_2x4: the stage tensors test the stored form; the CUDA kernel (cuSPARSELt
//   packing of qdata + sparse_metadata, dynamic e4m3 activation, sparse GEMM) is checked by a
//   linear on a seeded activation against the oracle's (the case holds no activation).
import type { FormatSpec } from '../../ir/format.js';
import { quantizeWeight } from '../index.js';
import type { GoldenBackend } from './backend.js';
import { cpuStage } from './backend-cpu-stages.js';
import type { GoldenCase } from './case.js';
import type { Check } from './compare.js';
import { oracleLinearCheck, seededActivation } from './oracle-linear.js';

/** Rows of the seeded activation: odd, so the kernels' token tails run too. */
const SEEDED_M = 5;

/** The cuda backend's stage check of a case, or null when its layout has none. */
export function cudaStage(backend: GoldenBackend, spec: FormatSpec, c: GoldenCase): Promise<Check[]> | null {
  const device = String(c.manifest.device ?? 'cpu').startsWith('cuda') ? 'cuda' : 'cpu';
  const onDevice: GoldenBackend = {
    ...backend,
    quantizeWeight: async (s, w, options) => quantizeWeight(s, w, { ...options, device }),
  };
  const stored = cpuStage(onDevice, spec, c);
  return stored && withKernelLinear(stored, backend, spec, c, device);
}

async function withKernelLinear(
  stored: Promise<Check[]>,
  backend: GoldenBackend,
  spec: FormatSpec,
  c: GoldenCase,
  device: 'cpu' | 'cuda',
): Promise<Check[]> {
  const checks = await stored;
  if (spec.weight.layout === 'float8_sparse_2x4') {
    const w = c.tensor('weight');
    const q = quantizeWeight(spec, w, { device });
    const x = seededActivation(SEEDED_M, w.shape[1], Number(c.manifest.seed ?? 1), 'bfloat16');
    checks.push(
      await oracleLinearCheck(
        `linear_output(oracle, seeded x [${SEEDED_M}, ${w.shape[1]}])`,
        backend,
        spec,
        x,
        q,
        null,
      ),
    );
  }
  return checks;
}
