// Text → AST plus every syntax problem of the file (dsl.md "Diagnostics": parsing recovers
// and reports all syntax errors in one run). Never throws on any input.
import { EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import type { ExprNode, FileNode, Span } from './ast.js';
import type { ExprCstNode, FileCstNode } from './cst-types.js';
import { ValueBuilder } from './cst-values.js';
import { buildFile } from './cst-to-ast.js';
import { quantParser } from './parser.js';
import { spanAt, tokenSpan } from './span.js';
import { describeFound } from './syntax-messages.js';
import { quantLexer, UnterminatedString } from './tokens.js';

/** `kind` names the diagnostic catalog entry (src/ir/diagnostic-catalog.ts) it becomes. */
export interface SyntaxProblem {
  kind: 'unexpectedCharacter' | 'unexpectedToken' | 'unterminatedString' | 'extraInput' | 'tooDeep';
  params: Record<string, string>;
  span: Span;
}

export interface ParseResult {
  ast: FileNode;
  problems: SyntaxProblem[];
}

export function parseQuant(text: string, file: string): ParseResult {
  const lexed = quantLexer.tokenize(text);
  const problems: SyntaxProblem[] = lexed.errors.map((e) => lexProblem(file, text, e));
  for (const t of lexed.tokens) {
    if (t.tokenType === UnterminatedString)
      problems.push({ kind: 'unterminatedString', params: {}, span: tokenSpan(file, t) });
  }
  const comments = lexed.groups.comments ?? [];
  const deep = tooDeep(file, lexed.tokens);
  if (deep) return { ast: buildFile(file, text, null, comments), problems: dedupe([...problems, deep]) };
  quantParser.input = lexed.tokens;
  // chevrotain types rule results as CstNode; cst-types.ts is generated from these very rules.
  const cst = quantParser.file() as FileCstNode;
  for (const err of quantParser.errors) problems.push(parseProblem(file, text, err, lexed.tokens));
  return { ast: buildFile(file, text, cst, comments), problems: dedupe(problems) };
}

/** Deeper than this, a recursive-descent parser (and every pass after it) would run out of stack. */
export const MAX_NESTING = 64;
const OPEN = new Set(['LParen', 'LBracket', 'LBrace']);
const CLOSE = new Set(['RParen', 'RBracket', 'RBrace']);
const PREFIX = new Set(['Not', 'Minus']);
/** Operators of one expression: a chain `a + b + …` nests as deep as it is long. */
export const MAX_OPERATORS = 512;
const OPERATORS = new Set([
  'Or',
  'And',
  'Not',
  'EqEq',
  'NotEq',
  'LtEq',
  'GtEq',
  'Lt',
  'Gt',
  'Plus',
  'Minus',
  'Star',
  'Slash',
  'Percent',
]);
const EXPRESSION_START = new Set(['Where', 'Expect', 'Arrow', 'LBrace', 'RBrace']);

/** The first token nested too deep (brackets, a run of `not`/`-`, a long operator chain), as a problem. */
function tooDeep(file: string, tokens: IToken[]): SyntaxProblem | null {
  let depth = 0;
  let prefixRun = 0;
  let operators = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (OPEN.has(name)) depth++;
    else if (CLOSE.has(name)) depth = Math.max(0, depth - 1);
    prefixRun = PREFIX.has(name) ? prefixRun + 1 : 0;
    operators = EXPRESSION_START.has(name) ? 0 : operators + (OPERATORS.has(name) ? 1 : 0);
    if (depth > MAX_NESTING || prefixRun > MAX_NESTING)
      return { kind: 'tooDeep', params: { limit: String(MAX_NESTING) }, span: tokenSpan(file, t) };
    if (operators > MAX_OPERATORS)
      return { kind: 'tooDeep', params: { limit: String(MAX_OPERATORS) }, span: tokenSpan(file, t) };
  }
  return null;
}

function lexProblem(file: string, text: string, e: ILexingError): SyntaxProblem {
  const chars = text.slice(e.offset, e.offset + e.length);
  return {
    kind: 'unexpectedCharacter',
    params: { text: `\`${chars.length > 24 ? `${chars.slice(0, 24)}…` : chars}\`` },
    span: spanAt(file, text, e.offset, e.offset + e.length),
  };
}

function parseProblem(file: string, text: string, err: IRecognitionException, all: IToken[]): SyntaxProblem {
  const tok = err.token;
  const atEnd = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  const span = atEnd ? endSpan(file, text, all) : tokenSpan(file, tok);
  const found = atEnd ? 'end of file' : describeFound(tok);
  if (err.name === 'NotAllInputParsedException')
    return { kind: 'extraInput', params: { found, what: 'the file', expected: err.message }, span };
  return { kind: 'unexpectedToken', params: { found, expected: err.message }, span };
}

/** Errors at the end of the file point just after the last token. */
function endSpan(file: string, text: string, all: IToken[]): Span {
  const last = all[all.length - 1];
  const end = last ? (last.endOffset ?? last.startOffset) + 1 : text.length;
  return spanAt(file, text, end, end);
}

/** Recovery may report the same position twice; one report per position and kind is enough. */
function dedupe(problems: SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  return problems
    .sort((a, b) => a.span.offset - b.span.offset)
    .filter((p) => {
      const key = `${p.span.offset}:${p.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Parses one predicate expression (the API's `where: "i < 2"`): an AST node or the problems. */
export function parseExpression(
  text: string,
  file = '<expression>',
): { expr: ExprNode | null; problems: SyntaxProblem[] } {
  const lexed = quantLexer.tokenize(text);
  const problems: SyntaxProblem[] = lexed.errors.map((e) => lexProblem(file, text, e));
  const deep = tooDeep(file, lexed.tokens);
  if (deep) return { expr: null, problems: [...problems, deep] };
  quantParser.input = lexed.tokens;
  const cst = quantParser.expr() as ExprCstNode;
  for (const err of quantParser.errors) {
    const p = parseProblem(file, text, err, lexed.tokens);
    problems.push(p.kind === 'extraInput' ? { ...p, params: { ...p.params, what: 'the expression' } } : p);
  }
  const expr = problems.length === 0 ? new ValueBuilder(file).expr(cst) : null;
  return { expr, problems: dedupe(problems) };
}
