// A minimal describe/it/before runner for GPU test files bundled with esbuild (no mocha on the
// GPU machine, and its node_modules would cost 14 MB of the device call's carry). Supports what
// the *.gpu.test.ts files use: nested describe, it, before, this.timeout() / this.skip(), async
// bodies. `await runAll()` prints one line per test and returns the number of failures.
type Body = (this: Ctx) => unknown;
interface Ctx {
  timeout(ms: number): void;
  skip(): never;
}
interface Suite {
  name: string;
  befores: Body[];
  tests: { name: string; fn: Body }[];
  children: Suite[];
}

class Skip extends Error {}
const root: Suite = { name: '', befores: [], tests: [], children: [] };
let current = root;
const ctx: Ctx = {
  timeout: () => undefined,
  skip: () => {
    throw new Skip('skipped');
  },
};

const g = globalThis as Record<string, unknown>;
g.describe = (name: string, fn: Body): void => {
  const s: Suite = { name, befores: [], tests: [], children: [] };
  current.children.push(s);
  const parent = current;
  current = s;
  fn.call(ctx);
  current = parent;
};
g.it = (name: string, fn: Body): void => void current.tests.push({ name, fn });
g.before = (fn: Body): void => void current.befores.push(fn);

async function runSuite(s: Suite, depth: number): Promise<number> {
  const pad = '  '.repeat(depth);
  if (s.name) console.log(`${pad}${s.name}`);
  let failures = 0;
  try {
    for (const b of s.befores) await b.call(ctx);
  } catch (e) {
    console.log(`${pad}  ✖ before: ${(e as Error).message}`);
    return s.tests.length + s.children.length;
  }
  for (const t of s.tests) {
    const t0 = Date.now();
    try {
      await t.fn.call(ctx);
      console.log(`${pad}  ✔ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      if (e instanceof Skip) {
        console.log(`${pad}  - ${t.name} (skipped)`);
        continue;
      }
      failures++;
      console.log(`${pad}  ✖ ${t.name}: ${(e as Error).message}`);
    }
  }
  for (const c of s.children) failures += await runSuite(c, depth + 1);
  return failures;
}

export async function runAll(): Promise<number> {
  const failures = await runSuite(root, 0);
  console.log(failures === 0 ? 'all passed' : `${failures} failing`);
  return failures;
}
