// The build pipeline, top to bottom: plan in, bundle out.
//
//   check plan      every model parameter has one decision; every format is quantizable
//                   (fails here, before any compute, with every problem listed)
//   kernels         codegen hook (kernels.ts) for the recipe's targets → kernels/
//   quantize        stream the shard's parameters one by one: read → quantize | copy → write
//   finalize        weights/ files renamed into place, index.ts, hashes, manifest.json
//   rename          the temporary folder becomes OUT (atomic.ts)
//
// Memory is bounded by the two largest parameters (one computing, one being read ahead) plus
// a quantized form, not by the model.
import { basename, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { stripSpans } from '../ir/recipe.js';
import { writeAtomically } from '../bundle/atomic.js';
import { finalizeBundle } from '../bundle/finalize.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  canonicalJson,
  type BuildManifest,
  type BuildParameter,
  type Json,
  type ManifestDraft,
} from '../bundle/manifest.js';
import type { ModelFolder } from '../model/folder.js';
import { ShardedSafetensorsWriter } from '../model/sharded-writer.js';
import { buildKernels } from './kernels.js';
import { buildParameter } from './parameter.js';
import { shardSlice, type ShardSpec } from './partition.js';
import type { BuildPlan, PlannedDecision } from './plan-input.js';
import { Progress, type ProgressMode } from './progress.js';
import { oracleQuantizer, selectQuantizer, type Quantizer } from './quantizer.js';

export interface BuildOptions {
  out: string;
  device?: 'cpu' | 'cuda';
  shard?: ShardSpec;
  /** Tensor bytes per weights file (default 2 GiB). */
  maxShardBytes?: number;
  force?: boolean;
  progress?: { mode: ProgressMode; write: (text: string) => void };
  runtimeImport?: string;
  /** false: weights only, no kernels generated or compiled (recorded in the manifest). */
  kernels?: boolean;
}

export interface BuildResult {
  manifest: BuildManifest;
  inputBytes: number;
  seconds: number;
}

export async function buildBundle(plan: BuildPlan, model: ModelFolder, options: BuildOptions): Promise<BuildResult> {
  const decisions = checkPlan(plan, model);
  // Every quantizer falls back to the oracle, so what the oracle cannot do fails here, before
  // kernels are compiled or a weight is read.
  checkFormats(oracleQuantizer, plan);
  const started = performance.now();
  const specializeParams = model.parameters.map((p) => {
    const d = decisions.get(p.fqn)!;
    return { fqn: p.fqn, dtype: p.dtype, shape: p.shape, format: d.kind === 'quantize' ? d.format : null };
  });
  const targets = plan.targets.length ? plan.targets : [{ kind: 'cpu' as const, options: {} }];
  const params = options.shard
    ? shardSlice(
        model.parameters.map((p) => p.bytes),
        options.shard,
      ).map((i) => model.parameters[i])
    : model.parameters;
  const inputBytes = params.reduce((a, p) => a + p.bytes, 0);
  const manifest = await writeAtomically(
    options.out,
    async (tmp) => {
      mkdirSync(join(tmp, 'kernels'));
      const built =
        options.kernels === false
          ? { kernels: [], notes: ['kernels not built (--no-kernels): the bundle holds weights only'] }
          : await buildKernels(targets, specializeParams, join(tmp, 'kernels'));
      const quantizer = await selectQuantizer(options.device ?? 'cpu', built);
      checkFormats(quantizer, plan);
      mkdirSync(join(tmp, 'weights'));
      const writer = new ShardedSafetensorsWriter(join(tmp, 'weights'), {
        maxShardBytes: options.maxShardBytes,
        metadata: { format: 'pt' },
      });
      const progress = new Progress(
        options.progress?.mode ?? 'quiet',
        params.length,
        inputBytes,
        options.progress?.write ?? (() => {}),
      );
      const entries: BuildParameter[] = [];
      // Read-ahead of one: parameter i+1 is read (on libuv's thread pool) while i computes,
      // so I/O hides behind compute; memory holds two input tensors at most.
      // A failure while a read is in flight must not surface later as an unhandled rejection.
      const readAhead = (i: number) => {
        const r = model.weights.readRaw(params[i].fqn);
        r.catch(() => undefined);
        return r;
      };
      let next = params.length ? readAhead(0) : null;
      for (let i = 0; i < params.length; i++) {
        const raw = await next!;
        next = i + 1 < params.length ? readAhead(i + 1) : null;
        const p = params[i];
        entries.push(buildParameter(p, decisions.get(p.fqn)!, raw, quantizer, writer));
        progress.tick(p.bytes, p.fqn);
      }
      writer.finish();
      progress.finish();
      for (const e of entries) for (const t of e.tensors) t.file = `weights/${writer.weightMap.get(t.name)}`;
      const ir = stripSpans(plan.recipe.ir) as unknown as Json;
      const draft: ManifestDraft = {
        format: BUNDLE_FORMAT,
        version: BUNDLE_VERSION,
        recipe: { file: basename(plan.recipe.file), source: plan.recipe.source, ir, irHash: sha256(canonicalJson(ir)) },
        model: { identity: model.identity, config: model.config as Record<string, Json> },
        targets: targets.map((t) => ({ kind: t.kind, options: t.options })),
        parameters: entries,
        kernels: built.kernels,
        kernelNotes: built.notes,
        quantizer: quantizer.name,
        ...(options.shard ? { shard: { index: options.shard.index, count: options.shard.count } } : {}),
      };
      return finalizeBundle(tmp, draft, options.runtimeImport);
    },
    { force: options.force },
  );
  return { manifest, inputBytes, seconds: (performance.now() - started) / 1000 };
}

/** One decision per model parameter, no more, no fewer; dtypes quantization can read. */
function checkPlan(plan: BuildPlan, model: ModelFolder): Map<string, PlannedDecision> {
  const problems: string[] = [];
  const decisions = new Map<string, PlannedDecision>();
  for (const p of plan.parameters) {
    if (decisions.has(p.fqn)) problems.push(`'${p.fqn}' has two decisions in the plan`);
    decisions.set(p.fqn, p.decision);
  }
  const known = new Set(model.parameters.map((p) => p.fqn));
  for (const fqn of decisions.keys())
    if (!known.has(fqn)) problems.push(`'${fqn}' is in the plan but not in the model at ${model.dir}`);
  for (const p of model.parameters) {
    const d = decisions.get(p.fqn);
    if (!d) problems.push(`'${p.fqn}' has no decision in the plan`);
    else if (d.kind === 'quantize' && !['float32', 'bfloat16', 'float16'].includes(p.dtype)) {
      problems.push(`'${p.fqn}' is ${p.dtype}; ${d.config} quantizes float32, bfloat16 or float16 weights only`);
    }
  }
  if (problems.length) throw new Error(`the plan does not fit the model:\n  ${problems.join('\n  ')}`);
  return decisions;
}

function checkFormats(quantizer: Quantizer, plan: BuildPlan): void {
  const problems = new Set<string>();
  for (const p of plan.parameters) {
    if (p.decision.kind !== 'quantize') continue;
    const why = quantizer.unsupported(p.decision.format);
    if (why) problems.add(`${p.decision.config}: ${why} (first at '${p.fqn}')`);
  }
  if (problems.size)
    throw new Error(`cannot quantize with the ${quantizer.name} quantizer:\n  ${[...problems].join('\n  ')}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
