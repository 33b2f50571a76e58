#!/usr/bin/env bash
# Runs on the GPU machine in ONE device call: intx weight-only kernels (intx_formats.cuh) and the
# 8-bit weight-only paths beside them, by bench/gpu/bench_intx.py (checks vs float64 on fresh
# random data at M in {1, 3, 16, 128, 2048}, dequantize bit-equal to oracle cases, GPU golden
# intx cases, M = 1 / 16 timings vs a copy). Prepared on the development machine (nvcc needs no GPU):
#   QF_CUDA_LINEINFO=0 npx tsx bench/gpu/build-module.ts build/gpu-intx intx  (no line tables: < 10 MB)
#   npx tsx bench/gpu/intx-oracle-cases.ts .gpu/intx
# then the device call carries build/gpu-intx, .gpu/whl, .gpu/intx and .gpu/golden.
# Prints a short summary; everything else goes to $OUT/intx.log.
set -uo pipefail
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
for need in build/gpu-intx/libqf_cuda_bench.so build/gpu-intx/kernels.json .gpu/intx/cases.json; do
  [ -f "$need" ] || { echo "intx-check: missing $need (see the header of $0)"; exit 2; }
done
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl >"$OUT/pip.txt" 2>&1 ||
  { echo "intx-check: installing the tvm-ffi wheel failed:"; tail -5 "$OUT/pip.txt"; exit 2; }
export PYTHONPATH=/tmp/site
golden=.gpu/golden
[ -d "$golden" ] || golden=-
timeout 170 python3 bench/gpu/bench_intx.py build/gpu-intx .gpu/intx "$golden" "$OUT/intx.log" 2>"$OUT/intx.stderr"
rc=$?
if [ $rc -ne 0 ]; then
  echo "intx-check: bench_intx.py exited with $rc; stderr tail:"
  tail -15 "$OUT/intx.stderr"
  cat "$OUT/intx.stderr" >>"$OUT/intx.log" 2>/dev/null
fi
rm -f "$OUT/pip.txt" "$OUT/intx.stderr"
exit $rc
