// AST values and expressions → Recipe IR. Values keep spans only where the IR has them
// (calls and arguments, so config validation can point at an argument); expressions lose
// theirs (their checks run here, at lowering, where the AST spans are still at hand).
import type { ArgNode, CallNode, ExprNode, ValueNode } from '../../grammar/index.js';
import type { ConfigArg, ConfigCall, ConfigValue, Expr } from '../ir/recipe.js';

export function lowerCall(call: CallNode): ConfigCall {
  return { kind: 'call', callee: call.callee, args: call.args.map(lowerArg), span: call.span };
}

function lowerArg(arg: ArgNode): ConfigArg {
  return { name: arg.name, value: lowerValue(arg.value), span: arg.span };
}

export function lowerValue(v: ValueNode): ConfigValue {
  switch (v.kind) {
    case 'number':
      return { kind: 'number', value: v.value, isInteger: v.isInteger };
    case 'string':
      return { kind: 'string', value: v.value };
    case 'bool':
      return { kind: 'bool', value: v.value };
    case 'none':
      return { kind: 'none' };
    case 'name':
      return { kind: 'name', path: v.path };
    case 'list':
    case 'tuple':
      return { kind: v.kind, items: v.items.map(lowerValue) };
    case 'call':
      return lowerCall(v);
  }
}

export function lowerExpr(e: ExprNode): Expr {
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'bool':
      return { kind: e.kind, value: e.value } as Expr;
    case 'ident':
      return { kind: 'ident', name: e.name };
    case 'unary':
      return { kind: 'unary', op: e.op, operand: lowerExpr(e.operand) };
    case 'binary':
      return { kind: 'binary', op: e.op, left: lowerExpr(e.left), right: lowerExpr(e.right) };
  }
}

/** Every identifier of an expression with its span, for name checks. */
export function identifiers(e: ExprNode): { name: string; span: ExprNode['span'] }[] {
  switch (e.kind) {
    case 'ident':
      return [{ name: e.name, span: e.span }];
    case 'unary':
      return identifiers(e.operand);
    case 'binary':
      return [...identifiers(e.left), ...identifiers(e.right)];
    default:
      return [];
  }
}
