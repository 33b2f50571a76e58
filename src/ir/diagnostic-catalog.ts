// The one catalog of diagnostics: a stable code, a severity and a message template for every
// error and warning any phase reports. Codes never change meaning once released; retire a code
// rather than reuse it.
//
// Groups by phase (see diagnostic.ts): QF1xxx syntax, QF2xxx lowering/names, QF3xxx config
// validation, QF4xxx binding/plan checks, QF5xxx targets/kernels, QF6xxx model/bundle.
//
// Templates use `{name}` placeholders filled by `diagnostic(entry, params, span)`. Add an entry
// to the section of your phase, keeping codes in ascending order; the catalog test checks that
// codes are unique, well-formed and in their phase's range.
import type { Diagnostic, Severity, Span } from './diagnostic.js';

export interface CatalogEntry {
  code: string;
  severity: Severity;
  /** One line; `{placeholders}` are replaced by `diagnostic()`'s params. */
  template: string;
}

const e = (code: string, severity: Severity, template: string): CatalogEntry => ({ code, severity, template });

export const catalog = {
  // ---- QF1xxx: syntax (grammar/) ----
  unexpectedCharacter: e('QF1001', 'error', 'unexpected character {text}'),
  unexpectedToken: e('QF1002', 'error', 'unexpected {found}; expected {expected}'),
  unterminatedString: e('QF1003', 'error', 'unterminated string'),
  missingToken: e('QF1004', 'error', 'missing {expected} before {found}'),
  unsupportedVersion: e('QF1005', 'error', 'unsupported recipe language version {version}; this compiler reads version 1'),
  extraInput: e('QF1006', 'error', 'unexpected {found} after the end of {what}'),
  tooDeep: e('QF1007', 'error', 'brackets or operators nested deeper than {limit} levels'),

  // ---- QF2xxx: lowering, names, patterns (src/lower/) ----
  unknownLet: e('QF2001', 'error', 'unknown name `{name}`: no `let` or import defines it'),
  duplicateLet: e('QF2002', 'error', '`let {name}` is defined twice'),
  duplicateRecipe: e('QF2003', 'error', '`recipe {name}` is defined twice'),
  unknownRecipe: e('QF2004', 'error', 'unknown recipe `{name}`'),
  importNotFound: e('QF2005', 'error', 'cannot read imported file {path}: {reason}'),
  importCycle: e('QF2006', 'error', 'import cycle: {cycle}'),
  duplicateImportAlias: e('QF2007', 'error', 'import alias `{name}` is used twice'),
  extendsCycle: e('QF2008', 'error', 'recipe `{name}` extends itself through {cycle}'),
  invalidRegex: e('QF2009', 'error', 'invalid regular expression: {reason}'),
  pythonOnlyRegex: e('QF2010', 'error', 'regular expression uses {construct}, which Python `re` and ECMAScript do not read alike'),
  invalidGlob: e('QF2011', 'error', 'invalid glob pattern: {reason}'),
  duplicateCapture: e('QF2012', 'error', 'capture `{name}` appears twice in one pattern'),
  unknownPredicateName: e('QF2013', 'error', 'unknown name `{name}` in a predicate'),
  unknownTargetKind: e('QF2014', 'error', 'unknown target `{name}`; targets are `cpu` and `cuda`'),
  invalidTargetOption: e('QF2015', 'error', 'target option `{name}` must be a string, number or boolean'),
  unknownAllow: e('QF2016', 'error', 'unknown `allow {name}`'),
  duplicateDefault: e('QF2017', 'warning', 'a second `default` rule is never used; the first one wins'),
  unknownExpectName: e('QF2018', 'error', 'unknown name `{name}` in an expectation'),
  noRecipe: e('QF2019', 'warning', 'the file defines no recipe'),
  letNotAConfig: e('QF2020', 'error', '`{name}` names a recipe or import, not a config'),
  duplicateTargetOption: e('QF2021', 'error', 'target option `{name}` is given twice'),
  defaultAsString: e('QF2022', 'warning', '"_default" is an exact FQN in a recipe, not torchao\'s `_default` key'),

  // ---- QF3xxx: config validation (src/ir/configs/) ----
  unknownConfig: e('QF3001', 'error', 'unknown config `{name}`'),
  unknownArgument: e('QF3002', 'error', '{config} has no argument `{name}`'),
  wrongArgumentType: e('QF3003', 'error', '`{name}` of {config} must be {expected}, got {actual}'),
  rejectedConfigValue: e('QF3004', 'error', '{config}: torchao raises {exception}: {message}'),
  tooManyPositional: e('QF3005', 'error', '{config} takes at most {max} positional arguments, got {count}'),
  duplicateArgument: e('QF3006', 'error', '`{name}` of {config} is given twice'),
  positionalAfterKeyword: e('QF3007', 'error', 'a positional argument of {config} follows a keyword argument'),
  unknownConfigName: e('QF3008', 'error', 'unknown name `{name}`{where}'),
  unsupportedConfig: e('QF3009', 'error', '{config}: {message}'),
  invalidTorchaoDict: e('QF3010', 'error', 'invalid torchao config dict at {path}: {reason}'),
  missingArgument: e('QF3011', 'error', '{config} needs the argument `{name}`'),

  // ---- QF4xxx: binding and plan checks (src/passes/) ----
  ruleMatchesNothing: e('QF4001', 'warning', 'rule {rule} matches no tensor of the model'),
  ruleShadowed: e('QF4002', 'warning', 'rule {rule} never decides a tensor: every tensor it matches is decided by an earlier or more specific rule'),
  weightRejected: e('QF4003', 'error', '{fqn}: {config} cannot quantize this tensor: {message}'),
  weightIncompatible: e('QF4004', 'error', '{fqn}: torchao would silently leave this tensor unquantized under {config}: {reason}'),
  weightIncompatibleSkipped: e('QF4005', 'warning', '{fqn}: left unquantized (allow skip_incompatible): {reason}'),
  siblingMismatch: e('QF4006', 'warning', '{a} and {b} share an input but get different configs ({configA} vs {configB}); they cannot be fused'),
  targetCannotRun: e('QF4007', 'error', '{fqn}: target {target} has no kernel for {config} ({layout})'),
  expectationFailed: e('QF4008', 'error', 'expectation failed: {expr} ({detail})'),
  parameterLevelUnsupported: e('QF4009', 'error', '{fqn}: {config} cannot be applied to one parameter: torchao raises NotImplementedError: {message}'),
  predicateError: e('QF4010', 'error', 'cannot evaluate `where` for {fqn}: {reason}'),
  exactRegexKey: e('QF4011', 'error', 'exact key {fqn} starts with `re:`; torchao raises AssertionError: Error: Exact match but regex {fqn} specified.'),
  unknownRecipeName: e('QF4012', 'error', 'no recipe `{name}` in {file}; recipes: {names}'),
  noRecipeToBind: e('QF4013', 'error', '{file} defines no recipe to bind'),
  predicateTypeError: e('QF4014', 'error', 'rule {rule}: `where` uses `{name}`, which is not a capture of its pattern or a tensor property'),

  // ---- QF5xxx: targets and kernels ----

  // ---- QF6xxx: models and bundles ----
} as const satisfies Record<string, CatalogEntry>;

export type CatalogKey = keyof typeof catalog;

/** Fills `{placeholders}`; an unknown placeholder stays visible so a missing param shows. */
export function formatTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** Builds a diagnostic from a catalog entry: the one way phases create diagnostics. */
export function diagnostic(
  entry: CatalogEntry,
  params: Record<string, string | number>,
  span: Span | null,
  extra: { hint?: string; related?: Diagnostic['related'] } = {},
): Diagnostic {
  const d: Diagnostic = { code: entry.code, severity: entry.severity, message: formatTemplate(entry.template, params), span };
  if (extra.hint !== undefined) d.hint = extra.hint;
  if (extra.related !== undefined) d.related = extra.related;
  return d;
}
