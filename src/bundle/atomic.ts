// Atomic bundle output: everything is written under a temporary folder beside OUT
// (`.OUT.tmp-<pid>`) and renamed to OUT only once complete. A build killed at any moment
// (SIGKILL included) leaves OUT absent, or as it was, and never half written; the leftover
// temporary folder is removed by the next build into the same place once its process is gone.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface AtomicOptions {
  /** Replace an existing OUT (it is moved aside first, and deleted after the rename). */
  force?: boolean;
}

/** Runs `write(tmpDir)` and renames tmpDir to `out` if it returns; removes tmpDir if it throws. */
export async function writeAtomically<T>(
  out: string,
  write: (tmpDir: string) => Promise<T>,
  options: AtomicOptions = {},
): Promise<T> {
  const target = resolve(out);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  if (existsSync(target) && !options.force)
    throw new Error(`${out} already exists: remove it or pass --force to replace it`);
  removeStaleTemps(parent, basename(target));
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  let result: T;
  try {
    result = await write(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(target)) {
    const old = join(parent, `.${basename(target)}.old-${process.pid}`);
    renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, target);
  }
  return result;
}

/** Temporary folders of builds whose process no longer exists. */
function removeStaleTemps(parent: string, name: string): void {
  const pattern = new RegExp(`^\\.${escapeRegex(name)}\\.(tmp|old)-(\\d+)$`);
  for (const entry of readdirSync(parent)) {
    const m = pattern.exec(entry);
    if (m && !isAlive(Number(m[2]))) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
