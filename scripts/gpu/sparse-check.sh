#!/usr/bin/env bash
# Runs on the GPU machine in ONE device call: 2:4 sparse float8 (cuSPARSELt) probe, checks against
# float64 on fresh random 2:4 data, and timings against dense float8 and bf16
# (bench/gpu/bench_sparse.py). Prepared on the development machine (nvcc needs no GPU):
#   bash scripts/gpu/cusparselt-headers.sh && npx tsx bench/gpu/build-module.ts build/gpu-sparse sparse
# then the device call carries build/gpu-sparse and .gpu/whl. Prints a short summary; everything
# else goes to $OUT/sparse.log. SPARSE_FULL=1: every shape and M, 8 cuSPARSELt algorithms (~2-3 min).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/qf-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
[ -f build/gpu-sparse/libqf_cuda_bench.so ] || { echo "build/gpu-sparse/libqf_cuda_bench.so missing: build it first (see the header)"; exit 1; }
python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl >/tmp/sparse-pip.txt 2>&1 || { echo "tvm-ffi wheel install failed:"; tail -3 /tmp/sparse-pip.txt; exit 1; }
export PYTHONPATH=/tmp/site
# cuSPARSELt and cuBLASLt come with PyTorch's CUDA wheels: find them through Python's site-packages.
find_lib() {
  python3 - "$1" <<'PY'
import glob, site, sys, os
roots = site.getsitepackages() + [site.getusersitepackages()]
try:
    import torch
    roots.append(os.path.dirname(os.path.dirname(torch.__file__)))
except Exception:
    pass
hits = sorted({p for r in roots for p in glob.glob(os.path.join(r, "nvidia", "**", sys.argv[1]), recursive=True)})
print(hits[0] if hits else "")
PY
}
csl=$(find_lib 'libcusparseLt.so*')
lt=$(find_lib 'libcublasLt.so.13')
if [ -n "$csl" ]; then
  export QF_CUSPARSELT_LIB="$csl"
  export LD_LIBRARY_PATH="$(dirname "$csl"):${LD_LIBRARY_PATH:-}"
else
  echo "libcusparseLt not found under site-packages/nvidia (torch's wheels); trying the loader path"
fi
[ -n "$lt" ] && export LD_LIBRARY_PATH="$(dirname "$lt"):${LD_LIBRARY_PATH:-}"
args=()
[ "${SPARSE_FULL:-0}" = 1 ] && args+=(--full)
timeout "${SPARSE_TIMEOUT:-170}" python3 bench/gpu/bench_sparse.py build/gpu-sparse "$OUT/sparse.log" "${args[@]}" 2>/tmp/sparse-stderr.txt
rc=$?
{ echo "---- stderr (rc $rc)"; cat /tmp/sparse-stderr.txt; } >>"$OUT/sparse.log"
[ $rc -ne 0 ] && { echo "bench_sparse.py exited with $rc; stderr tail:"; tail -5 /tmp/sparse-stderr.txt; }
# The TypeScript runtime path (CudaQuantizedLinear, repack 'cusparselt') when its bundle is carried:
# .gpu/sparse-node (scripts/gpu/sparse-node-pack.sh) and .gpu/node.xz.
if [ -f .gpu/sparse-node/sparse-linear.gpu.test.mjs ] && [ -f .gpu/node.xz ]; then
  node=/tmp/gpu-node/bin/node
  if [ ! -x "$node" ]; then mkdir -p /tmp/gpu-node/bin && xz -dc .gpu/node.xz >"$node" && chmod +x "$node"; fi
  QUANTFORGE_NATIVE_DIR="$PWD/.gpu/sparse-node/native" QF_CUDA_MODULE_DIR="$PWD/build/gpu-sparse" \
    timeout 90 "$node" .gpu/sparse-node/sparse-linear.gpu.test.mjs >/tmp/sparse-node.txt 2>&1
  nrc=$?
  echo "node runtime path (rc $nrc): $(grep -c '✔' /tmp/sparse-node.txt) passed, $(grep -c '✖' /tmp/sparse-node.txt) failed"
  grep '✖' /tmp/sparse-node.txt | head -4
  { echo "---- node runtime path (rc $nrc)"; cat /tmp/sparse-node.txt; } >>"$OUT/sparse.log"
  [ $rc -eq 0 ] && rc=$nrc
else
  echo "node runtime path: not carried (.gpu/sparse-node, .gpu/node.xz)"
fi
exit $rc
