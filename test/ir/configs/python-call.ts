// Test helper: reads a Python config expression as written in golden manifests
// (`IntxWeightOnlyConfig(weight_dtype=torch.int4, granularity=PerGroup(32)) on K=48`) into a
// Recipe IR ConfigCall. Text after the call is ignored. Not the recipe parser (grammar/).
import type { ConfigArg, ConfigCall, ConfigValue } from '../../../src/ir/recipe.js';
import { resolveConfig, type ResolvedConfig } from '../../../src/ir/configs/index.js';

/** Resolves a Python config expression; throws with the diagnostics when it is refused. */
export function resolveText(text: string): ResolvedConfig {
  const r = resolveConfig(parsePythonCall(text));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.config;
}

export function parsePythonCall(text: string): ConfigCall {
  const p = new Reader(text);
  const v = p.value();
  if (v.kind !== 'call') throw new Error(`not a call: ${text}`);
  return v;
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  value(): ConfigValue {
    this.ws();
    const c = this.s[this.i]!;
    if (c === '[' || c === '(') return this.sequence(c);
    if (c === "'" || c === '"') return this.string(c);
    if (/[-\d.]/.test(c)) return this.number();
    const name = this.match(/^[A-Za-z_][\w.]*/);
    if (name === 'None') return { kind: 'none' };
    if (name === 'True' || name === 'False') return { kind: 'bool', value: name === 'True' };
    this.ws();
    if (this.s[this.i] === '(') return { kind: 'call', callee: name, args: this.args() };
    return { kind: 'name', path: name };
  }

  private args(): ConfigArg[] {
    this.i++;
    const args: ConfigArg[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === ')') return (this.i++, args);
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(this.s.slice(this.i));
      let name: string | null = null;
      if (kw) [name, this.i] = [kw[1]!, this.i + kw[0].length];
      args.push({ name, value: this.value() });
      this.ws();
      if (this.s[this.i] === ',') this.i++;
    }
  }

  private sequence(open: string): ConfigValue {
    const close = open === '[' ? ']' : ')';
    this.i++;
    const items: ConfigValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close)
        return (this.i++, open === '[' ? { kind: 'list', items } : { kind: 'tuple', items });
      items.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
    }
  }

  private string(q: string): ConfigValue {
    const end = this.s.indexOf(q, this.i + 1);
    const value = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    return { kind: 'string', value };
  }

  private number(): ConfigValue {
    const t = this.match(/^-?\d*\.?\d+(e-?\d+)?/);
    return { kind: 'number', value: Number(t), isInteger: !/[.e]/.test(t) };
  }

  private match(re: RegExp): string {
    const m = re.exec(this.s.slice(this.i));
    if (!m) throw new Error(`cannot read ${this.s.slice(this.i)}`);
    this.i += m[0].length;
    return m[0];
  }

  private ws(): void {
    while (/\s/.test(this.s[this.i] ?? '')) this.i++;
  }
}
