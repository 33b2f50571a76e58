// `quantforge merge`: join the outputs of `build --shard i/N` (i = 1..N) into one bundle that
// is byte-identical to the unsharded build.
//
// Requires: the shards agree on recipe, model, targets, kernels and quantizer, and are exactly
// 1..N of the same N. Because shard slices are contiguous in model order (build/partition.ts),
// concatenating the shards' parameters in shard order restores the model order; the tensors
// are streamed into a fresh weights writer with the same size limit, so files split where the
// unsharded build split them, and finalize writes the same index.ts and manifest.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SafetensorsReader } from '../../runtime/src/safetensors/index.js';
import { verifyFiles } from '../../runtime/src/bundle/load.js';
import { ShardedSafetensorsWriter } from '../model/sharded-writer.js';
import { writeAtomically, type AtomicOptions } from './atomic.js';
import { finalizeBundle } from './finalize.js';
import { canonicalJson, type BuildManifest, type ManifestDraft } from './manifest.js';
import { readBuildManifest } from './read.js';

export interface MergeOptions extends AtomicOptions {
  maxShardBytes?: number;
  runtimeImport?: string;
}

export async function mergeShards(
  shardDirs: string[],
  out: string,
  options: MergeOptions = {},
): Promise<BuildManifest> {
  const shards = shardDirs.map((dir) => ({ dir, manifest: readBuildManifest(dir, { allowShard: true }) }));
  checkShards(shards);
  shards.sort((a, b) => a.manifest.shard!.index - b.manifest.shard!.index);
  return writeAtomically(
    out,
    async (tmp) => {
      mkdirSync(join(tmp, 'weights'));
      const writer = new ShardedSafetensorsWriter(join(tmp, 'weights'), {
        maxShardBytes: options.maxShardBytes,
        metadata: { format: 'pt' },
      });
      const parameters = [];
      for (const { dir, manifest } of shards) {
        const readers = new Map<string, SafetensorsReader>();
        try {
          for (const p of manifest.parameters) {
            for (const t of p.tensors) {
              let r = readers.get(t.file);
              if (!r) readers.set(t.file, (r = SafetensorsReader.open(join(dir, t.file))));
              writer.add(t.name, await r.readTensor(t.name));
            }
            parameters.push(structuredClone(p));
          }
        } finally {
          for (const r of readers.values()) r.close();
        }
      }
      writer.finish();
      for (const p of parameters) for (const t of p.tensors) t.file = `weights/${writer.weightMap.get(t.name)}`;
      const first = shards[0];
      for (const k of first.manifest.kernels) {
        mkdirSync(dirname(join(tmp, k.file)), { recursive: true });
        copyFileSync(join(first.dir, k.file), join(tmp, k.file));
      }
      const { files: _files, shard: _shard, selfSha256: _self, ...rest } = first.manifest;
      const draft: ManifestDraft = { ...rest, parameters };
      return finalizeBundle(tmp, draft, options.runtimeImport);
    },
    options,
  );
}

function checkShards(shards: { dir: string; manifest: BuildManifest }[]): void {
  if (shards.length === 0) throw new Error('merge needs the output folders of build --shard 1/N .. N/N');
  const problems: string[] = [];
  const notShard = shards.filter((s) => !s.manifest.shard);
  for (const s of notShard) problems.push(`${s.dir} is a complete bundle, not the output of build --shard`);
  if (notShard.length) throw new Error(problems.join('\n'));
  const count = shards[0].manifest.shard!.count;
  const seen = new Map<number, string>();
  const key = (m: BuildManifest) =>
    canonicalJson([m.recipe.irHash, m.model.identity, m.targets, m.kernels, m.kernelNotes, m.quantizer]);
  for (const s of shards) {
    const { index, count: n } = s.manifest.shard!;
    if (n !== count) problems.push(`${s.dir} is shard ${index}/${n}, the others are of ${count}`);
    if (seen.has(index)) problems.push(`${s.dir} and ${seen.get(index)} are both shard ${index}/${count}`);
    seen.set(index, s.dir);
    if (key(s.manifest) !== key(shards[0].manifest))
      problems.push(`${s.dir} was built from another recipe, model, target set or kernel set than ${shards[0].dir}`);
    for (const line of verifyFiles(s.dir, s.manifest)) problems.push(`${s.dir}: ${line}`);
  }
  for (let i = 1; i <= count; i++) if (!seen.has(i)) problems.push(`shard ${i}/${count} is missing`);
  if (problems.length) throw new Error(`cannot merge:\n  ${problems.join('\n  ')}`);
}
