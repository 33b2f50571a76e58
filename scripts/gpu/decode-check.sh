#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, in ONE device call (topic `decode`, issue
# #7): decode correctness on fresh random data and timing (bench/gpu/bench_decode.py, weight
# copies rotated instead of an L2 flush). Prepared on the development machine (nvcc needs no GPU):
#   npx tsx bench/gpu/build-decode-module.ts build/gpu-decode
# and the device call carries build/gpu-decode and .gpu/whl.
# Environment: DECODE_FULL=1 times the whole #7 table (M = 1, 16, 128, 2048; needs ~180 s);
# DECODE_NCU (default below) adds an Nsight Compute pass over a few decode launches;
# DECODE_SHAPES (default below; empty = all four) limits the timed shapes.
# Writes everything to $OUT/decode.log; stdout is the short summary only.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
LOG="$OUT/decode.log"
TMP=$(mktemp -d)
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv >"$LOG" 2>&1
for f in build/gpu-decode/libqf_cuda_bench.so build/gpu-decode/kernels.json; do
  [ -f "$f" ] || { echo "decode-check: $f missing; build it with npx tsx bench/gpu/build-decode-module.ts" | tee -a "$LOG"; exit 2; }
done
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl >>"$LOG" 2>&1 \
  || { echo "decode-check: installing the tvm-ffi wheel from .gpu/whl failed (see $LOG)" | tee -a "$LOG"; exit 2; }
export PYTHONPATH=/tmp/site
FULL=()
LIMIT=60
DECODE_NCU=${DECODE_NCU-int4_plain_g128 14336 4096 48 85 91 300}
if [ "${DECODE_FULL:-0}" = 1 ]; then FULL=(--full); LIMIT=175; DECODE_NCU=""; DECODE_SHAPES=""; fi
SHAPES=()
[ -n "${DECODE_SHAPES-14336x4096,4096x14336}" ] && SHAPES=(--shapes "${DECODE_SHAPES-14336x4096,4096x14336}")
timeout "$LIMIT" python3 bench/gpu/bench_decode.py build/gpu-decode "$TMP/decode.json" "${FULL[@]}" "${SHAPES[@]}" \
  >"$TMP/summary.txt" 2>"$TMP/detail.txt"
rc=$?
{
  echo "== summary (rc $rc)"; cat "$TMP/summary.txt"
  echo "== detail"; cat "$TMP/detail.txt"
  echo "== json"; cat "$TMP/decode.json" 2>/dev/null || echo "(no json written)"
} >>"$LOG"
# DECODE_NCU="<tag> <N> <K> <cfg>...": Nsight Compute on those decode launches (clocks untouched).
if [ -n "${DECODE_NCU:-}" ] && command -v ncu >/dev/null; then
  # shellcheck disable=SC2086
  timeout 40 ncu --clock-control none -k regex:decode_ --section SpeedOfLight --section WarpStateStats \
    --section SchedulerStats --section MemoryWorkloadAnalysis --print-details all \
    python3 bench/gpu/profile_decode.py build/gpu-decode $DECODE_NCU >"$TMP/ncu.txt" 2>&1
  echo "== ncu (rc $?)" >>"$LOG"; cat "$TMP/ncu.txt" >>"$LOG"
  grep -E "decode_|Duration|DRAM Throughput|Warp Cycles Per Issued|Issue Slots Busy|stalled|Stall" "$TMP/ncu.txt" | head -n 24
fi
head -n 50 "$TMP/summary.txt"
[ "$rc" = 0 ] || { echo "decode-check: bench_decode.py exit $rc (124 = timeout); last lines:"; tail -n 6 "$TMP/detail.txt"; }
rm -rf "$TMP"
exit "$rc"
