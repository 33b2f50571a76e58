// The build's hook into code generation: given the plan's formats and the recipe's targets,
// ask codegen for the kernels of this bundle and get back files to put under kernels/.
//
// Today no generator is registered, so the hook returns no kernels and one note per target
// saying so; the manifest records both, so a bundle never silently lacks kernels. A generator
// plugs in by adding itself to `generators` with the target it serves.
import type { FormatSpec } from '../ir/format.js';
import type { Target } from '../ir/recipe.js';
import type { KernelEntry } from '../bundle/manifest.js';

export interface KernelRequest {
  target: Target;
  /** Distinct formats the bundle's quantized parameters use, in first-use order. */
  formats: FormatSpec[];
  /** Folder to write the target's module into (the bundle's kernels/). */
  outDir: string;
}

/** What a generator returns: entries whose `file` is relative to the bundle root. */
export type KernelGenerator = (req: KernelRequest) => Promise<KernelEntry[]>;

export interface BuiltKernels {
  kernels: KernelEntry[];
  notes: string[];
}

const generators: Partial<Record<Target['kind'], KernelGenerator>> = {};

export async function buildKernels(targets: Target[], formats: FormatSpec[], outDir: string): Promise<BuiltKernels> {
  const out: BuiltKernels = { kernels: [], notes: [] };
  if (formats.length === 0) {
    out.notes.push('no parameter is quantized: no kernels needed');
    return out;
  }
  for (const target of targets) {
    const gen = generators[target.kind];
    if (!gen) {
      out.notes.push(`${target.kind}: no kernel generator is available yet; the weights are stored, the bundle has no compiled kernels for this target`);
      continue;
    }
    out.kernels.push(...(await gen({ target, formats, outDir })));
  }
  return out;
}
