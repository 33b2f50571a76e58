// `quantforge inspect`: what a bundle holds, computed from its manifest alone (no weights read):
// per-config counts and bytes, per-layer weight SQNR measured at build time, kernels, targets.
import type { BuildManifest, BuildParameter } from './manifest.js';

export interface ConfigSummary {
  config: string;
  parameters: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Mean and worst SQNR over the config's parameters (dB); 'inf' when all were exact. */
  meanSqnrDb: number | 'inf' | null;
  minSqnrDb: number | 'inf' | null;
}

export interface LayerSqnr {
  fqn: string;
  config: string;
  sqnrDb: number | 'inf';
}

export interface InspectSummary {
  recipe: string;
  model: string;
  quantizer: string;
  targets: string[];
  parameters: number;
  bytesBefore: number;
  bytesAfter: number;
  configs: ConfigSummary[];
  layers: LayerSqnr[];
  kernels: { target: string; file: string; exports: number }[];
  kernelNotes: string[];
}

export function summarize(m: BuildManifest): InspectSummary {
  const groups = new Map<string, BuildParameter[]>();
  for (const p of m.parameters) {
    const key = p.decision.kind === 'skip' ? 'skip' : p.decision.config;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const sum = (ps: BuildParameter[], f: (p: BuildParameter) => number) => ps.reduce((a, p) => a + f(p), 0);
  const configs = [...groups].map(([config, ps]): ConfigSummary => {
    const sq = ps.map((p) => p.sqnrDb).filter((s): s is number | 'inf' => s !== null);
    const finite = sq.filter((s): s is number => s !== 'inf');
    const pick = (f: () => number): number | 'inf' | null =>
      sq.length === 0 ? null : finite.length === 0 ? 'inf' : f();
    const mean = pick(() => finite.reduce((a, b) => a + b, 0) / finite.length);
    const min = pick(() => finite.reduce((a, b) => Math.min(a, b), Infinity));
    return {
      config,
      parameters: ps.length,
      bytesBefore: sum(ps, (p) => p.bytesBefore),
      bytesAfter: sum(ps, (p) => p.bytesAfter),
      meanSqnrDb: mean,
      minSqnrDb: min,
    };
  });
  return {
    recipe: m.recipe.file,
    model:
      String(m.model.config['_name_or_path'] ?? m.model.config['model_type'] ?? 'model') +
      ` (${m.model.identity.slice(0, 12)})`,
    quantizer: m.quantizer,
    targets: m.targets.map((t) =>
      [t.kind, ...Object.entries(t.options).map(([k, v]) => `${k}=${String(v)}`)].join(' '),
    ),
    parameters: m.parameters.length,
    bytesBefore: sum(m.parameters, (p) => p.bytesBefore),
    bytesAfter: sum(m.parameters, (p) => p.bytesAfter),
    configs,
    layers: m.parameters
      .filter((p) => p.decision.kind === 'quantize' && p.sqnrDb !== null)
      .map((p) => ({ fqn: p.fqn, config: (p.decision as { config: string }).config, sqnrDb: p.sqnrDb! })),
    kernels: m.kernels.map((k) => ({ target: k.target, file: k.file, exports: k.exports.length })),
    kernelNotes: m.kernelNotes,
  };
}

export function formatSummary(s: InspectSummary, options: { layers?: boolean } = {}): string {
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  const db = (v: number | 'inf' | null) => (v === null ? '-' : v === 'inf' ? 'exact' : `${v.toFixed(1)} dB`);
  const lines = [
    `recipe     ${s.recipe}`,
    `model      ${s.model}`,
    `targets    ${s.targets.join(', ')}`,
    `quantizer  ${s.quantizer}`,
    `parameters ${s.parameters}, ${mb(s.bytesBefore)} -> ${mb(s.bytesAfter)} (${(s.bytesBefore / Math.max(s.bytesAfter, 1)).toFixed(2)}x smaller)`,
    '',
    table(
      ['config', 'params', 'before', 'after', 'mean SQNR', 'min SQNR'],
      s.configs.map((c) => [
        c.config,
        String(c.parameters),
        mb(c.bytesBefore),
        mb(c.bytesAfter),
        db(c.meanSqnrDb),
        db(c.minSqnrDb),
      ]),
    ),
  ];
  if (options.layers)
    lines.push(
      '',
      table(
        ['parameter', 'config', 'SQNR'],
        s.layers.map((l) => [l.fqn, l.config, db(l.sqnrDb)]),
      ),
    );
  lines.push(
    '',
    s.kernels.length
      ? table(
          ['target', 'kernel file', 'exports'],
          s.kernels.map((k) => [k.target, k.file, String(k.exports)]),
        )
      : 'kernels    none',
  );
  for (const n of s.kernelNotes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
