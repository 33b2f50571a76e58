// `where` predicates and `expect` expressions: evaluation over a small environment of names
// (a pattern's captures, the tensor's properties, or a plan's totals).
import type { Expr } from '../../ir/recipe.js';

export type Value = number | string | boolean;

/** Looks a name up; undefined when it is not defined (an error the caller reports). */
export type Env = (name: string) => Value | undefined;

export class PredicateError extends Error {}

export function evaluate(e: Expr, env: Env): Value {
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'bool':
      return e.value;
    case 'ident': {
      const v = env(e.name);
      if (v === undefined) throw new PredicateError(`\`${e.name}\` is not defined here`);
      return v;
    }
    case 'unary': {
      const v = evaluate(e.operand, env);
      if (e.op === 'not') return !truthy(v);
      return -num(v, '-');
    }
    case 'binary':
      return binary(e.op, e.left, e.right, env);
  }
}

function binary(op: Extract<Expr, { kind: 'binary' }>['op'], l: Expr, r: Expr, env: Env): Value {
  if (op === 'and') return truthy(evaluate(l, env)) && truthy(evaluate(r, env));
  if (op === 'or') return truthy(evaluate(l, env)) || truthy(evaluate(r, env));
  const a = evaluate(l, env);
  const b = evaluate(r, env);
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (typeof a !== typeof b || typeof a === 'boolean')
        throw new PredicateError(`cannot compare ${show(a)} ${op} ${show(b)}`);
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
    case '+':
      return num(a, op) + num(b, op);
    case '-':
      return num(a, op) - num(b, op);
    case '*':
      return num(a, op) * num(b, op);
    case '/':
      return num(a, op) / num(b, op);
    case '%': {
      const d = num(b, op);
      if (d === 0) throw new PredicateError('modulo by zero');
      return ((num(a, op) % d) + d) % d;
    }
  }
}

function num(v: Value, op: string): number {
  if (typeof v !== 'number') throw new PredicateError(`\`${op}\` needs numbers, got ${show(v)}`);
  return v;
}

const truthy = (v: Value): boolean => (typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : v !== '');
const show = (v: Value) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Conjuncts `name == literal` of a predicate (for the rule index); [] when there are none. */
export function equalities(e: Expr | null): { name: string; value: string }[] {
  if (!e) return [];
  if (e.kind === 'binary' && e.op === 'and') return [...equalities(e.left), ...equalities(e.right)];
  if (e.kind === 'binary' && e.op === '==') {
    const [id, lit] = e.left.kind === 'ident' ? [e.left, e.right] : [e.right, e.left];
    if (id.kind === 'ident' && (lit.kind === 'number' || lit.kind === 'string'))
      return [{ name: id.name, value: String(lit.value) }];
  }
  return [];
}

/** Identifiers a predicate reads. */
export function identifiers(e: Expr | null, out = new Set<string>()): Set<string> {
  if (!e) return out;
  if (e.kind === 'ident') out.add(e.name);
  else if (e.kind === 'unary') identifiers(e.operand, out);
  else if (e.kind === 'binary') identifiers(e.right, identifiers(e.left, out));
  return out;
}
