// Typed access to chevrotain CST children. Recovery may leave any child out, so every
// accessor can return undefined and the AST builder drops what it cannot build (the parser
// has already reported the syntax error there).
import type { CstElement, CstNode, IToken } from 'chevrotain';

export const isToken = (el: CstElement): el is IToken => 'image' in el;

export function nodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []).filter((el): el is CstNode => !isToken(el));
}

export function node(node: CstNode, name: string, index = 0): CstNode | undefined {
  return nodes(node, name)[index];
}

/** Tokens under a child key (a token type's name); inserted (recovered) tokens are skipped. */
export function tokens(node: CstNode, name: string): IToken[] {
  return (node.children[name] ?? []).filter((el): el is IToken => isToken(el) && !Number.isNaN(el.startOffset));
}

export function token(node: CstNode, name: string, index = 0): IToken | undefined {
  return tokens(node, name)[index];
}

/** All tokens directly under a node, in source order (for operator sequences). */
export function orderedTokens(node: CstNode, names: string[]): IToken[] {
  return names.flatMap((n) => tokens(node, n)).sort((a, b) => a.startOffset - b.startOffset);
}

/** Child nodes of several rule names, in source order. */
export function orderedNodes(node: CstNode, names: string[]): CstNode[] {
  const start = (n: CstNode) => n.location?.startOffset ?? Number.MAX_SAFE_INTEGER;
  return names.flatMap((n) => nodes(node, n)).sort((a, b) => start(a) - start(b));
}
