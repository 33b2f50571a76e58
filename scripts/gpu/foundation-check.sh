#!/usr/bin/env bash
# The foundation's GPU check: CUDA kernels compiled here by codegen/toolchain, called from Node
# on the GPU machine through the runtime addon, checked against references
# (test/runtime/cuda.gpu.test.ts).
#
# Two halves, because the GPU machine has no network, no .venv and no node_modules:
#   bash scripts/gpu/foundation-check.sh pack     # here: build everything into .gpu/ (git-ignored)
#   bash scripts/gpu/foundation-check.sh run      # there: run the test with the carried node
# With the device tool: run `pack` here, then run(command="bash scripts/gpu/foundation-check.sh run",
# carry=[".gpu"]). Output goes to stdout and, when $OUT is set, to $OUT/foundation.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
STAGE=.gpu/foundation

pack() {
  bash scripts/setup.sh
  bash ../shared/gpu/pack.sh >/dev/null
  rm -rf "$STAGE" && mkdir -p "$STAGE/native" "$STAGE/node_modules"
  # The CUDA test library, compiled (or found in the cache) by the toolchain.
  local so
  so=$(npx tsx -e "import('./test/runtime/fixtures/compiled.ts').then(async (m) => console.log(await m.cudaTestModulePath()))")
  cp "$so" "$STAGE/test_kernels_cuda.so"
  cp runtime/native/build/Release/{quantforge_native.node,sigsegv_guard.node,libtvm_ffi.so} "$STAGE/native/"
  # The test as one ES module (runtime and chai inlined); mocha and its dependencies beside it.
  npx esbuild test/runtime/cuda.gpu.test.ts --bundle --platform=node --format=esm --target=node20 \
    --log-level=error --outfile="$STAGE/cuda.gpu.test.mjs"
  node -e '
    const fs = require("fs"), path = require("path"), seen = new Set();
    const walk = (n) => { if (seen.has(n)) return; seen.add(n);
      const pj = JSON.parse(fs.readFileSync(path.join("node_modules", n, "package.json")));
      Object.keys(pj.dependencies || {}).forEach(walk); };
    walk("mocha"); console.log([...seen].join("\n"));' | while read -r dep; do
    mkdir -p "$STAGE/node_modules/$(dirname "$dep")" && cp -r "node_modules/$dep" "$STAGE/node_modules/$dep"
  done
  du -sh .gpu
}

run() {
  source .gpu/env.sh
  local log="${OUT:-/tmp}/foundation.txt"
  {
    echo "== foundation GPU check: $(date -u +%FT%TZ)"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "(no nvidia-smi)"
    echo "node $(node --version)"
    QUANTFORGE_NATIVE_DIR="$STAGE/native" QUANTFORGE_TEST_CUDA_MODULE="$PWD/$STAGE/test_kernels_cuda.so" \
      node "$STAGE/node_modules/mocha/bin/mocha.js" --no-config --timeout 600000 --reporter spec "$STAGE/cuda.gpu.test.mjs"
  } 2>&1 | tee "$log"
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: $0 pack|run" >&2; exit 2 ;;
esac
