// Recipe IR: what a `.quant` file (or the programmatic API) says, before any model is seen.
//
// Built by src/lower (from the AST) and by src/api (builders); printed back to canonical
// `.quant` text by src/lower/print.ts; consumed by src/passes/bind.ts. Plain JSON data:
// `parse(print(ir))` equals `ir` up to spans (compare with `stripSpans`).
import type { Span } from './diagnostic.js';

/** A config argument value, as written (Python-like). Resolved against the registry later. */
export type ConfigValue =
  | { kind: 'number'; value: number; isInteger: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  /** Dotted names: `torch.int4`, `MappingType.SYMMETRIC`, `Int4PackingFormat.PLAIN`. */
  | { kind: 'name'; path: string }
  | { kind: 'list'; items: ConfigValue[] }
  | { kind: 'tuple'; items: ConfigValue[] }
  | ConfigCall;

export interface ConfigArg {
  /** null for a positional argument. */
  name: string | null;
  value: ConfigValue;
  span?: Span;
}

/** `Name(args)`: a torchao config, a granularity (`PerGroup(32)`), an MMConfig... */
export interface ConfigCall {
  kind: 'call';
  /** As written, possibly dotted or an alias (`MXFPInferenceConfig`). */
  callee: string;
  args: ConfigArg[];
  span?: Span;
}

export type Matcher =
  | { kind: 'exact'; fqn: string }
  | { kind: 'regex'; pattern: string }
  | { kind: 'glob'; pattern: string }
  | { kind: 'default' };

/** Predicate expressions of `where` and `expect`. */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'ident'; name: string }
  | { kind: 'unary'; op: 'not' | '-'; operand: Expr }
  | {
      kind: 'binary';
      op: 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
      left: Expr;
      right: Expr;
    };

export type Action =
  | { kind: 'skip' }
  /** A config, with `let` references already substituted by lowering. */
  | { kind: 'config'; config: ConfigCall; /** the `let` name it came from, for printing */ letName?: string };

export interface Rule {
  matcher: Matcher;
  predicate: Expr | null;
  action: Action;
  span?: Span;
}

export interface Target {
  kind: 'cpu' | 'cuda';
  /** e.g. { isa: "avx2" } or { arch: "sm_90a" } */
  options: Record<string, string | number | boolean>;
  span?: Span;
}

export interface Expectation {
  expr: Expr;
  span?: Span;
}

export interface Recipe {
  name: string;
  rules: Rule[];
  expectations: Expectation[];
  /** `allow skip_incompatible` and friends. */
  allow: string[];
  span?: Span;
}

/** One lowered `.quant` file (imports resolved, lets inlined into actions). */
export interface RecipeFile {
  version: number;
  file: string;
  targets: Target[];
  lets: Record<string, ConfigCall>;
  recipes: Recipe[];
}

/** A deep copy without `span` fields: IR equality "up to spans" (parse∘print, DSL vs API). */
export function stripSpans<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'span' ? undefined : v))) as T;
}
