// Tokens of the `.quant` language (dsl.md, "Lexical structure"), declared once.
//
// Order matters: chevrotain's lexer tries the token types in array order and takes the first
// that matches at the current position (`longer_alt` lets an identifier win over a keyword it
// starts with, so `recipes` and `import_x` stay identifiers). Hence:
//   - comments before `/` (so `//` is a comment, not two slashes);
//   - raw strings `r"…"` before identifiers (else `r` would lex as a name);
//   - a terminated string before the unterminated fallback;
//   - keywords before identifiers, a longer keyword before any keyword that is its prefix
//     (`recipe` before `re`);
//   - two-character operators before their one-character prefixes (`->` before `-`,
//     `==` before `=`, `<=` before `<`).
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** Kept in their own group so that `fmt` can put them back. */
export const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\n\r]*/, group: 'comments' });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

/** Category of every string token, so that the parser consumes one type. */
export const StringToken = createToken({ name: 'StringToken', pattern: Lexer.NA, label: 'a string' });
export const RawString = createToken({
  name: 'RawString',
  pattern: /r"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  categories: [StringToken],
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  categories: [StringToken],
});
/** A string cut by the end of the line: parsed as a string and reported (QF1003). */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /r?"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  categories: [StringToken],
});
/** Python's number forms: `128`, `0.95`, `1.`, `.5`, `1e-6`. */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

const keyword = (name: string, word: string): TokenType =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, label: `\`${word.replace(/\|.*/, '')}\`` });

export const Quant = keyword('Quant', 'quant');
export const Target = keyword('Target', 'target');
export const Let = keyword('Let', 'let');
export const Recipe = keyword('Recipe', 'recipe');
export const Re = keyword('Re', 're');
export const Extends = keyword('Extends', 'extends');
export const Expect = keyword('Expect', 'expect');
export const Import = keyword('Import', 'import');
export const As = keyword('As', 'as');
export const Allow = keyword('Allow', 'allow');
export const And = keyword('And', 'and');
export const Glob = keyword('Glob', 'glob');
export const Default = keyword('Default', 'default');
export const Skip = keyword('Skip', 'skip');
export const Where = keyword('Where', 'where');
export const Or = keyword('Or', 'or');
export const NoneKw = keyword('NoneKw', 'None');
export const Not = keyword('Not', 'not');
export const TrueKw = keyword('TrueKw', 'true|True');
export const FalseKw = keyword('FalseKw', 'false|False');

const punct = (name: string, text: string): TokenType =>
  createToken({ name, pattern: new RegExp(text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')), label: `\`${text}\`` });

export const Arrow = punct('Arrow', '->');
export const EqEq = punct('EqEq', '==');
export const NotEq = punct('NotEq', '!=');
export const LtEq = punct('LtEq', '<=');
export const GtEq = punct('GtEq', '>=');
export const Lt = punct('Lt', '<');
export const Gt = punct('Gt', '>');
export const Equals = punct('Equals', '=');
export const Plus = punct('Plus', '+');
export const Minus = punct('Minus', '-');
export const Star = punct('Star', '*');
export const Slash = punct('Slash', '/');
export const Percent = punct('Percent', '%');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const Comma = punct('Comma', ',');
export const Dot = punct('Dot', '.');

/** Keywords, in the order the lexer must try them. */
export const keywords: TokenType[] = [
  Quant,
  Target,
  Let,
  Recipe,
  Re,
  Extends,
  Expect,
  Import,
  As,
  Allow,
  And,
  Glob,
  Default,
  Skip,
  Where,
  Or,
  NoneKw,
  Not,
  TrueKw,
  FalseKw,
];

/** Every token type, in lexing order (see the header for why the order matters). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  RawString,
  StringLiteral,
  UnterminatedString,
  StringToken,
  NumberLiteral,
  ...keywords,
  Identifier,
  Arrow,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Dot,
];

export const quantLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
