// `quantforge fmt`: a recipe's source in canonical layout, comments kept. Unlike print.ts
// (which writes lowered IR, with imports and `extends` resolved), this prints the AST, so
// the file keeps its imports, lets, `extends` and order; only layout changes:
// two-space indentation, one space around `->`, `=` and operators, `name=value` arguments,
// at most one blank line in a row, a blank line around every recipe, `None` actions as `skip`.
//
// Comments: a comment on its own line stays before the declaration that follows it; a
// comment after code stays at the end of that line; a comment in the middle of a
// declaration spread over several lines moves before it (never lost).
import { parseQuant, quoteString, type Comment, type FileNode, type RecipeItem, type RecipeNode, type Span, type TopItem } from '../../grammar/index.js';
import type { Diagnostic } from '../ir/diagnostic.js';
import { printCall, printExpr, printTargetOption, printValue } from './print-values.js';
import { syntaxDiagnostics } from './syntax-diagnostics.js';

function printItem(item: TopItem | RecipeItem): string {
  switch (item.kind) {
    case 'import':
      return `import ${quoteString(item.path.value)}${item.alias ? ` as ${item.alias.name}` : ''}`;
    case 'target':
      return `target ${item.name.name}(${item.args.map((a) => (a.name === null ? printValue(a.value) : printTargetOption(a.name, a.value))).join(', ')})`;
    case 'let':
      return `let ${item.name.name} = ${printCall(item.config)}`;
    case 'recipe':
      return `recipe ${item.name.name}${item.base ? ` extends ${item.base.path}` : ''} {`;
    case 'allow':
      return `allow ${item.name.name}`;
    case 'expect':
      return `expect ${printExpr(item.expr)}`;
    case 'rule': {
      const m = item.matcher;
      const matcher = m.kind === 'default' ? 'default' : `${m.kind === 'string' ? '' : `${m.kind} `}${quoteString(m.value.value)}`;
      const where = item.where ? ` where ${printExpr(item.where)}` : '';
      const a = item.action;
      const action = a.kind === 'skip' ? 'skip' : a.kind === 'ref' ? a.path : printCall(a);
      return `${matcher}${where} -> ${action}`;
    }
  }
}

class Writer {
  readonly lines: string[] = [];
  private next = 0;

  constructor(private readonly comments: Comment[]) {}

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /** Own-line comments before `offset`: pass an item's end so that comments inside it come first. */
  leading(offset: number, indent: string): void {
    while (this.next < this.comments.length && this.comments[this.next].span.offset < offset) {
      this.lines.push(`${indent}${this.comments[this.next++].text}`);
    }
  }

  /** A line of code, with the comment that ends its last source line, if any. */
  code(text: string, indent: string, lastLine: number, after: number): void {
    const c = this.comments[this.next];
    const trailing = c && c.span.line === lastLine && c.span.offset >= after ? ` ${this.comments[this.next++].text}` : '';
    this.lines.push(`${indent}${text}${trailing}`);
  }
}

const gapBefore = (prevEnd: Span | null, start: Span, comments: Comment[]): boolean => {
  if (!prevEnd) return false;
  const firstComment = comments.find((c) => c.span.line > prevEnd.endLine && c.span.offset < start.offset);
  const startLine = firstComment ? firstComment.span.line : start.line;
  return startLine - prevEnd.endLine > 1;
};

function writeRecipe(w: Writer, r: RecipeNode, comments: Comment[]): void {
  w.code(printItem(r), '', r.name.span.line, r.name.span.endOffset);
  let prev: Span | null = null;
  for (const item of r.items) {
    if (gapBefore(prev, item.span, comments)) w.blank();
    w.leading(item.span.endOffset, '  ');
    w.code(printItem(item), '  ', item.span.endLine, item.span.endOffset);
    prev = item.span;
  }
  w.leading(r.span.endOffset - 1, '  ');
  w.code('}', '', r.span.endLine, r.span.endOffset);
}

export function formatAst(ast: FileNode): string {
  const w = new Writer(ast.comments);
  if (ast.version) w.leading(ast.version.span.offset, '');
  if (ast.version) w.code(`quant ${ast.version.value}`, '', ast.version.span.line, ast.version.span.endOffset);
  let prev: { span: Span; kind: string } | null = ast.version ? { span: ast.version.span, kind: 'version' } : null;
  for (const item of ast.items) {
    if (prev && (item.kind === 'recipe' || prev.kind === 'recipe' || prev.kind === 'version' || gapBefore(prev.span, item.span, ast.comments))) w.blank();
    w.leading(item.kind === 'recipe' ? item.span.offset : item.span.endOffset, '');
    if (item.kind === 'recipe') writeRecipe(w, item, ast.comments);
    else w.code(printItem(item), '', item.span.endLine, item.span.endOffset);
    prev = { span: item.span, kind: item.kind };
  }
  w.leading(Infinity, '');
  while (w.lines[w.lines.length - 1] === '') w.lines.pop();
  return w.lines.length ? `${w.lines.join('\n')}\n` : '';
}

/** Formats source text; refuses (returns null text) when it has syntax errors. */
export function formatSource(text: string, file: string): { text: string | null; diagnostics: Diagnostic[] } {
  const { ast, problems } = parseQuant(text, file);
  if (problems.length > 0) return { text: null, diagnostics: syntaxDiagnostics(problems) };
  return { text: formatAst(ast), diagnostics: [] };
}
