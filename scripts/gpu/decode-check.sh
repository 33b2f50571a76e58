#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, in ONE device call: the decode (M <= 16)
# check and benchmark (bench/gpu/bench_decode.py) and the GPU golden checks, on the module built
# on the development machine first (nvcc needs no GPU):
#   npx tsx bench/gpu/build-module.ts build/gpu && bash scripts/gpu/prepare.sh
# then the device call carries build/gpu and .gpu and runs `bash scripts/gpu/decode-check.sh`.
# Writes $OUT/gpu-decode.json, $OUT/gpu-golden.json and the logs.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl || exit 1
export PYTHONPATH=/tmp/site
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv | tee "$OUT/nvidia-smi.txt"
python3 bench/gpu/bench_decode.py build/gpu "$OUT/gpu-decode.json" 2>&1 | tee "$OUT/decode.log"
python3 bench/gpu/gpu_golden.py build/gpu .gpu/golden "$OUT/gpu-golden.json" 2>&1 | tail -5 | tee "$OUT/golden.log"
