// Test helper: golden cases of ../shared/golden for the float-format tests, loaded with the
// verify-golden harness's own loader (src/numerics/golden/case.ts); this file only selects
// case ids from INDEX.json / INDEX_GPU.json.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadGoldenCase as loadCaseDir, type GoldenCase as HarnessCase } from '../../../src/numerics/golden/case.js';

export const GOLDEN_DIR = process.env.QUANTFORGE_GOLDEN ?? join(process.cwd(), '..', 'shared', 'golden');

export type GoldenCase = HarnessCase & { id: string };

/** Ids of cases present on disk whose id matches (INDEX_GPU.json also lists not_available ones). */
export function goldenCaseIds(pattern: RegExp): string[] {
  const ids: string[] = [];
  for (const index of ['INDEX.json', 'INDEX_GPU.json']) {
    const path = join(GOLDEN_DIR, index);
    if (!existsSync(path)) continue;
    const cases = (JSON.parse(readFileSync(path, 'utf8')).cases ?? []) as { case_id: string }[];
    ids.push(...cases.map((c) => c.case_id));
  }
  return ids.filter((id) => pattern.test(id) && existsSync(join(GOLDEN_DIR, id, 'manifest.json'))).sort();
}

export function loadGoldenCase(id: string): GoldenCase {
  return Object.assign(loadCaseDir(join(GOLDEN_DIR, id)), { id });
}
