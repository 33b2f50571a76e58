// Child of bench/build.ts: runs `quantforge build` in this process and prints its peak RSS
// (VmHWM) as the last line, so the parent measures the build alone.
import { readFileSync } from 'node:fs';
import { main } from '../src/cli/main.js';

const code = await main(process.argv.slice(2));
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
process.stdout.write(`\nPEAK_RSS_KB ${hwm ?? 'unknown'}\n`);
process.exitCode = code;
