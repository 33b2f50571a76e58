// Recipe text or file → RecipeFile plus every diagnostic (syntax, names, patterns, configs)
// of the file and of the files it imports. Imports are read relative to the importing file,
// each file once; an import cycle is an error at the import that closes it.
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isImport, parseQuant, type ImportNode } from '../../grammar/index.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Diagnostic } from '../ir/diagnostic.js';
import type { RecipeFile } from '../ir/recipe.js';
import { lowerFile } from './lower-file.js';
import { Scope, type ConfigValidator, type Module } from './scope.js';
import { syntaxDiagnostics } from './syntax-diagnostics.js';
import { defaultConfigValidator } from './validate-config.js';

export interface LoadOptions {
  /** Reads an imported file (tests pass an in-memory one). */
  readFile?: (path: string) => string;
  validateConfig?: ConfigValidator;
}

export interface LoadResult {
  file: RecipeFile;
  diagnostics: Diagnostic[];
  /** Source text of every file read, by path: the diagnostics renderer shows their lines. */
  sources: Map<string, string>;
}

export const hasErrors = (ds: Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/** The alias of `import "path"` without `as`: the file name without extension. */
const defaultAlias = (path: string): string => basename(path, extname(path)).replace(/\W/g, '_');

class Loader {
  readonly modules = new Map<string, Module>();
  readonly sources = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly stack: string[] = [];

  constructor(private readonly options: Required<LoadOptions>) {}

  lower(text: string, path: string): RecipeFile {
    this.sources.set(path, text);
    this.stack.push(resolve(path));
    const { ast, problems } = parseQuant(text, path);
    const scope = new Scope(path, this.options.validateConfig);
    scope.report(...syntaxDiagnostics(problems));
    for (const imp of ast.items.filter(isImport)) this.importInto(scope, imp, path);
    const file = lowerFile(ast, scope);
    this.stack.pop();
    this.modules.set(resolve(path), { path, lets: scope.lets, recipes: scope.recipes });
    this.diagnostics.push(...scope.diagnostics);
    return file;
  }

  private importInto(scope: Scope, imp: ImportNode, from: string): void {
    const target = resolve(dirname(from), imp.path.value);
    const alias = imp.alias?.name ?? defaultAlias(target);
    if (scope.imports.has(alias)) {
      scope.report(diagnostic(catalog.duplicateImportAlias, { name: alias }, imp.alias?.span ?? imp.span));
      return;
    }
    const cycleAt = this.stack.indexOf(target);
    if (cycleAt >= 0) {
      const cycle = [...this.stack.slice(cycleAt), target].map((p) => basename(p)).join(' → ');
      scope.report(diagnostic(catalog.importCycle, { cycle }, imp.span));
      return;
    }
    let mod = this.modules.get(target);
    if (!mod) {
      let text: string;
      try {
        text = this.options.readFile(target);
      } catch (err) {
        scope.report(
          diagnostic(
            catalog.importNotFound,
            { path: imp.path.value, reason: (err as NodeJS.ErrnoException).code ?? String(err) },
            imp.path.span,
          ),
        );
        return;
      }
      // Named as the importer names its folder, so that diagnostics show readable paths.
      const before = this.diagnostics.length;
      this.lower(text, join(dirname(from), imp.path.value));
      // Each problem of the imported file also says where it was imported from.
      for (const d of this.diagnostics.slice(before))
        d.related = [...(d.related ?? []), { message: 'imported here', span: imp.span }];
      mod = this.modules.get(target);
    }
    if (mod) scope.imports.set(alias, mod);
  }
}

function loader(options: LoadOptions): Loader {
  return new Loader({
    readFile: options.readFile ?? ((p) => readFileSync(p, 'utf8')),
    validateConfig: options.validateConfig ?? defaultConfigValidator,
  });
}

/** Lowers recipe text that claims to live at `path` (imports resolve from its folder). */
export function lowerSource(text: string, path: string, options: LoadOptions = {}): LoadResult {
  const l = loader(options);
  const file = l.lower(text, path);
  return { file, diagnostics: l.diagnostics, sources: l.sources };
}

/** Reads and lowers a `.quant` file; an unreadable file is an exception (the CLI reports it). */
export function loadRecipe(path: string, options: LoadOptions = {}): LoadResult {
  const text = (options.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
  return lowerSource(text, path, options);
}
