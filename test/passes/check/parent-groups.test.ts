import { expect } from 'chai';
import fc from 'fast-check';
import { groupByParent } from '../../../src/passes/check/parent-groups.js';

/** The obvious grouping: a Map keyed by set and parent string. */
function reference(modules: string[], setOf: (m: string) => number): Map<string, number[]> {
  const m = new Map<string, number[]>();
  modules.forEach((mod, i) => {
    const set = setOf(mod);
    if (set < 0) return;
    const key = `${set}|${mod.slice(0, mod.lastIndexOf('.') + 1)}`;
    m.set(key, [...(m.get(key) ?? []), i]);
  });
  return m;
}

describe('groupByParent: sibling projections grouped by parent module', () => {
  const names = ['q', 'k', 'v', 'o', 'gate', 'up'];
  const setOf = (m: string) => {
    const last = m.slice(m.lastIndexOf('.') + 1);
    return ['q', 'k', 'v'].includes(last) ? 0 : ['gate', 'up'].includes(last) ? 1 : -1;
  };
  it('groups adjacent and interleaved siblings like a Map keyed by parent, in first-appearance order', () => {
    const module = fc.tuple(fc.constantFrom('a', 'a.b', 'c', ''), fc.constantFrom(...names));
    fc.assert(
      fc.property(fc.uniqueArray(module, { selector: ([p, n]) => `${p}.${n}`, maxLength: 20 }), (mods) => {
        const modules = mods.map(([p, n]) => (p === '' ? n : `${p}.${n}`));
        const g = groupByParent(
          modules.length,
          [3, 2],
          (i) => setOf(modules[i]!),
          (i) => modules[i]!,
        );
        const ours = g.bySet.flatMap((ids) => ids.map((id) => g.members[id]!));
        const expected = [...reference(modules, setOf)].sort(([a], [b]) => Number(a[0]) - Number(b[0]));
        expect(ours).to.deep.equal(expected.map(([, v]) => v));
        for (const ids of g.bySet)
          for (const id of ids) {
            const m = modules[g.members[id]![0]!]!;
            expect(g.parentLength[id]).to.equal(m.lastIndexOf('.') + 1);
          }
      }),
    );
  });
});
