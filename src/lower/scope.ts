// What names a file can see while it is lowered: its own `let`s and recipes, and those of
// the files it imports under their aliases (`base.w4`, `base.llama`). Also the sink for
// diagnostics and the config validator, so that the lowering functions take one argument.
import type { Diagnostic } from '../ir/diagnostic.js';
import type { ConfigCall, Recipe } from '../ir/recipe.js';

/** A lowered file as its importers see it. */
export interface Module {
  path: string;
  lets: Map<string, ConfigCall>;
  recipes: Map<string, Recipe>;
}

/** Checks one config call against the config registry; returns its diagnostics. */
export type ConfigValidator = (call: ConfigCall) => Diagnostic[];

export class Scope {
  readonly lets = new Map<string, ConfigCall>();
  readonly recipes = new Map<string, Recipe>();
  readonly imports = new Map<string, Module>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    readonly validateConfig: ConfigValidator,
  ) {}

  report(...ds: Diagnostic[]): void {
    this.diagnostics.push(...ds);
  }

  /** `w4` (a local let) or `base.w4` (an imported one). */
  lookupLet(path: string): { config: ConfigCall; local: boolean } | 'not-a-config' | null {
    const dot = path.indexOf('.');
    if (dot < 0) {
      const local = this.lets.get(path);
      if (local) return { config: local, local: true };
      return this.recipes.has(path) || this.imports.has(path) ? 'not-a-config' : null;
    }
    const mod = this.imports.get(path.slice(0, dot));
    const name = path.slice(dot + 1);
    const config = mod?.lets.get(name);
    if (config) return { config, local: false };
    return mod?.recipes.has(name) ? 'not-a-config' : null;
  }

  lookupRecipe(path: string): Recipe | null {
    const dot = path.indexOf('.');
    if (dot < 0) return this.recipes.get(path) ?? null;
    return this.imports.get(path.slice(0, dot))?.recipes.get(path.slice(dot + 1)) ?? null;
  }

  /** Names visible as let references, for "did you mean" hints. */
  letNames(): string[] {
    const names = [...this.lets.keys()];
    for (const [alias, mod] of this.imports) for (const n of mod.lets.keys()) names.push(`${alias}.${n}`);
    return names;
  }
}
