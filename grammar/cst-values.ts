// CST → AST for config values and predicate expressions.
import type { CstNode, IToken } from 'chevrotain';
import type {
  AdditiveCstNode,
  AndExprCstNode,
  ArgCstNode,
  ArgListCstNode,
  ComparisonCstNode,
  DottedCstNode,
  ExprCstNode,
  ListValueCstNode,
  MultiplicativeCstNode,
  NotExprCstNode,
  NumberValueCstNode,
  PrimaryCstNode,
  TupleValueCstNode,
  UnaryCstNode,
  ValueCstNode,
} from './cst-types.js';
import type { ArgNode, BinaryOp, CallNode, ExprNode, Span, StringNode, ValueNode } from './ast.js';
import { node, nodes, orderedNodes, orderedTokens, token, tokens } from './cst-helpers.js';
import { joinSpans, nodeSpan, tokenSpan } from './span.js';
import { stringValue } from './strings.js';

/** The CST nodes of the expression grammar, loosest binding first. */
export type ExprLevel =
  | ExprCstNode
  | AndExprCstNode
  | NotExprCstNode
  | ComparisonCstNode
  | AdditiveCstNode
  | MultiplicativeCstNode
  | UnaryCstNode
  | PrimaryCstNode;

export class ValueBuilder {
  constructor(readonly file: string) {}

  span(n: CstNode, fallback?: IToken): Span | null {
    return nodeSpan(this.file, n) ?? (fallback ? tokenSpan(this.file, fallback) : null);
  }

  string(tok: IToken): StringNode {
    const s = stringValue(tok.image);
    return { kind: 'string', value: s.value, raw: s.raw, span: tokenSpan(this.file, tok) };
  }

  dotted(n: DottedCstNode): { path: string; span: Span } | null {
    const ids = tokens(n, 'Identifier');
    if (ids.length === 0 || tokens(n, 'Dot').length >= ids.length) return null;
    return {
      path: ids.map((t) => t.image).join('.'),
      span: joinSpans(tokenSpan(this.file, ids[0]), tokenSpan(this.file, ids[ids.length - 1])),
    };
  }

  /** `dotted argList` → a call; null when recovery lost a piece. */
  call(dottedNode: DottedCstNode | undefined, argList: ArgListCstNode | undefined): CallNode | null {
    if (!dottedNode || !argList) return null;
    const callee = this.dotted(dottedNode);
    const close = token(argList, 'RParen');
    if (!callee || !close) return null;
    const args = nodes(argList, 'arg')
      .map((a) => this.arg(a))
      .filter((a): a is ArgNode => a !== null);
    return {
      kind: 'call',
      callee: callee.path,
      calleeSpan: callee.span,
      args,
      span: joinSpans(callee.span, tokenSpan(this.file, close)),
    };
  }

  arg(n: ArgCstNode): ArgNode | null {
    const v = node(n, 'value');
    const value = v ? this.value(v) : null;
    if (!value) return null;
    const name = token(n, 'Identifier');
    if (!name) return { name: null, value, span: value.span };
    const nameSpan = tokenSpan(this.file, name);
    return { name: name.image, nameSpan, value, span: joinSpans(nameSpan, value.span) };
  }

  value(n: ValueCstNode): ValueNode | null {
    const span = this.span(n);
    const num = node(n, 'numberValue');
    if (num) return this.number(num);
    const str = token(n, 'StringToken');
    if (str) return this.string(str);
    if (!span) return null;
    if (token(n, 'TrueKw')) return { kind: 'bool', value: true, span };
    if (token(n, 'FalseKw')) return { kind: 'bool', value: false, span };
    if (token(n, 'NoneKw')) return { kind: 'none', span };
    const d = node(n, 'dotted');
    if (d) {
      const argList = node(n, 'argList');
      if (argList) return this.call(d, argList);
      const name = this.dotted(d);
      return name && { kind: 'name', path: name.path, span: name.span };
    }
    const list = node(n, 'listValue');
    if (list) return this.sequence('list', list);
    const tuple = node(n, 'tupleValue');
    return tuple ? this.sequence('tuple', tuple) : null;
  }

  number(n: NumberValueCstNode): ValueNode | null {
    const lit = token(n, 'NumberLiteral');
    if (!lit) return null;
    const minus = token(n, 'Minus');
    const value = Number(lit.image) * (minus ? -1 : 1);
    const span = tokenSpan(this.file, lit);
    return {
      kind: 'number',
      value,
      isInteger: /^\d+$/.test(lit.image),
      span: minus ? joinSpans(tokenSpan(this.file, minus), span) : span,
    };
  }

  /** `[a, b]`; `(a, b)`, `(a,)` is a 1-tuple and `(a)` is `a`, as in Python. */
  sequence(kind: 'list' | 'tuple', n: ListValueCstNode | TupleValueCstNode): ValueNode | null {
    const span = this.span(n);
    const items = nodes(n, 'value')
      .map((v) => this.value(v))
      .filter((v): v is ValueNode => v !== null);
    if (!span) return null;
    if (kind === 'tuple' && items.length === 1 && tokens(n, 'Comma').length === 0) return items[0];
    return { kind, items, span };
  }

  expr(n: ExprLevel): ExprNode | null {
    switch (n.name) {
      case 'expr':
        return this.chain(orderedNodes(n, ['andExpr']), orderedTokens(n, ['Or']));
      case 'andExpr':
        return this.chain(orderedNodes(n, ['notExpr']), orderedTokens(n, ['And']));
      case 'comparison':
        return this.chain(
          orderedNodes(n, ['additive']),
          orderedTokens(n, ['EqEq', 'NotEq', 'LtEq', 'GtEq', 'Lt', 'Gt']),
        );
      case 'additive':
        return this.chain(orderedNodes(n, ['multiplicative']), orderedTokens(n, ['Plus', 'Minus']));
      case 'multiplicative':
        return this.chain(orderedNodes(n, ['unary']), orderedTokens(n, ['Star', 'Slash', 'Percent']));
      case 'notExpr':
        return this.prefix(token(n, 'Not'), 'not', node(n, 'notExpr') ?? node(n, 'comparison'));
      case 'unary':
        return this.prefix(token(n, 'Minus'), '-', node(n, 'unary') ?? node(n, 'primary'));
      case 'primary':
        return this.primary(n);
    }
  }

  /** Left-associative `a op b op c`. */
  private chain(operandNodes: ExprLevel[], opTokens: IToken[]): ExprNode | null {
    const operands = operandNodes.map((o) => this.expr(o));
    let left = operands[0];
    if (!left || operands.some((o) => o === null) || opTokens.length !== operands.length - 1) return null;
    for (let i = 0; i < opTokens.length; i++) {
      const right = operands[i + 1] as ExprNode;
      left = { kind: 'binary', op: opTokens[i].image as BinaryOp, left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private prefix(opTok: IToken | undefined, op: 'not' | '-', inner: ExprLevel | undefined): ExprNode | null {
    const operand = inner ? this.expr(inner) : null;
    if (!operand || !opTok) return operand;
    // `-3` is the number -3 (as in config values); `-(3)` and `-x` stay unary minus.
    const literal = inner?.name === 'unary' ? node(inner, 'primary') : undefined;
    if (op === '-' && operand.kind === 'number' && literal && token(literal, 'NumberLiteral')) {
      return { kind: 'number', value: -operand.value, span: joinSpans(tokenSpan(this.file, opTok), operand.span) };
    }
    return { kind: 'unary', op, operand, span: joinSpans(tokenSpan(this.file, opTok), operand.span) };
  }

  private primary(n: PrimaryCstNode): ExprNode | null {
    const span = this.span(n);
    const inner = node(n, 'expr');
    if (inner) return this.expr(inner);
    const num = token(n, 'NumberLiteral');
    if (num) return { kind: 'number', value: Number(num.image), span: tokenSpan(this.file, num) };
    const str = token(n, 'StringToken');
    if (str) return { kind: 'string', value: stringValue(str.image).value, span: tokenSpan(this.file, str) };
    const id = token(n, 'Identifier');
    if (id) return { kind: 'ident', name: id.image, span: tokenSpan(this.file, id) };
    if (!span) return null;
    if (token(n, 'TrueKw')) return { kind: 'bool', value: true, span };
    if (token(n, 'FalseKw')) return { kind: 'bool', value: false, span };
    return null;
  }
}
