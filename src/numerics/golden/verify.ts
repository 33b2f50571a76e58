// verify-golden over a folder laid out like ../shared/golden: every subfolder holding a
// manifest.json is a case, run in name order; results stream to `onResult` as they finish.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GoldenBackend } from './backend.js';
import { loadGoldenCase } from './case.js';
import { type CaseResult, runCase } from './run-case.js';

export interface VerifySummary {
  passed: number;
  failed: number;
  skipped: number;
  results: CaseResult[];
}

/** Case folders of `dir` (sorted), optionally only those whose id contains `filter`. */
export function listCases(dir: string, filter?: string): string[] {
  if (!existsSync(dir)) throw new Error(`golden folder '${dir}' does not exist`);
  const cases = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .filter((name) => !filter || name.includes(filter))
    .sort();
  if (cases.length === 0) throw new Error(`no golden cases (folders with manifest.json) in '${dir}'${filter ? ` matching '${filter}'` : ''}`);
  return cases;
}

export async function verifyGolden(
  dir: string,
  backend: GoldenBackend,
  options: { filter?: string; onResult?: (r: CaseResult) => void } = {},
): Promise<VerifySummary> {
  const summary: VerifySummary = { passed: 0, failed: 0, skipped: 0, results: [] };
  for (const name of listCases(dir, options.filter)) {
    const c = loadGoldenCase(join(dir, name));
    let result: CaseResult;
    try {
      result = await runCase(c, backend);
    } finally {
      c.close();
    }
    summary[result.outcome]++;
    summary.results.push(result);
    options.onResult?.(result);
  }
  return summary;
}
