// Block reductions written as plain lane loops so that every ISA build vectorizes them.
#pragma once
#include "dispatch.h"

namespace qf {

struct MinMax {
  float mn, mx;
};

/** min and max of x[0, len) in dtype D's values (exact: no rounding involved). */
template <Dt D> QF_INLINE MinMax block_minmax(const hp_t<D>* x, int64_t len) {
  float mn[kLanes], mx[kLanes];
  for (int j = 0; j < kLanes; ++j) { mn[j] = INFINITY; mx[j] = -INFINITY; }
  int64_t i = 0;
  for (; i + kLanes <= len; i += kLanes)
    for (int j = 0; j < kLanes; ++j) {
      const float v = hp_load<D>(x, i + j);
      mn[j] = v < mn[j] ? v : mn[j];
      mx[j] = v > mx[j] ? v : mx[j];
    }
  MinMax r{INFINITY, -INFINITY};
  for (; i < len; ++i) {
    const float v = hp_load<D>(x, i);
    r.mn = v < r.mn ? v : r.mn;
    r.mx = v > r.mx ? v : r.mx;
  }
  for (int j = 0; j < kLanes; ++j) {
    r.mn = mn[j] < r.mn ? mn[j] : r.mn;
    r.mx = mx[j] > r.mx ? mx[j] : r.mx;
  }
  return r;
}

/** max |x| over a block, as `amax = max(-min(mn, 0), max(mx, 0))` of torchao. */
template <Dt D> QF_INLINE float block_amax(const hp_t<D>* x, int64_t len) {
  MinMax r = block_minmax<D>(x, len);
  const float neg = r.mn < 0.0f ? -r.mn : 0.0f, pos = r.mx > 0.0f ? r.mx : 0.0f;
  return neg > pos ? neg : pos;
}

}  // namespace qf
