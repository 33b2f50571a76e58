// Compiles the quantize kernels into one cached TVM-FFI module with the toolchain. A digest of
// the qf/quantize_*.cuh headers goes in as a -D flag, so that editing one of them rebuilds the
// module (the cache keys on source text and flags) while edits to the linear kernels' headers,
// which these kernels do not include, do not.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCudaModule, type CompiledModule, type CudaArch } from '../../toolchain/index.js';
import { CUDA_INCLUDE_DIR } from '../headers.js';
import { allQuantizeEntries, emitQuantizeModule, type QuantizeEntry } from './emit.js';

export const QUANTIZE_MODULE_NAME = 'qf_quantize';

/** SHA-256 (first 16 hex digits) over the quantize headers' names and bytes. */
export function quantizeHeadersDigest(dir: string = join(CUDA_INCLUDE_DIR, 'qf')): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir)
    .filter((n) => /^quantize_.*\.cuh$/.test(n))
    .sort()) {
    h.update(f);
    h.update(readFileSync(join(dir, f)));
  }
  return h.digest('hex').slice(0, 16);
}

export function quantizeModuleSource(entries: readonly QuantizeEntry[] = allQuantizeEntries()): string {
  return emitQuantizeModule(entries);
}

/** The module a build loads: every policy for every weight dtype (or the given entries). */
export function compileQuantizeModule(
  arch: CudaArch = 'sm_90a',
  entries: readonly QuantizeEntry[] = allQuantizeEntries(),
): Promise<CompiledModule> {
  return compileCudaModule({
    source: quantizeModuleSource(entries),
    name: QUANTIZE_MODULE_NAME,
    arch,
    includeDirs: [CUDA_INCLUDE_DIR],
    extraFlags: [`-DQF_QUANTIZE_HEADERS_DIGEST=${quantizeHeadersDigest()}`, '-lineinfo'],
  });
}
