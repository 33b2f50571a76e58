// `quantforge verify`: is this bundle exactly what its build wrote?
// Re-hashes every file the manifest lists (and the manifest itself, through its seal), and
// reports files that are missing, extra, or changed — each by path — plus stored tensors that
// point at files the manifest does not list. An empty problem list means intact.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyFiles } from '../../runtime/src/bundle/load.js';
import { listFiles } from './finalize.js';
import { readBuildManifest } from './read.js';

export interface VerifyReport {
  files: number;
  bytes: number;
  problems: string[];
}

export function verifyBundle(dir: string): VerifyReport {
  if (!existsSync(join(dir, 'manifest.json'))) {
    return {
      files: 0,
      bytes: 0,
      problems: [`${dir}: no manifest.json (not a bundle, or an unpacked one is incomplete)`],
    };
  }
  let manifest;
  try {
    manifest = readBuildManifest(dir, { allowShard: true });
  } catch (e) {
    return { files: 0, bytes: 0, problems: [(e as Error).message] };
  }
  const problems = verifyFiles(dir, manifest);
  const listed = new Set(Object.keys(manifest.files));
  for (const f of listFiles(dir))
    if (f !== 'manifest.json' && !listed.has(f))
      problems.push(`${f}: not listed in the manifest (added after the build)`);
  for (const p of manifest.parameters) {
    for (const t of p.tensors)
      if (!listed.has(t.file))
        problems.push(`parameter '${p.fqn}': tensor '${t.name}' is in ${t.file}, which the manifest does not list`);
  }
  const values = Object.values(manifest.files);
  return { files: values.length + 1, bytes: values.reduce((a, f) => a + f.bytes, 0), problems };
}
