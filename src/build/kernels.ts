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
// to `generators` (src/build/kernel-generators.ts).
//
// Module files are named per target variant: `kernels/cpu-<isa>.so` and `kernels/cuda-<arch>.so`.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../ir/recipe.js';
import { kernelName } from '../ir/kernel-spec.js';
import { specialize, type SpecializeParam } from '../passes/specialize.js';
import type { KernelEntry } from '../bundle/manifest.js';
import { generators } from './kernel-generators.js';

export type { KernelGenerator } from './kernel-generators.js';

export interface BuiltKernels {
  kernels: KernelEntry[];
  notes: string[];
}

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
    ).filter((s) => !gen.ops || gen.ops.includes(s.op));
    const why = new Map<string, string[]>();
    const ok = specs.filter((s) => {
      const reason = gen.unsupported(s);
      if (reason) why.set(reason, [...(why.get(reason) ?? []), kernelName(s)]);
      return reason === null;
    });
    for (const [reason, names] of why)
      out.notes.push(`${target.kind}: ${names.length} kernel(s) not built (${names.join(', ')}): ${reason}`);
    if (ok.length === 0) continue;
    const unavailable = gen.unavailable?.(target);
    if (unavailable) {
      out.notes.push(`${target.kind}: ${ok.length} kernel(s) not built: ${unavailable}`);
      continue;
    }
    const base = `${target.kind}-${gen.variant(target)}.so`;
    const built = await gen.compile(ok, target);
    out.notes.push(...built.notes.map((n) => `${target.kind}: ${n}`));
    copyFileSync(built.path, join(kernelsDir, base));
    out.kernels.push({
      target: target.kind,
      file: `kernels/${base}`,
      exports: ok.map(kernelName),
      specs: ok as unknown as KernelEntry['specs'],
      ...(gen.layout ? { layouts: ok.map((s) => gen.layout!(s)) } : {}),
    });
  }
  return out;
}
