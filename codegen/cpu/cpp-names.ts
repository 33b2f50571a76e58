// C++ spellings of FormatSpec values for the instantiation helpers of codegen/cpu (the
// per-format instantiate-*.ts files): dtype tags, minifloat element objects, literals.
import type { FloatDType } from '../../src/ir/format.js';

export const CPP_DTYPE: Record<FloatDType, string> = { float32: 'qf::Dt::F32', bfloat16: 'qf::Dt::BF16', float16: 'qf::Dt::F16' };

/** The qf::Mini object of a float8 element, or null for other elements. */
export const cppFloat8 = (e: string): string | null =>
  e === 'float8_e4m3fn' ? 'qf::kE4M3' : e === 'float8_e5m2' ? 'qf::kE5M2' : null;

/** A float literal; null (no bound) is NAN. */
export const cppFloat = (v: number | null): string => (v === null ? 'NAN' : `float(${v})`);

export const cppBool = (v: boolean): string => (v ? 'true' : 'false');

/** Throws the generator's error for a spec it cannot build. */
export type Fail = (why: string) => never;
