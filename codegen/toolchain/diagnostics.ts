// Compiler output → structured diagnostics with file:line, for g++ ("f.cc:12:5: error: ...")
// and nvcc's front end ("f.cu(12): error: ..."). Pure functions.

export interface CompilerDiagnostic {
  file: string;
  line: number;
  column: number | undefined;
  severity: 'error' | 'warning';
  message: string;
}

const GCC = /^(.+?):(\d+):(\d+): (?:fatal )?(error|warning): (.*)$/;
const NVCC = /^(.+?)\((\d+)\): (error|warning)(?: #\w+-\w)?: (.*)$/;

export function parseDiagnostics(output: string): CompilerDiagnostic[] {
  const out: CompilerDiagnostic[] = [];
  for (const line of output.split('\n')) {
    const g = GCC.exec(line);
    if (g) {
      out.push({ file: g[1], line: Number(g[2]), column: Number(g[3]), severity: g[4] as 'error' | 'warning', message: g[5] });
      continue;
    }
    const n = NVCC.exec(line);
    if (n) out.push({ file: n[1], line: Number(n[2]), column: undefined, severity: n[3] as 'error' | 'warning', message: n[4] });
  }
  return out;
}

export function formatDiagnostic(d: CompilerDiagnostic): string {
  return `${d.file}:${d.line}${d.column === undefined ? '' : `:${d.column}`}: ${d.severity}: ${d.message}`;
}

/** A failed compile: the message lists the first errors with file:line; `log` has everything. */
export class CompileError extends Error {
  readonly diagnostics: CompilerDiagnostic[];
  readonly log: string;
  readonly command: string[];

  constructor(what: string, command: string[], log: string) {
    const diagnostics = parseDiagnostics(log);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const shown = errors.length > 0 ? errors.slice(0, 5).map(formatDiagnostic) : log.trim().split('\n').slice(-10);
    const more = errors.length > 5 ? `\n  ... and ${errors.length - 5} more errors` : '';
    super(`${what} failed:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'CompileError';
    this.diagnostics = diagnostics;
    this.log = log;
    this.command = command;
  }
}
