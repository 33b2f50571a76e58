// Diagnostics: every error and warning the compiler reports, with where it happened.
// The catalog of codes and message templates lives in src/ir/diagnostic-catalog.ts
// (stable codes grouped by phase: QF1xxx syntax, QF2xxx lowering/names, QF3xxx config
// validation, QF4xxx binding/plan checks, QF5xxx targets/kernels, QF6xxx model/bundle).

/** A source range. Lines and columns are 1-based; offsets are 0-based, `endOffset` exclusive. */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  /** Stable code from the catalog, e.g. "QF3004". */
  code: string;
  severity: Severity;
  message: string;
  /** Where; null for diagnostics about a model or bundle rather than recipe text. */
  span: Span | null;
  /** A suggestion ("did you mean `group_size`?"). */
  hint?: string;
  /** Extra context: the tensor FQN, the rule, the target... */
  related?: { message: string; span: Span | null }[];
}

/** Thrown by an API call that got invalid input; carries every diagnostic found. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'DiagnosticError';
  }
}
