#!/usr/bin/env bash
# GPU check of the CUDA weight quantization kernels (codegen/cuda/quantize, qf/quantize_*.cuh):
# test/build/quantize-cuda.gpu.test.ts compares every byte with the oracle on fresh random
# weights and measures throughput on a 14336 x 4096 bf16 weight.
#
# Two halves, because the GPU machine has no network, no .venv and no node_modules:
#   bash scripts/gpu/quantize-check.sh pack     # here: compile the module, bundle the test into .gpu/quantize
#   bash scripts/gpu/quantize-check.sh run      # there: run it with the carried node
# With the device tool: run `pack` here, then
#   run(command="bash scripts/gpu/quantize-check.sh run", carry=[".gpu/env.sh", ".gpu/node.xz", ".gpu/quantize"])
# Output goes to stdout and, when $OUT is set, to $OUT/quantize.txt (+ quantize-throughput.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
STAGE=.gpu/quantize

pack() {
  bash scripts/setup.sh >/dev/null
  bash ../shared/gpu/pack.sh >/dev/null
  rm -rf "$STAGE" && mkdir -p "$STAGE/native" "$STAGE/node_modules"
  local so
  so=$(npx tsx -e "import('./codegen/cuda/quantize/module.ts').then(async (m) => console.log((await m.compileQuantizeModule()).path))")
  cp "$so" "$STAGE/libqf_quantize.so"
  cp runtime/native/build/Release/{quantforge_native.node,sigsegv_guard.node,libtvm_ffi.so} "$STAGE/native/"
  npx esbuild test/build/quantize-cuda.gpu.test.ts --bundle --platform=node --format=esm --target=node20 \
    --log-level=error --outfile="$STAGE/quantize-cuda.gpu.test.mjs"
  node -e '
    const fs = require("fs"), path = require("path"), seen = new Set();
    const walk = (n) => { if (seen.has(n)) return; seen.add(n);
      const pj = JSON.parse(fs.readFileSync(path.join("node_modules", n, "package.json")));
      Object.keys(pj.dependencies || {}).forEach(walk); };
    walk("mocha"); console.log([...seen].join("\n"));' | while read -r dep; do
    mkdir -p "$STAGE/node_modules/$(dirname "$dep")" && cp -r "node_modules/$dep" "$STAGE/node_modules/$dep"
  done
  du -sh "$STAGE"
}

run() {
  source .gpu/env.sh
  local log="${OUT:-/tmp}/quantize.txt"
  {
    echo "== quantize GPU check: $(date -u +%FT%TZ)"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "(no nvidia-smi)"
    echo "node $(node --version)"
    QUANTFORGE_NATIVE_DIR="$STAGE/native" QUANTFORGE_QUANTIZE_CUDA_MODULE="$PWD/$STAGE/libqf_quantize.so" \
      node "$STAGE/node_modules/mocha/bin/mocha.js" --no-config --timeout 600000 --reporter spec "$STAGE/quantize-cuda.gpu.test.mjs"
  } 2>&1 | tee "$log"
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: $0 pack|run" >&2; exit 2 ;;
esac
