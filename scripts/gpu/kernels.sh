#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, in ONE device call: GPU golden checks and
# the weight-only benchmark of the CUDA kernels. Everything is built on the development
# machine first (nvcc needs no GPU):
#   npx tsx bench/gpu/build-module.ts build/gpu        # kernels -> build/gpu/libqf_cuda_bench.so
#   bash scripts/gpu/prepare.sh                         # .gpu/: tvm-ffi wheel, GPU golden cases
# then the device call carries build/gpu and .gpu and runs `bash scripts/gpu/weight-only.sh`.
# Writes $OUT/gpu-golden.json, $OUT/gpu-weight-only.json, $OUT/gpu-dynamic.json and the logs.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl || exit 1
export PYTHONPATH=/tmp/site
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv | tee "$OUT/nvidia-smi.txt"
# intx golden cases run on build/gpu-intx when it is carried (scripts/gpu/intx-check.sh builds it)
intx_module=$([ -f build/gpu-intx/kernels.json ] && echo build/gpu-intx)
python3 bench/gpu/gpu_golden.py build/gpu .gpu/golden "$OUT/gpu-golden.json" $intx_module 2>&1 | tee "$OUT/golden.log"
python3 bench/gpu/bench_linear.py build/gpu "$OUT/gpu-weight-only.json" ${QF_BENCH_ARGS:-} 2>&1 | tee "$OUT/bench.log"
python3 bench/gpu/bench_dynamic.py build/gpu "$OUT/gpu-dynamic.json" 2>&1 | tee "$OUT/dynamic.log"
