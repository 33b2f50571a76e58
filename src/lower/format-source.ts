// `quantforge fmt`: a recipe's source in canonical layout, comments kept. Unlike the IR
// printer's input (lowered IR, imports and `extends` resolved), this is the AST, so the file
// keeps its imports, lets, `extends` and order; only layout changes: two-space indentation,
// `name=value` arguments, one space around operators, `->` of rules and `=` of lets aligned
// within a block (layout.ts), at most one blank line in a row, a blank line around every
// recipe, `None` actions written `skip`.
//
// Comments: a comment on its own line stays before the declaration that follows it (blank
// lines around it kept); a comment after code stays at the end of that line; a comment in the
// middle of a declaration spread over several lines moves before it (never lost).
import {
  parseQuant,
  quoteRaw,
  quoteString,
  type Comment,
  type StringNode,
  type FileNode,
  type RecipeItem,
  type RecipeNode,
  type TopItem,
} from '../../grammar/index.js';
import type { Diagnostic } from '../ir/diagnostic.js';
import { renderLines, type Line } from './layout.js';
import { printCall, printExpr, printTargetOption, printValue } from './print-values.js';
import { syntaxDiagnostics } from './syntax-diagnostics.js';

/** A string as its author wrote it: raw stays raw where it can. */
const quote = (s: StringNode): string => (s.raw ? quoteRaw(s.value) : null) ?? quoteString(s.value);

type Printed = { text: string } | { left: string; sep: '->' | '='; right: string };

function printItem(item: TopItem | RecipeItem): Printed {
  switch (item.kind) {
    case 'import':
      return { text: `import ${quote(item.path)}${item.alias ? ` as ${item.alias.name}` : ''}` };
    case 'target':
      return {
        text: `target ${item.name.name}(${item.args.map((a) => (a.name === null ? printValue(a.value) : printTargetOption(a.name, a.value))).join(', ')})`,
      };
    case 'let':
      return { left: `let ${item.name.name}`, sep: '=', right: printCall(item.config) };
    case 'recipe':
      return { text: `recipe ${item.name.name}${item.base ? ` extends ${item.base.path}` : ''} {` };
    case 'allow':
      return { text: `allow ${item.name.name}` };
    case 'expect':
      return { text: `expect ${printExpr(item.expr)}` };
    case 'rule': {
      const m = item.matcher;
      const matcher = m.kind === 'default' ? 'default' : `${m.kind === 'string' ? '' : `${m.kind} `}${quote(m.value)}`;
      const where = item.where ? ` where ${printExpr(item.where)}` : '';
      const a = item.action;
      return {
        left: `${matcher}${where}`,
        sep: '->',
        right: a.kind === 'skip' ? 'skip' : a.kind === 'ref' ? a.path : printCall(a),
      };
    }
  }
}

class Writer {
  readonly lines: Line[] = [];
  private next = 0;
  /** Last source line written, to keep (one) blank line where the source had some. */
  private lastLine = 0;

  constructor(private readonly comments: Comment[]) {}

  /** One blank line, never two in a row nor right after a `{`. */
  blank(): void {
    const last = this.lines[this.lines.length - 1];
    if (last && last.kind !== 'blank' && !(last.kind === 'code' && last.text.endsWith('{')))
      this.lines.push({ kind: 'blank' });
  }

  private gapTo(line: number): void {
    if (this.lastLine > 0 && line > this.lastLine + 1) this.blank();
  }

  /** Own-line comments before `offset`: pass an item's end so that comments inside it come first. */
  leading(offset: number, indent: string): void {
    while (this.next < this.comments.length && this.comments[this.next].span.offset < offset) {
      const c = this.comments[this.next++];
      this.gapTo(c.span.line);
      this.lines.push({ kind: 'comment', indent, text: c.text });
      this.lastLine = c.span.line;
    }
  }

  /**
   * A line of code spanning `span`'s lines. A comment on its last line, after `after` and
   * before `before` (where the next declaration starts), stays at its end.
   */
  code(
    p: Printed,
    indent: string,
    span: { line: number; endLine: number },
    after: number,
    before = Infinity,
    gap = true,
  ): void {
    if (gap) this.gapTo(span.line);
    const c = this.comments[this.next];
    const trailing =
      c && c.span.line === span.endLine && c.span.offset >= after && c.span.offset < before
        ? ` ${this.comments[this.next++].text}`
        : '';
    this.lines.push(
      'text' in p ? { kind: 'code', indent, text: p.text, trailing } : { kind: 'pair', indent, ...p, trailing },
    );
    this.lastLine = span.endLine;
  }
}

function writeRecipe(w: Writer, r: RecipeNode, before: number): void {
  const open = r.open ?? r.name.span;
  w.code(
    printItem(r),
    '',
    { line: r.span.line, endLine: open.endLine },
    open.endOffset,
    r.items[0]?.span.offset ?? r.span.endOffset - 1,
  );
  r.items.forEach((item, i) => {
    w.leading(item.span.endOffset, '  ');
    w.code(printItem(item), '  ', item.span, item.span.endOffset, r.items[i + 1]?.span.offset ?? r.span.endOffset - 1);
  });
  w.leading(r.span.endOffset - 1, '  ');
  w.code({ text: '}' }, '', { line: r.span.endLine, endLine: r.span.endLine }, r.span.endOffset, before, false);
}

export function formatAst(ast: FileNode): string {
  const w = new Writer(ast.comments);
  if (ast.version) {
    w.leading(ast.version.span.offset, '');
    w.code({ text: `quant ${ast.version.value}` }, '', ast.version.span, ast.version.span.endOffset);
  }
  let prev: TopItem | null = null;
  ast.items.forEach((item, i) => {
    const before = ast.items[i + 1]?.span.offset ?? Infinity;
    if (prev?.kind === 'recipe') w.blank();
    w.leading(item.kind === 'recipe' ? item.span.offset : item.span.endOffset, '');
    if (item.kind === 'recipe') {
      if (prev || ast.version) w.blank();
      writeRecipe(w, item, before);
    } else {
      w.code(printItem(item), '', item.span, item.span.endOffset, before);
    }
    prev = item;
  });
  w.leading(Infinity, '');
  while (w.lines[w.lines.length - 1]?.kind === 'blank') w.lines.pop();
  return renderLines(w.lines);
}

/** Formats source text; refuses (returns null text) when it has syntax errors. */
export function formatSource(text: string, file: string): { text: string | null; diagnostics: Diagnostic[] } {
  const { ast, problems } = parseQuant(text, file);
  if (problems.length > 0) return { text: null, diagnostics: syntaxDiagnostics(problems) };
  return { text: formatAst(ast), diagnostics: [] };
}
