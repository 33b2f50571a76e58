// Config values → TypeScript expressions over the API that rebuild exactly the same IR.
// Readable where the API has a form for the value (`Int4WeightOnlyConfig({ groupSize: 128 })`,
// `perGroup(32)`, `torch.int4`), generic otherwise (`call('X', [..], {..})`), and an IR object
// literal as the last resort (argument orders or duplicates no builder can express).
import type { ConfigCall, ConfigValue } from '../ir/recipe.js';
import { CONFIG_BUILDERS } from './configs.js';
import * as names from './names.js';
import { camelCase, snakeCase } from './values.js';

/** The API names an emitted module uses; emit-ts imports exactly these. */
export class ImportSet {
  readonly used = new Set<string>();
  use(name: string): string {
    this.used.add(name);
    return name;
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const key = (k: string): string => (IDENT.test(k) ? k : JSON.stringify(k));

function number(v: Extract<ConfigValue, { kind: 'number' }>, im: ImportSet): string {
  const text = Object.is(v.value, -0) ? '-0' : String(v.value);
  return v.isInteger === Number.isInteger(v.value) ? text : `${im.use('float')}(${text})`;
}

/** `torch.int4`, `MappingType.SYMMETRIC` when the API has that member; else `name('…')`. */
function dotted(path: string, im: ImportSet): string {
  const [ns, member, ...rest] = path.split('.');
  const table = (names as Record<string, Record<string, unknown>>)[ns];
  if (rest.length === 0 && member !== undefined && table && Object.hasOwn(table, member))
    return `${im.use(ns)}.${member}`;
  return `${im.use('name')}(${JSON.stringify(path)})`;
}

const isInt = (v: ConfigValue): boolean => v.kind === 'number' && v.isInteger && Number.isInteger(v.value);

/** `perGroup(32)` and friends, when the call has exactly the builder's shape. */
function granularity(c: ConfigCall, im: ImportSet): string | null {
  const a = c.args;
  if (a.some((x) => x.name !== null)) return null;
  const one = a.length === 1 ? a[0].value : null;
  switch (c.callee) {
    case 'PerTensor':
      return a.length === 0 ? `${im.use('perTensor')}()` : null;
    case 'PerToken':
      return a.length === 0 ? `${im.use('perToken')}()` : null;
    case 'PerRow':
      return a.length === 0
        ? `${im.use('perRow')}()`
        : one && isInt(one)
          ? `${im.use('perRow')}(${(one as { value: number }).value})`
          : null;
    case 'PerAxis':
    case 'PerGroup':
      return one && isInt(one)
        ? `${im.use(c.callee === 'PerAxis' ? 'perAxis' : 'perGroup')}(${(one as { value: number }).value})`
        : null;
    case 'PerBlock':
      return one && one.kind === 'list' && one.items.every(isInt)
        ? `${im.use('perBlock')}([${one.items.map((i) => (i as { value: number }).value).join(', ')}])`
        : null;
    default:
      return null;
  }
}

/** `Builder({ camelKey: value })` when every argument is a known, distinct keyword. */
function builderCall(c: ConfigCall, im: ImportSet): string | null {
  const b = CONFIG_BUILDERS[c.callee];
  if (!b) return null;
  const seen = new Set<string>();
  for (const a of c.args) {
    if (
      a.name === null ||
      seen.has(a.name) ||
      snakeCase(camelCase(a.name)) !== a.name ||
      !b.optionKeys.includes(camelCase(a.name))
    )
      return null;
    seen.add(a.name);
  }
  const opts = c.args.map((a) => `${camelCase(a.name as string)}: ${emitValue(a.value, im)}`);
  return `${im.use(c.callee)}(${opts.length ? `{ ${opts.join(', ')} }` : ''})`;
}

function genericCall(c: ConfigCall, im: ImportSet): string {
  const firstKw = c.args.findIndex((a) => a.name !== null);
  const kws = c.args.slice(firstKw < 0 ? c.args.length : firstKw);
  const distinct = new Set(kws.map((a) => a.name)).size === kws.length;
  if (kws.some((a) => a.name === null) || !distinct || kws.some((a) => a.name === '__proto__')) return irLiteral(c, im);
  const pos = c.args.slice(0, c.args.length - kws.length).map((a) => emitValue(a.value, im));
  const kw = kws.map((a) => `${key(a.name as string)}: ${emitValue(a.value, im)}`);
  return `${im.use('call')}(${JSON.stringify(c.callee)}${pos.length || kw.length ? `, [${pos.join(', ')}]` : ''}${kw.length ? `, { ${kw.join(', ')} }` : ''})`;
}

/** The IR itself, spans dropped: always exact. */
const irLiteral = (v: ConfigValue, im: ImportSet): string =>
  `${im.use('irValue')}(${JSON.stringify(v, (k, x: unknown) => (k === 'span' ? undefined : x))})`;

export function emitCall(c: ConfigCall, im: ImportSet): string {
  return builderCall(c, im) ?? granularity(c, im) ?? genericCall(c, im);
}

export function emitValue(v: ConfigValue, im: ImportSet): string {
  switch (v.kind) {
    case 'number':
      return number(v, im);
    case 'string':
      return JSON.stringify(v.value);
    case 'bool':
      return String(v.value);
    case 'none':
      return 'null';
    case 'name':
      return dotted(v.path, im);
    case 'list':
      return `[${v.items.map((i) => emitValue(i, im)).join(', ')}]`;
    case 'tuple':
      return `${im.use('tuple')}(${v.items.map((i) => emitValue(i, im)).join(', ')})`;
    case 'call':
      return emitCall(v, im);
  }
}
