// Written argument values (Recipe IR `ConfigValue`) → Python values (`PyValue`), and the type
// check of a value against a parameter's `ParamType`. Names are resolved here: `torch.int4`,
// `MappingType.SYMMETRIC`, `PerGroup(32)`; an unknown name is a diagnostic with a hint.
import type { ConfigCall, ConfigValue } from '../recipe.js';
import type { Diagnostic, Span } from '../diagnostic.js';
import { catalog, diagnostic } from '../diagnostic-catalog.js';
import { ENUMS, OBJECTS, TORCH_DTYPES, TORCH_DTYPE_ALIASES, GRANULARITIES, enumMemberOf } from './names.js';
import { didYouMean } from './suggest.js';
import { dtype, enumMember, object, isObject, isTuple, isInt, pyRepr, type PyValue } from './values.js';
import type { ParamType } from './types.js';

const spanOf = (v: ConfigValue, fallback: Span | null): Span | null => (v.kind === 'call' && v.span) || fallback;

/** Converts one written value; pushes diagnostics and returns undefined when it cannot. */
export function toPyValue(v: ConfigValue, span: Span | null, out: Diagnostic[]): PyValue | undefined {
  switch (v.kind) {
    case 'number':
      return v.value;
    case 'string':
      return v.value;
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'name':
      return nameValue(v.path, span, out);
    case 'list':
    case 'tuple': {
      const items = v.items.map((x) => toPyValue(x, span, out));
      if (items.some((x) => x === undefined)) return undefined;
      return v.kind === 'list' ? (items as PyValue[]) : { py: 'tuple', items: items as PyValue[] };
    }
    case 'call':
      return callValue(v, spanOf(v, span), out);
  }
}

function nameValue(path: string, span: Span | null, out: Diagnostic[]): PyValue | undefined {
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  if (parts.length === 2 && parts[0] === 'torch') {
    const name = TORCH_DTYPE_ALIASES[last] ?? last;
    if (TORCH_DTYPES.has(name)) return dtype(name);
    out.push(
      diagnostic(
        catalog.unknownConfigName,
        { name: path, where: ' (not a torch dtype)' },
        span,
        didYouMean(last, TORCH_DTYPES),
      ),
    );
    return undefined;
  }
  if (parts.length >= 2) {
    const enumName = parts[parts.length - 2]!;
    const def = ENUMS[enumName];
    if (def) {
      const member = def.aliases?.[last] ?? last;
      if (member in def.members) return enumMember(enumName, member);
      const names = [...Object.keys(def.members), ...Object.keys(def.aliases ?? {})];
      out.push(
        diagnostic(
          catalog.unknownConfigName,
          { name: path, where: ` (${enumName} has ${names.join(', ')})` },
          span,
          didYouMean(last, names),
        ),
      );
      return undefined;
    }
  }
  const known = ['torch.<dtype>', ...Object.keys(ENUMS).map((e) => `${e}.<member>`)];
  out.push(
    diagnostic(
      catalog.unknownConfigName,
      { name: path, where: `; expected one of ${known.join(', ')}` },
      span,
      didYouMean(parts[0]!, Object.keys(ENUMS)),
    ),
  );
  return undefined;
}

function callValue(call: ConfigCall, span: Span | null, out: Diagnostic[]): PyValue | undefined {
  const name = call.callee.split('.').pop()!;
  const def = OBJECTS[name];
  if (!def) {
    out.push(
      diagnostic(
        catalog.unknownConfigName,
        { name: call.callee, where: ' (expected a granularity such as PerRow() or Float8MMConfig(...))' },
        span,
        didYouMean(name, Object.keys(OBJECTS)),
      ),
    );
    return undefined;
  }
  const fields: Record<string, PyValue> = {};
  let ok = true;
  let sawKeyword = false;
  call.args.forEach((arg, i) => {
    const argSpan = arg.span ?? span;
    let fieldName: string;
    if (arg.name === null) {
      if (sawKeyword)
        return void ((ok = false), out.push(diagnostic(catalog.positionalAfterKeyword, { config: name }, argSpan)));
      const f = def.fields[i];
      if (!f)
        return void (
          (ok = false),
          out.push(
            diagnostic(
              catalog.tooManyPositional,
              { config: name, max: def.fields.length, count: call.args.length },
              argSpan,
            ),
          )
        );
      fieldName = f.name;
    } else {
      sawKeyword = true;
      fieldName = arg.name;
    }
    const f = def.fields.find((x) => x.name === fieldName);
    if (!f)
      return void (
        (ok = false),
        out.push(
          diagnostic(
            catalog.unknownArgument,
            { config: name, name: fieldName },
            argSpan,
            didYouMean(
              fieldName,
              def.fields.map((x) => x.name),
            ),
          ),
        )
      );
    if (fieldName in fields)
      return void (
        (ok = false),
        out.push(diagnostic(catalog.duplicateArgument, { config: name, name: fieldName }, argSpan))
      );
    const value = toPyValue(arg.value, argSpan, out);
    if (value === undefined) return void (ok = false);
    const expected = f.kind === 'int' ? 'an int' : f.kind === 'bool' ? 'a bool' : 'a list of ints';
    const good =
      f.kind === 'int' ? isInt(value) : f.kind === 'bool' ? typeof value === 'boolean' : isIntSequence(value);
    if (!good) {
      ok = false;
      out.push(
        diagnostic(
          catalog.wrongArgumentType,
          { config: name, name: fieldName, expected, actual: pyRepr(value) },
          argSpan,
        ),
      );
      return;
    }
    fields[fieldName] = value;
  });
  for (const f of def.fields) {
    if (f.name in fields) continue;
    if (f.default === undefined) {
      if (ok) out.push(diagnostic(catalog.missingArgument, { config: name, name: f.name }, span));
      ok = false;
    } else fields[f.name] = f.default;
  }
  return ok ? object(name, Object.fromEntries(def.fields.map((f) => [f.name, fields[f.name]!]))) : undefined;
}

function isIntSequence(v: PyValue): boolean {
  if (Array.isArray(v)) return v.every(isInt);
  return isTuple(v) && v.items.every(isInt);
}

export function isGranularity(v: PyValue): boolean {
  return isObject(v) && GRANULARITIES.has(v.type);
}

/** Null when `v` fits `t`; otherwise a description of what was expected. */
export function typeMismatch(v: PyValue, t: ParamType, optional: boolean): string | null {
  if (v === null) return optional ? null : describe(t);
  switch (t.kind) {
    case 'bool':
      return typeof v === 'boolean' ? null : describe(t);
    case 'int':
      return isInt(v) ? null : describe(t);
    case 'float':
      return typeof v === 'number' ? null : describe(t);
    case 'str':
      return typeof v === 'string' ? null : describe(t);
    case 'dtype':
      return typeof v === 'object' && !Array.isArray(v) && v.py === 'dtype' ? null : describe(t);
    case 'dtypeOrStr':
      return typeof v === 'string' || (typeof v === 'object' && !Array.isArray(v) && v.py === 'dtype')
        ? null
        : describe(t);
    case 'enum':
      if (typeof v === 'string' && t.strings && (t.anyString || enumMemberOf(v, t.enum))) return null;
      return enumMemberOf(v, t.enum) !== null && typeof v !== 'string' ? null : describe(t);
    case 'granularity':
      return isGranularity(v) ? null : describe(t);
    case 'granularities':
      if (isGranularity(v)) return null;
      if (Array.isArray(v) && v.every(isGranularity)) return null;
      if (isTuple(v) && v.items.every(isGranularity)) return null;
      return describe(t);
    case 'object':
      return isObject(v, t.type) ? null : describe(t);
  }
}

function describe(t: ParamType): string {
  switch (t.kind) {
    case 'bool':
      return 'True or False';
    case 'int':
      return 'an int';
    case 'float':
      return 'a number';
    case 'str':
      return 'a string';
    case 'dtype':
      return 'a torch dtype (torch.int4, torch.float8_e4m3fn, ...)';
    case 'dtypeOrStr':
      return 'a torch dtype or an element name such as "fp6_e2m3"';
    case 'enum': {
      const def = ENUMS[t.enum]!;
      const members = Object.keys(def.members).map((m) => `${t.enum}.${m}`);
      const strs = t.strings ? Object.values(def.members).map((s) => `"${s}"`) : [];
      return `one of ${[...members, ...strs].join(', ')}`;
    }
    case 'granularity':
      return 'a granularity (PerTensor(), PerRow(), PerAxis(0), PerGroup(32), ...)';
    case 'granularities':
      return 'a granularity or a list of granularities';
    case 'object':
      return `a ${t.type}(...)`;
  }
}
