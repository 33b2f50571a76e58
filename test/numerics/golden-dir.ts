// Where the torchao golden vectors live for tests: ../shared/golden beside the repository.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGoldenCase, type GoldenCase } from '../../src/numerics/golden/case.js';

export const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/golden');

export function goldenCase(id: string): GoldenCase {
  return loadGoldenCase(resolve(GOLDEN_DIR, id));
}
