#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, in ONE device call (topic `mx`, issue #8
# item 2): MX / NVFP4 dynamic-activation and weight-only linears, bit-exact activation
# quantization and dequantize against the oracle, float64 checks on fresh random data, and
# timing with rotated weight copies (bench/gpu/bench_mx.py). Prepared on the development machine:
#   npx tsx bench/gpu/build-module.ts build/gpu-mx mx && npx tsx bench/gpu/mx-oracle-cases.ts .gpu/mx/oracle
# and the device call carries build/gpu-mx, .gpu/whl and .gpu/mx.
# Environment: MX_TIME=0 skips the timing table; MX_FULL=1 also checks the 14336x4096 shape.
# Writes everything to $OUT/mx.log; stdout is the short summary only.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
LOG="$OUT/mx.log"
TMP=$(mktemp -d)
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv >"$LOG" 2>&1
for f in build/gpu-mx/libqf_cuda_bench.so build/gpu-mx/kernels.json .gpu/mx/oracle/cases.json; do
  [ -f "$f" ] || { echo "mx-check: $f missing; build it (see the head of scripts/gpu/mx-check.sh)" | tee -a "$LOG"; exit 2; }
done
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl >>"$LOG" 2>&1 \
  || { echo "mx-check: installing the tvm-ffi wheel from .gpu/whl failed (see $LOG)" | tee -a "$LOG"; exit 2; }
export PYTHONPATH=/tmp/site
ARGS=()
[ "${MX_TIME:-1}" = 1 ] && ARGS+=(--time)
[ "${MX_FULL:-0}" = 1 ] && ARGS+=(--full)
LIMIT=${MX_LIMIT:-85}
timeout "$LIMIT" python3 bench/gpu/bench_mx.py build/gpu-mx .gpu/mx/oracle "$TMP/mx.json" "${ARGS[@]}" \
  >"$TMP/summary.txt" 2>"$TMP/detail.txt"
rc=$?
{
  echo "== summary (rc $rc)"; cat "$TMP/summary.txt"
  echo "== details"; cat "$TMP/detail.txt"
  echo "== json"; cat "$TMP/mx.json" 2>/dev/null
} >>"$LOG"
head -n 55 "$TMP/summary.txt"
[ $rc -eq 0 ] || { echo "mx-check: bench_mx.py exited with $rc (124 = over ${LIMIT} s); last lines of stderr:"; tail -n 4 "$TMP/detail.txt"; }
exit $rc
