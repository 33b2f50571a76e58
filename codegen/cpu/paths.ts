// Where the hand-written CPU kernel headers live (the -I directory for generated sources).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function cpuIncludeDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'include');
}
