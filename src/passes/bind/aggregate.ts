// Groups per-tensor diagnostics of one kind and one rule, so that a rule misfitting 10,000
// expert weights reports once (first tensor, then "and 9,999 more") instead of 10,000 times.
import type { Diagnostic } from '../../ir/diagnostic.js';

export class DiagnosticGroups {
  private readonly groups = new Map<string, { first: Diagnostic; more: number }>();

  add(key: string, make: () => Diagnostic): void {
    const g = this.groups.get(key);
    if (g) g.more++;
    else this.groups.set(key, { first: make(), more: 0 });
  }

  drain(): Diagnostic[] {
    return [...this.groups.values()].map(({ first, more }) =>
      more === 0
        ? first
        : {
            ...first,
            related: [
              ...(first.related ?? []),
              { message: `and ${more.toLocaleString('en-US')} more tensor(s) like it`, span: null },
            ],
          },
    );
  }
}
