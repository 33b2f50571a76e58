#!/usr/bin/env bash
# Runs on the GPU machine from the repository root, in ONE device call: dynamic-activation
# linears (issue 8 item 1; bench/gpu/bench_dyn.py): int8 and float8 dynamic correctness on fresh
# random data (activation codes bit-exact vs torchao's formula, outputs vs float64), the GPU
# golden case, timing vs bf16 F.linear / torch._scaled_mm / torch._int_mm at N=14336 K=4096.
# Prepared on the development machine (nvcc needs no GPU):
#   npx tsx bench/gpu/build-module.ts build/gpu-dyn dyn && bash scripts/gpu/prepare.sh
# carries build/gpu-dyn .gpu/whl .gpu/golden. Short summary on stdout; everything in $OUT/dyn.log.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
LOG="$OUT/dyn.log"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv >>"$LOG" 2>&1
for f in build/gpu-dyn/libqf_cuda_bench.so build/gpu-dyn/kernels.json; do
  [ -f "$f" ] || { echo "dyn-check: $f missing: build it with npx tsx bench/gpu/build-module.ts build/gpu-dyn dyn"; exit 2; }
done
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl >>"$LOG" 2>&1 ||
  { echo "dyn-check: installing the tvm-ffi wheel from .gpu/whl failed (see $LOG)"; exit 2; }
export PYTHONPATH=/tmp/site
timeout "${DYN_TIMEOUT:-85}" python3 bench/gpu/bench_dyn.py build/gpu-dyn .gpu/golden "$LOG" "$@" 2>>"$LOG"
rc=$?
[ $rc -eq 0 ] || { echo "dyn-check: bench_dyn.py exited with $rc; last log lines:"; tail -n 8 "$LOG" | cut -c1-240; }
exit $rc
