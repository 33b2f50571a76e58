#!/usr/bin/env bash
# The TypeScript path of the CUDA kernels on the GPU machine: test/codegen/cuda/linear.gpu.test.ts
# (oracle-quantized weights -> runtime device tensors -> generated kernels, from Node).
#   bash scripts/gpu/node-check.sh pack   # here: needs build/gpu (bench/gpu/build-module.ts) and .gpu/node.xz
#   bash scripts/gpu/node-check.sh run    # there: carry build/gpu, .gpu/qf-cuda, .gpu/node.xz, .gpu/env.sh,
#                                         # .gpu/golden (verify-golden --backend cuda runs too)
# The first module only (bench/gpu/kernel-set.ts) and mocha's 14 MB: scripts/gpu/golden-check.sh
# runs verify-golden --backend cuda over every golden case and all the Node GPU tests with every
# kernel, from one 10 MB archive.
set -euo pipefail
cd "$(dirname "$0")/../.."
STAGE=.gpu/qf-cuda

pack() {
  [ -f .gpu/node.xz ] || bash ../shared/gpu/pack.sh >/dev/null
  rm -rf "$STAGE" && mkdir -p "$STAGE/native" "$STAGE/node_modules"
  local native=runtime/native/build/Release
  [ -f "$native/quantforge_native.node" ] || native=.gpu/foundation/native
  cp "$native"/{quantforge_native.node,sigsegv_guard.node,libtvm_ffi.so} "$STAGE/native/"
  npx esbuild test/codegen/cuda/linear.gpu.test.ts --bundle --platform=node --format=esm --target=node20 \
    --log-level=error --outfile="$STAGE/linear.gpu.test.mjs"
  npx esbuild bench/gpu/verify-golden-cuda.ts --bundle --platform=node --format=esm --target=node20 \
    --log-level=error --outfile="$STAGE/verify-golden-cuda.mjs"
  node -e '
    const fs = require("fs"), path = require("path"), seen = new Set();
    const walk = (n) => { if (seen.has(n)) return; seen.add(n);
      const pj = JSON.parse(fs.readFileSync(path.join("node_modules", n, "package.json")));
      Object.keys(pj.dependencies || {}).forEach(walk); };
    walk("mocha"); console.log([...seen].join("\n"));' | while read -r dep; do
    mkdir -p "$STAGE/node_modules/$(dirname "$dep")" && cp -r "node_modules/$dep" "$STAGE/node_modules/$dep"
  done
  du -sh "$STAGE" build/gpu .gpu/node.xz
}

run() {
  source .gpu/env.sh
  # libcublasLt.so.13 (prefill and float8 GEMMs) comes with PyTorch's CUDA wheels there.
  local lt
  lt=$(python3 -c "import glob, site; print(next(iter(sorted(p for s in site.getsitepackages() for p in glob.glob(s + '/nvidia/**/libcublasLt.so.13', recursive=True))), ''))" 2>/dev/null || true)
  [ -n "$lt" ] && export LD_LIBRARY_PATH="$(dirname "$lt"):${LD_LIBRARY_PATH:-}"
  QUANTFORGE_NATIVE_DIR="$STAGE/native" QF_CUDA_MODULE_DIR="$PWD/build/gpu" \
    node "$STAGE/node_modules/mocha/bin/mocha.js" --no-config --timeout 600000 --reporter spec "$STAGE/linear.gpu.test.mjs" \
    2>&1 | tee "${OUT:-/tmp}/node-check.txt"
  # verify-golden --backend cuda over the GPU golden cases (.gpu/golden, scripts/gpu/prepare.sh);
  # intx kernels come from build/gpu-intx when it is carried too (scripts/gpu/intx-check.sh).
  local modules="$PWD/build/gpu"
  [ -f build/gpu-intx/kernels.json ] && modules="$modules:$PWD/build/gpu-intx"
  QUANTFORGE_NATIVE_DIR="$STAGE/native" QF_CUDA_MODULE_DIR="$modules" \
    node "$STAGE/verify-golden-cuda.mjs" .gpu/golden 2>&1 | tee "${OUT:-/tmp}/verify-golden-cuda.txt"
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: $0 pack|run" >&2; exit 2 ;;
esac
