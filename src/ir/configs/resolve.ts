// resolveConfig: a written config call (Recipe IR) → a validated ResolvedConfig with every
// parameter filled and its FormatSpec, or every diagnostic found (unknown names, wrong types,
// then the first error torchao would raise, at the argument it is about).
import type { ConfigCall } from '../recipe.js';
import type { Diagnostic, Span } from '../diagnostic.js';
import { catalog, diagnostic } from '../diagnostic-catalog.js';
import type { ConfigDef, ParamSpec, Params, ResolvedConfig, TorchaoError } from './types.js';
import { CONFIGS, ALIAS_DEFS, ALL_CONFIG_NAMES, positionalOrder } from './registry.js';
import { toPyValue, typeMismatch } from './convert.js';
import { didYouMean } from './suggest.js';
import { pyRepr, isInt, type PyValue } from './values.js';

export type ResolveResult = { ok: true; config: ResolvedConfig } | { ok: false; diagnostics: Diagnostic[] };

type Spans = Record<string, Span | null>;

export function resolveConfig(call: ConfigCall): ResolveResult {
  const name = call.callee.split('.').pop()!;
  const callSpan = call.span ?? null;
  const def = CONFIGS.get(name);
  const alias = ALIAS_DEFS.get(name);
  if (!def && !alias) {
    return fail([
      diagnostic(catalog.unknownConfig, { name: call.callee }, callSpan, didYouMean(name, ALL_CONFIG_NAMES)),
    ]);
  }
  const specs = def ? def.params : alias!.params;
  const order = def ? positionalOrder(def) : specs.map((s) => s.name);
  const out: Diagnostic[] = [];
  const given = bindArguments(call, name, specs, order, def !== undefined, out);
  if (out.length > 0) return fail(out);
  const spans: Spans = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.span]));
  const values: Params = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.value]));
  if (def) return finish(def, name, values, spans, callSpan);
  const params = withDefaults(specs, values);
  const target = alias!.canonical(params);
  const canonicalDef = CONFIGS.get(target.config)!;
  if (target.error) return fail([errorDiagnostic(name, target.error, spans, callSpan)]);
  return finish(canonicalDef, name, target.args, spans, callSpan);
}

interface Given {
  value: PyValue;
  span: Span | null;
}

function bindArguments(
  call: ConfigCall,
  name: string,
  specs: ParamSpec[],
  order: string[],
  hasVersion: boolean,
  out: Diagnostic[],
): Record<string, Given> {
  const given: Record<string, Given> = {};
  let sawKeyword = false;
  call.args.forEach((arg, i) => {
    const span = arg.span ?? call.span ?? null;
    let argName: string;
    if (arg.name === null) {
      if (sawKeyword) return void out.push(diagnostic(catalog.positionalAfterKeyword, { config: name }, span));
      if (i >= order.length)
        return void out.push(
          diagnostic(catalog.tooManyPositional, { config: name, max: order.length, count: call.args.length }, span),
        );
      argName = order[i]!;
    } else {
      sawKeyword = true;
      argName = arg.name;
    }
    if (argName in given)
      return void out.push(diagnostic(catalog.duplicateArgument, { config: name, name: argName }, span));
    const spec = specs.find((s) => s.name === argName);
    if (!spec && !(hasVersion && argName === 'version')) {
      return void out.push(
        diagnostic(catalog.unknownArgument, { config: name, name: argName }, span, didYouMean(argName, order)),
      );
    }
    const value = toPyValue(arg.value, span, out);
    if (value === undefined) return;
    const expected = spec ? typeMismatch(value, spec.type, spec.optional === true) : isInt(value) ? null : 'an int';
    if (expected)
      return void out.push(
        diagnostic(catalog.wrongArgumentType, { config: name, name: argName, expected, actual: pyRepr(value) }, span),
      );
    given[argName] = { value, span };
  });
  return given;
}

export function withDefaults(specs: ParamSpec[], values: Params): Params {
  return Object.fromEntries(specs.map((s) => [s.name, s.name in values ? values[s.name]! : s.default]));
}

/** Validates, normalizes and lowers a config whose arguments are already typed. */
export function finish(
  def: ConfigDef,
  writtenAs: string,
  values: Params,
  spans: Spans,
  callSpan: Span | null,
): ResolveResult {
  const { version: v, ...rest } = values;
  const version = typeof v === 'number' ? v : def.version;
  const params = withDefaults(def.params, rest);
  const error = def.validate(params, version);
  if (error) return fail([errorDiagnostic(writtenAs, error, spans, callSpan)]);
  const normalized = def.normalize ? def.normalize(params, version) : params;
  const config: ResolvedConfig = {
    name: def.name,
    writtenAs,
    version,
    params: normalized,
    format: def.lower(normalized, version),
  };
  return { ok: true, config };
}

export function errorDiagnostic(config: string, e: TorchaoError, spans: Spans, callSpan: Span | null): Diagnostic {
  const span = (e.param && spans[e.param]) || callSpan;
  const extra = e.hint ? { hint: e.hint } : {};
  if (e.ours) return diagnostic(catalog.unsupportedConfig, { config, message: e.message }, span, extra);
  const message = e.message === '' ? '(an AssertionError without a message)' : e.message;
  const d = diagnostic(catalog.rejectedConfigValue, { config, exception: e.exception, message }, span, extra);
  if (e.when === 'quantization') {
    d.related = [
      {
        message: 'torchao raises this when it quantizes the weight; quantforge refuses the config before any compute',
        span: null,
      },
    ];
  }
  return d;
}

const fail = (diagnostics: Diagnostic[]): ResolveResult => ({ ok: false, diagnostics });
