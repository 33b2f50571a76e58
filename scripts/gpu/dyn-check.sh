#!/usr/bin/env bash
# Runs on the GPU machine from the repository root, in ONE device call: dynamic-activation
# linears (issue 8 item 1; bench/gpu/bench_dyn.py): int8 and float8 dynamic correctness on fresh
# random data (activation codes bit-exact vs torchao's formula, outputs vs float64), the GPU
# golden case, timing vs bf16 F.linear / torch._scaled_mm / torch._int_mm at N=14336 K=4096.
# Prepared on the development machine (nvcc needs no GPU):
#   npx tsx bench/gpu/build-module.ts build/gpu-dyn dyn && bash scripts/gpu/prepare.sh
# carries build/gpu-dyn .gpu/whl .gpu/golden (and .gpu/dyn: a torchao wheel for its modules as a
# baseline, optional). Short summary on stdout; everything in $OUT/dyn.log.
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
# Optional: torchao's own modules as a timing baseline (.gpu/dyn/torchao-*.whl, carried when
# present). Its import is tried in a separate process first, so a broken build cannot take the
# run down.
if ls .gpu/dyn/torchao-*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --target /tmp/site-ao .gpu/dyn/torchao-*.whl >>"$LOG" 2>&1 &&
    if PYTHONPATH=/tmp/site:/tmp/site-ao timeout 120 python3 -c "import torchao; from torchao.quantization import quantize_" >>"$LOG" 2>&1; then
      export PYTHONPATH=/tmp/site:/tmp/site-ao
    else
      echo "dyn-check: torchao from .gpu/dyn does not import here; its rows are skipped (see $LOG)"
    fi
fi
# .gpu/dyn/full (carried for the last round): also the other shapes (~170 s in all).
full=(); limit=${DYN_TIMEOUT:-85}
if [ -f .gpu/dyn/full ]; then full=(--full); limit=${DYN_TIMEOUT:-170}; fi
timeout "$limit" python3 bench/gpu/bench_dyn.py build/gpu-dyn .gpu/golden "$LOG" ${full[@]+"${full[@]}"} "$@" 2>>"$LOG"
rc=$?
[ $rc -eq 0 ] || { echo "dyn-check: bench_dyn.py exited with $rc; last log lines:"; tail -n 8 "$LOG" | cut -c1-240; }
exit $rc
