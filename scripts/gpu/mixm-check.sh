#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, in ONE device call (topic `mixm`, issue #7):
# the mixed-input wgmma linears at M = 17..256, checked against float64 on fresh random data and
# timed against bf16 cuBLAS, torchao's int4 kernel, decode cfg 6 and the prefill path
# (bench/gpu/bench_mixm.py; weight copies rotated instead of an L2 flush). Prepared on the
# development machine (nvcc needs no GPU):
#   npx tsx bench/gpu/build-mixm-module.ts build/gpu-mixm
# and the device call carries build/gpu-mixm and .gpu/whl.
# MIXM_FULL=1, or a carried file .gpu/mixm/full (the last round's table), also times int4
# tinygemm, int8 and fp8 (needs up to ~180 s).
# Writes everything to $OUT/mixm.log; stdout is the short summary only.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
LOG="$OUT/mixm.log"
TMP=$(mktemp -d)
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv >"$LOG" 2>&1
for f in build/gpu-mixm/libqf_cuda_bench.so build/gpu-mixm/kernels.json; do
  [ -f "$f" ] || { echo "mixm-check: $f missing; build it with npx tsx bench/gpu/build-mixm-module.ts" | tee -a "$LOG"; exit 2; }
done
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl >>"$LOG" 2>&1 \
  || { echo "mixm-check: installing the tvm-ffi wheel from .gpu/whl failed (see $LOG)" | tee -a "$LOG"; exit 2; }
export PYTHONPATH=/tmp/site
FULL=()
LIMIT=85
if [ "${MIXM_FULL:-0}" = 1 ] || [ -f .gpu/mixm/full ]; then FULL=(--full); LIMIT=175; fi
timeout "$LIMIT" python3 bench/gpu/bench_mixm.py build/gpu-mixm "$TMP/mixm.json" "${FULL[@]}" \
  >"$TMP/summary.txt" 2>"$TMP/detail.txt"
rc=$?
{
  echo "== summary (rc $rc)"; cat "$TMP/summary.txt"
  echo "== detail"; cat "$TMP/detail.txt"
  echo "== json"; cat "$TMP/mixm.json" 2>/dev/null || echo "(no json written)"
} >>"$LOG"
head -n 50 "$TMP/summary.txt"
[ "$rc" = 0 ] || { echo "mixm-check: bench_mixm.py exit $rc (124 = timeout); last lines:"; tail -n 8 "$TMP/detail.txt"; }
rm -rf "$TMP"
exit "$rc"
