// Canonical text of config values and predicate expressions, shared by the IR printer
// (print.ts) and the source formatter (format-source.ts). AST nodes have the IR's shape
// plus spans, so both print through these functions.
import { quoteString } from '../../grammar/index.js';
import type { ConfigArg, ConfigCall, ConfigValue, Expr } from '../ir/recipe.js';

/** Numbers read back with the same value and the same integer-ness. */
export function printNumber(value: number, isInteger: boolean): string {
  const text = Object.is(value, -0) ? '0' : String(value);
  return !isInteger && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

export function printValue(v: ConfigValue): string {
  switch (v.kind) {
    case 'number':
      return printNumber(v.value, v.isInteger);
    case 'string':
      return quoteString(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'name':
      return v.path;
    case 'list':
      return `[${v.items.map(printValue).join(', ')}]`;
    case 'tuple':
      return v.items.length === 1 ? `(${printValue(v.items[0])},)` : `(${v.items.map(printValue).join(', ')})`;
    case 'call':
      return printCall(v);
  }
}

/** Target options are not Python: booleans print as `true`/`false`. */
export function printTargetOption(name: string, v: ConfigValue): string {
  return `${name} = ${v.kind === 'bool' ? String(v.value) : printValue(v)}`;
}

const printArg = (a: ConfigArg): string => (a.name === null ? printValue(a.value) : `${a.name}=${printValue(a.value)}`);

export function printCall(c: ConfigCall): string {
  return `${c.callee}(${c.args.map(printArg).join(', ')})`;
}

/** Binding strength: or < and < not < comparisons < + - < * / % < unary minus < atoms. */
const PREC: Record<string, number> = {
  or: 1,
  and: 2,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

function precOf(e: Expr): number {
  if (e.kind === 'binary') return PREC[e.op];
  if (e.kind === 'unary') return e.op === 'not' ? 3 : 7;
  return 8;
}

const wrap = (e: Expr, parens: boolean): string => (parens ? `(${printExpr(e)})` : printExpr(e));

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return printNumber(e.value, Number.isInteger(e.value));
    case 'string':
      return quoteString(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'ident':
      return e.name;
    case 'unary':
      // `-(3)` keeps a negated literal a unary minus (`-3` reads back as the number -3).
      if (e.op === '-') return `-${wrap(e.operand, precOf(e.operand) < 7 || e.operand.kind === 'number')}`;
      return `not ${wrap(e.operand, precOf(e.operand) < 3)}`;
    case 'binary': {
      const p = PREC[e.op];
      // Left-associative; comparisons do not chain, so both sides of one bind tighter.
      const leftParens = p === 4 ? precOf(e.left) <= 4 : precOf(e.left) < p;
      return `${wrap(e.left, leftParens)} ${e.op} ${wrap(e.right, precOf(e.right) <= p)}`;
    }
  }
}
