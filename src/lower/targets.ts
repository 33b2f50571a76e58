// `target cpu(isa = "avx2")`, `target cuda(arch = "sm_90a")` → IR targets. Which options
// each target understands is the kernel generators' business; here only the shape is checked
// (a known target kind, keyword options with scalar values, each given once).
import type { TargetNode } from '../../grammar/index.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Target } from '../ir/recipe.js';
import type { Scope } from './scope.js';
import { suggest } from './suggest.js';

const KINDS = ['cpu', 'cuda'] as const;

export function lowerTarget(t: TargetNode, scope: Scope): Target | null {
  const kind = t.name.name;
  if (kind !== 'cpu' && kind !== 'cuda') {
    scope.report(diagnostic(catalog.unknownTargetKind, { name: kind }, t.name.span, suggest(kind, KINDS)));
    return null;
  }
  const options: Target['options'] = {};
  let ok = true;
  for (const arg of t.args) {
    const v = arg.value;
    const name = arg.name ?? '(positional)';
    if (arg.name === null || (v.kind !== 'string' && v.kind !== 'number' && v.kind !== 'bool')) {
      scope.report(
        diagnostic(
          catalog.invalidTargetOption,
          { name },
          arg.span,
          arg.name === null ? { hint: 'write options as `name = value`' } : {},
        ),
      );
      ok = false;
    } else if (arg.name in options) {
      scope.report(diagnostic(catalog.duplicateTargetOption, { name }, arg.span));
      ok = false;
    } else {
      options[arg.name] = v.value;
    }
  }
  return ok ? { kind, options, span: t.span } : null;
}
