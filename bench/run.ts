// `npm run bench -- <name> [options]` runs bench/<name>.ts, whose default export is
// `(argv: string[]) => Promise<void>`. Each benchmark prints a table and writes JSON under
// bench/results/. With no name, lists the benchmarks.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <name> [options]\nbenchmarks: ${available.join(', ') || '(none yet)'}`);
  process.exitCode = name ? 2 : 0;
} else {
  const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { default: (argv: string[]) => Promise<void> };
  await mod.default(rest);
}
