#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, in ONE device call (topic `tile`, issue #7,
# decode v11): every configuration of the tile-check module checked against float64 on fresh
# random data, then M = 1 / 16 timed on the four #7 shapes against the copy and bf16 cuBLAS
# (bench/gpu/bench_tile.py). Prepared on the development machine (nvcc needs no GPU):
#   npx tsx bench/gpu/build-tile-module.ts build/gpu-tile
# and the device call carries build/gpu-tile and .gpu/whl.
# Environment: TILE_QUICK=1 checks one shape family and times one shape (a smoke run);
# TILE_LIMIT (default 85) seconds for the Python part.
# Writes everything to $OUT/tile.log; stdout is the short summary only.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
LOG="$OUT/tile.log"
TMP=$(mktemp -d)
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv >"$LOG" 2>&1
for f in build/gpu-tile/libqf_cuda_bench.so build/gpu-tile/kernels.json; do
  [ -f "$f" ] || { echo "tile-check: $f missing; build it with npx tsx bench/gpu/build-tile-module.ts" | tee -a "$LOG"; exit 2; }
done
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl >>"$LOG" 2>&1 \
  || { echo "tile-check: installing the tvm-ffi wheel from .gpu/whl failed (see $LOG)" | tee -a "$LOG"; exit 2; }
export PYTHONPATH=/tmp/site
ARGS=()
[ "${TILE_QUICK:-0}" = 1 ] && ARGS=(--quick)
timeout "${TILE_LIMIT:-85}" python3 bench/gpu/bench_tile.py build/gpu-tile "$TMP/tile.json" "${ARGS[@]}" \
  >"$TMP/summary.txt" 2>"$TMP/detail.txt"
rc=$?
{
  echo "== summary (rc $rc)"; cat "$TMP/summary.txt"
  echo "== detail"; cat "$TMP/detail.txt"
  echo "== json"; cat "$TMP/tile.json" 2>/dev/null || echo "(no json written)"
} >>"$LOG"
head -n 58 "$TMP/summary.txt"
if [ "$rc" != 0 ]; then
  echo "tile-check: bench_tile.py exit $rc (1 = check failures, 124 = timeout); last lines:"
  tail -n 5 "$TMP/detail.txt"
fi
rm -rf "$TMP"
exit "$rc"
