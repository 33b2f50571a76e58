// The build's hook into code generation: given the planned parameters and the recipe's
// targets, ask codegen for this bundle's kernels and put the compiled modules under kernels/.
//
//   specialize (src/passes/specialize.ts)  parameters → de-duplicated KernelSpecs per target
//   generate   (codegen/<target>)          KernelSpecs → one source per target
//   compile    (codegen/toolchain)          source → TVM-FFI module (cached by content)
//
// A spec the target's generator cannot build yet is left out and said in a note, as is a
// target with no generator, so the manifest tells exactly what a bundle can run; the build
// does not fail for it (the weights are still right). A generator plugs in by adding itself
// to `generators`.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../ir/recipe.js';
import { kernelName, type KernelSpec, type KernelTarget } from '../ir/kernel-spec.js';
import { specialize, type SpecializeParam } from '../passes/specialize.js';
import type { KernelEntry, Json } from '../bundle/manifest.js';
import { generateCpuModule } from '../../codegen/cpu/generate.js';
import { unsupportedReason } from '../../codegen/cpu/instantiate.js';
import { cpuHeadersFingerprint, cpuIncludeDir } from '../../codegen/cpu/paths.js';
import { compileCpuModule } from '../../codegen/toolchain/index.js';

export interface KernelGenerator {
  /** Why this generator cannot build `spec`, or null. */
  unsupported(spec: KernelSpec): string | null;
  /** Compiles the specs into one module and returns its path (anywhere; the hook copies it). */
  compile(specs: KernelSpec[], target: Target): Promise<string>;
}

export interface BuiltKernels {
  kernels: KernelEntry[];
  notes: string[];
}

const generators: Partial<Record<KernelTarget, KernelGenerator>> = {
  cpu: {
    unsupported: unsupportedReason,
    compile: async (specs) =>
      (
        await compileCpuModule({
          source: generateCpuModule(specs),
          name: 'qf_cpu',
          includeDirs: [cpuIncludeDir()],
          extraFlags: [`-DQF_HEADERS=${cpuHeadersFingerprint()}`, '-pthread'],
        })
      ).path,
  },
};

/** Builds the kernels of every target into `kernelsDir` (the bundle's kernels/). */
export async function buildKernels(
  targets: Target[],
  params: SpecializeParam[],
  kernelsDir: string,
): Promise<BuiltKernels> {
  const out: BuiltKernels = { kernels: [], notes: [] };
  if (!params.some((p) => p.format !== null)) {
    out.notes.push('no parameter is quantized: no kernels needed');
    return out;
  }
  for (const target of targets) {
    const gen = generators[target.kind];
    if (!gen) {
      out.notes.push(
        `${target.kind}: no kernel generator is available yet; the weights are stored, the bundle has no compiled kernels for this target`,
      );
      continue;
    }
    // Kernels take 2-D [out, in] weights; other quantized parameters (3-D expert stacks) wait.
    const odd = params.filter((p) => p.format !== null && p.shape.length !== 2);
    if (odd.length)
      out.notes.push(
        `${target.kind}: no kernels for ${odd.length} quantized parameter(s) that are not 2-D (first: ${odd[0].fqn} [${odd[0].shape.join(', ')}])`,
      );
    const specs = specialize(
      params.filter((p) => p.format === null || p.shape.length === 2),
      [target.kind],
    );
    const why = new Map<string, string[]>();
    const ok = specs.filter((s) => {
      const reason = gen.unsupported(s);
      if (reason) why.set(reason, [...(why.get(reason) ?? []), kernelName(s)]);
      return reason === null;
    });
    for (const [reason, names] of why)
      out.notes.push(`${target.kind}: ${names.length} kernel(s) not built (${names.join(', ')}): ${reason}`);
    if (ok.length === 0) continue;
    const file = `kernels/${target.kind}.so`;
    copyFileSync(await gen.compile(ok, target), join(kernelsDir, `${target.kind}.so`));
    out.kernels.push({ target: target.kind, file, exports: ok.map(kernelName), specs: ok as unknown as Json[] });
  }
  return out;
}
