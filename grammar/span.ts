// Source spans from chevrotain tokens and CST nodes. chevrotain's `endOffset` and
// `endColumn` are inclusive; our spans are exclusive at the end (see ast.ts).
import type { CstNode, IToken } from 'chevrotain';
import type { Span } from './ast.js';

export function tokenSpan(file: string, tok: IToken): Span {
  const line = tok.startLine ?? 1;
  const column = tok.startColumn ?? 1;
  return {
    file,
    line,
    column,
    endLine: tok.endLine ?? line,
    endColumn: (tok.endColumn ?? column) + 1,
    offset: tok.startOffset,
    endOffset: (tok.endOffset ?? tok.startOffset) + 1,
  };
}

/** The smallest span covering both (a start and an end, in source order). */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    line: a.line,
    column: a.column,
    endLine: b.endLine,
    endColumn: b.endColumn,
    offset: a.offset,
    endOffset: b.endOffset,
  };
}

/** A node's span from its location; null where recovery left it without a valid one. */
export function nodeSpan(file: string, node: CstNode): Span | null {
  const loc = node.location;
  if (!loc || !Number.isFinite(loc.startOffset) || !Number.isFinite(loc.endOffset ?? NaN)) return null;
  return {
    file,
    line: loc.startLine ?? 1,
    column: loc.startColumn ?? 1,
    endLine: loc.endLine ?? loc.startLine ?? 1,
    endColumn: (loc.endColumn ?? loc.startColumn ?? 0) + 1,
    offset: loc.startOffset,
    endOffset: (loc.endOffset ?? loc.startOffset) + 1,
  };
}

/** Line/column of an offset, for spans that do not come from a token. */
export function spanAt(file: string, text: string, offset: number, endOffset: number): Span {
  const pos = (o: number) => {
    const before = text.slice(0, o);
    const line = before.split('\n').length;
    return { line, column: o - before.lastIndexOf('\n') };
  };
  const s = pos(offset);
  const e = pos(endOffset);
  return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, offset, endOffset };
}
