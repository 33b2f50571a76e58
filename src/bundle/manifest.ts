// The compiler's view of manifest.json: the runtime's contract (runtime/src/bundle/manifest.ts)
// with formats typed as FormatSpec, plus the stable serialization every writer uses, so that
// a build, a sharded build plus merge, and a re-run all produce the same bytes.
import type { FormatSpec } from '../ir/format.js';
import type { BundleManifest, ParameterEntry, Decision } from '../../runtime/src/bundle/manifest.js';

export { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../runtime/src/bundle/manifest.js';
export type { StoredTensor, KernelEntry, FileEntry, Json } from '../../runtime/src/bundle/manifest.js';

export type BuildManifest = BundleManifest<FormatSpec>;
export type BuildParameter = ParameterEntry<FormatSpec>;
export type BuildDecision = Decision<FormatSpec>;
/** Everything of a manifest but the file hashes, which finalize computes last. */
export type ManifestDraft = Omit<BuildManifest, 'files'>;

/** JSON with sorted object keys and 1-space indentation: stable text for stable hashes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 1)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort())
      Object.defineProperty(out, k, { value: sortKeys((v as Record<string, unknown>)[k]), enumerable: true });
    return out;
  }
  return v;
}

/** Compact canonical JSON (sorted keys): what IR hashes are computed over. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
