#!/usr/bin/env bash
# Runs on the GPU machine in ONE device call: NVFP4 / MX weight decode checks and timing
# (bench/gpu/bench_block.py). Prepared on the development machine (nvcc needs no GPU):
#   npx tsx bench/gpu/build-module.ts build/gpu && npx tsx bench/gpu/block-oracle-cases.ts .gpu/block-oracle
# then the device call carries build/gpu, .gpu/whl and .gpu/block-oracle. Writes $OUT/gpu-block.json.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl || exit 1
export PYTHONPATH=/tmp/site
nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.mem,driver_version --format=csv | tee "$OUT/nvidia-smi.txt"
python3 bench/gpu/bench_block.py build/gpu .gpu/block-oracle "$OUT/gpu-block.json" 2>&1 | tee "$OUT/block.log"
