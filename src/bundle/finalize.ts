// The last step of writing a bundle, shared by build and merge: generate index.ts, hash every
// file, write manifest.json. Requires the weights (and kernels) already in place under `dir`;
// guarantees the manifest lists every other file of the bundle with its SHA-256, and that the
// bytes written depend only on the draft and the files (no clocks, no paths of the machine).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sha256File } from '../../runtime/src/bundle/load.js';
import { sealManifest } from '../../runtime/src/bundle/self-hash.js';
import { generateIndexTs } from './index-ts.js';
import { stableJson, type BuildManifest, type FileEntry, type ManifestDraft } from './manifest.js';

export function finalizeBundle(dir: string, draft: ManifestDraft, runtimeImport?: string): BuildManifest {
  mkdirSync(join(dir, 'kernels'), { recursive: true });
  writeFileSync(join(dir, 'index.ts'), generateIndexTs(draft, runtimeImport));
  const files: Record<string, FileEntry> = {};
  for (const path of listFiles(dir)) if (path !== 'manifest.json') files[path] = sha256File(join(dir, path));
  const sealed: BuildManifest = { ...draft, selfSha256: '0'.repeat(64), files };
  const text = sealManifest(stableJson(sealed));
  writeFileSync(join(dir, 'manifest.json'), text);
  return JSON.parse(text) as BuildManifest;
}

/** Every regular file under `dir`, as sorted `/`-separated relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
