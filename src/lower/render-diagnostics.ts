// Diagnostics as people read them (dsl.md "Diagnostics"):
//
//   recipes/x.quant:3:14: error QF2001: unknown name `w5`: no `let` or import defines it
//      3 |   default -> w5
//        |              ^^
//     hint: did you mean `w4`?
//
// A span over several lines is underlined to the end of its first line.
import type { Diagnostic, Span } from '../ir/diagnostic.js';

export interface RenderOptions {
  /** Source text by file path; a diagnostic whose file is missing gets no source line. */
  sources: Map<string, string>;
  color?: boolean;
}

const COLORS = { error: '\x1b[31;1m', warning: '\x1b[33;1m', note: '\x1b[36;1m', reset: '\x1b[0m', dim: '\x1b[2m' };

function sourceLines(span: Span, text: string | undefined): string[] {
  if (text === undefined) return [];
  const line = text.split(/\r?\n/)[span.line - 1];
  if (line === undefined) return [];
  const width = String(span.line).length;
  const end = span.endLine === span.line ? span.endColumn : line.length + 1;
  const carets = '^'.repeat(Math.max(1, end - span.column));
  // Tabs keep their width under the caret so it lines up in a terminal.
  const pad = line.slice(0, span.column - 1).replace(/[^\t]/g, ' ');
  return [`  ${span.line} | ${line}`, `  ${' '.repeat(width)} | ${pad}${carets}`];
}

export function renderDiagnostic(d: Diagnostic, options: RenderOptions): string {
  const c = options.color ? COLORS : { error: '', warning: '', note: '', reset: '', dim: '' };
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.column}: ` : '';
  const lines = [`${where}${c[d.severity]}${d.severity} ${d.code}${c.reset}: ${d.message}`];
  if (d.span) lines.push(...sourceLines(d.span, options.sources.get(d.span.file)));
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  for (const r of d.related ?? []) {
    const at = r.span ? `${r.span.file}:${r.span.line}:${r.span.column}: ` : '';
    lines.push(`  ${c.dim}note: ${at}${r.message}${c.reset}`);
  }
  return lines.join('\n');
}

/** Sorted by file and position, then a summary line ("2 errors, 1 warning"). */
export function renderDiagnostics(ds: Diagnostic[], options: RenderOptions): string {
  const sorted = [...ds].sort(
    (a, b) => (a.span?.file ?? '').localeCompare(b.span?.file ?? '') || (a.span?.offset ?? -1) - (b.span?.offset ?? -1),
  );
  const count = (s: Diagnostic['severity'], word: string) => {
    const n = ds.filter((d) => d.severity === s).length;
    return n ? [`${n} ${word}${n === 1 ? '' : 's'}`] : [];
  };
  const summary = [...count('error', 'error'), ...count('warning', 'warning')].join(', ');
  return `${sorted.map((d) => renderDiagnostic(d, options)).join('\n\n')}${summary ? `\n\n${summary}\n` : ''}`;
}
