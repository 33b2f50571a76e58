// Typed access to chevrotain CST children (types generated in cst-types.ts, so a child name
// that the grammar does not have is a compile error). Recovery may leave any child out, so
// every accessor can return undefined and the AST builder drops what it cannot build (the
// parser has already reported the syntax error there).
import type { CstElement, CstNode, IToken } from 'chevrotain';

export const isToken = (el: CstElement): el is IToken => 'image' in el;

type Kids<N extends CstNode> = N['children'];
type Key<N extends CstNode> = keyof Kids<N> & string;
type Elem<T> = T extends readonly (infer E)[] ? E : never;
/** The node type stored under a child key. */
type NodeAt<N extends CstNode, K extends Key<N>> = Extract<Elem<NonNullable<Kids<N>[K]>>, CstNode>;

const children = (n: CstNode, name: string): CstElement[] => n.children[name] ?? [];

export function nodes<N extends CstNode, K extends Key<N>>(n: N, name: K): NodeAt<N, K>[] {
  return children(n, name).filter((el) => !isToken(el)) as NodeAt<N, K>[];
}

export function node<N extends CstNode, K extends Key<N>>(n: N, name: K, index = 0): NodeAt<N, K> | undefined {
  return nodes(n, name)[index];
}

/** Tokens under a child key (a token type's name); inserted (recovered) tokens are skipped. */
export function tokens<N extends CstNode>(n: N, name: Key<N>): IToken[] {
  return children(n, name).filter((el): el is IToken => isToken(el) && !Number.isNaN(el.startOffset));
}

export function token<N extends CstNode>(n: N, name: Key<N>, index = 0): IToken | undefined {
  return tokens(n, name)[index];
}

/** Tokens of several keys, in source order (operator sequences). */
export function orderedTokens<N extends CstNode>(n: N, names: Key<N>[]): IToken[] {
  return names.flatMap((k) => tokens(n, k)).sort((a, b) => a.startOffset - b.startOffset);
}

/** Child nodes of several keys, in source order. */
export function orderedNodes<N extends CstNode, K extends Key<N>>(n: N, names: K[]): NodeAt<N, K>[] {
  const start = (c: CstNode) => c.location?.startOffset ?? Number.MAX_SAFE_INTEGER;
  return names.flatMap((k) => nodes(n, k)).sort((a, b) => start(a) - start(b));
}
