// Names that `where` predicates and `expect` statements may use (dsl.md "Predicates",
// "Expectations"), and the allowances of `allow`.

/** Properties of the tensor under decision, visible in every `where`. */
export const TENSOR_NAMES = ['out_features', 'in_features', 'numel', 'ndim', 'dtype', 'kind', 'layer'] as const;

/** Facts about a bound recipe, visible in `expect`. */
export const EXPECT_NAMES = [
  'unmatched_rules',
  'quantized_fraction',
  'quantized_params',
  'skipped_params',
  'bytes_before',
  'bytes_after',
] as const;

/** `allow skip_incompatible`: incompatible shapes become warnings and stay unquantized. */
export const ALLOWANCES = ['skip_incompatible'] as const;
