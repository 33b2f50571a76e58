#!/usr/bin/env bash
# GPU check of a bundle's CUDA kernels from TypeScript: test/runtime/ops/bundle-linear.gpu.test.ts
# (QuantizedLinear.fromBundle(..., { device: cudaDevice(0) }) on int4 / int8 / float8 weight-only
# layers, M = 1 and 16, against a float64 reference on fresh random activations).
#
# Two halves, because the GPU machine has no network, no nvcc and no node_modules:
#   bash scripts/gpu/bundle-linear-check.sh pack   # here: build the bundle (nvcc), bundle the test into .gpu/bundle-linear
#   bash scripts/gpu/bundle-linear-check.sh run    # there: run it with the carried node
# With the device tool: run `pack` here, then
#   run(command="bash scripts/gpu/bundle-linear-check.sh run", carry=[".gpu/env.sh", ".gpu/node.xz", ".gpu/bundle-linear"])
# Output goes to stdout and, when $OUT is set, to $OUT/bundle-linear.txt.
# `pack --slim` leaves out node's support files (addon, mocha: 17 MB) when another stage that
# has them is carried too; then run with QF_GPU_SUPPORT=<that stage>, e.g. .gpu/quantize.
set -euo pipefail
cd "$(dirname "$0")/../.."
STAGE=.gpu/bundle-linear

pack() {
  bash ../shared/gpu/pack.sh >/dev/null
  rm -rf "$STAGE" && mkdir -p "$STAGE"
  npx tsx test/runtime/ops/fixtures/cuda-bundle.ts "$STAGE/gpu.bundle"
  npx esbuild test/runtime/ops/bundle-linear.gpu.test.ts --bundle --platform=node --format=esm --target=node20 \
    --log-level=error --outfile="$STAGE/bundle-linear.gpu.test.mjs"
  if [ "${1:-}" != --slim ]; then support; fi
  du -sh "$STAGE"
}

support() {
  mkdir -p "$STAGE/native" "$STAGE/node_modules"
  cp runtime/native/build/Release/{quantforge_native.node,sigsegv_guard.node,libtvm_ffi.so} "$STAGE/native/"
  node -e '
    const fs = require("fs"), path = require("path"), seen = new Set();
    const walk = (n) => { if (seen.has(n)) return; seen.add(n);
      const pj = JSON.parse(fs.readFileSync(path.join("node_modules", n, "package.json")));
      Object.keys(pj.dependencies || {}).forEach(walk); };
    walk("mocha"); console.log([...seen].join("\n"));' | while read -r dep; do
    mkdir -p "$STAGE/node_modules/$(dirname "$dep")" && cp -r "node_modules/$dep" "$STAGE/node_modules/$dep"
  done
}

run() {
  source .gpu/env.sh
  local log="${OUT:-/tmp}/bundle-linear.txt" support="${QF_GPU_SUPPORT:-$STAGE}"
  {
    echo "== bundle-linear GPU check: $(date -u +%FT%TZ)"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "(no nvidia-smi)"
    echo "node $(node --version)"
    QUANTFORGE_NATIVE_DIR="$support/native" QF_CUDA_BUNDLE="$PWD/$STAGE/gpu.bundle" \
      node "$support/node_modules/mocha/bin/mocha.js" --no-config --timeout 300000 --reporter spec "$STAGE/bundle-linear.gpu.test.mjs"
  } 2>&1 | tee "$log"
}

case "${1:-}" in
  pack) pack "${2:-}" ;;
  run) run ;;
  *) echo "usage: $0 pack|run" >&2; exit 2 ;;
esac
