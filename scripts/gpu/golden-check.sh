#!/usr/bin/env bash
# `verify-golden --backend cuda` over every golden case (issues #7, #8) and the Node GPU tests
# (test/codegen/cuda/*.gpu.test.ts), from Node on the GPU machine, in one device call (< 120 s).
#   bash scripts/gpu/golden-check.sh pack   # here: builds build/gpu-golden (every kernel the
#                                           # cases need, bench/gpu/build-golden-modules.ts, with
#                                           # HEAD's kernel headers; QF_GOLDEN_HEADERS=tree: the
#                                           # working tree's) and packs .gpu/golden-node.tar.xz:
#                                           # the modules, bundled JS, native addon and the golden
#                                           # cases (every manifest; tensors of the cases the
#                                           # CUDA kernels take)
#   bash scripts/gpu/golden-check.sh pack-js  # here: the same, reusing build/gpu-golden as built
#   bash scripts/gpu/golden-check.sh        # there; carry: .gpu/golden-node.tar.xz .gpu/node.xz
#                                           #                .gpu/env.sh
# Prints the GPU, passed/failed/skipped per config family and the tests' tally; everything else
# (every case's line, every test's line) goes to $OUT/golden.log.
set -uo pipefail
cd "$(dirname "$0")/../.."
STAGE=.gpu/golden-node
MODULES=build/gpu-golden
PACKED=.gpu/golden-node.tar.xz
TESTS=(linear dyn intx sparse-linear)

pack() {
  set -e
  [ -f .gpu/node.xz ] || { echo ".gpu/node.xz missing: bash ../shared/gpu/pack.sh" >&2; exit 1; }
  [ -f .gpu/env.sh ] || { echo ".gpu/env.sh missing (it unpacks node.xz on the GPU machine)" >&2; exit 1; }
  local golden=${QUANTFORGE_GOLDEN:-../shared/golden}
  if [ "${1:-}" = js ]; then
    [ -f "$MODULES/cases.txt" ] || { echo "$MODULES/cases.txt missing: run 'pack' first" >&2; exit 1; }
  else
    local head include=$PWD/codegen/cuda/include
    head=$(mktemp -d /tmp/qf-golden-headers.XXXXXX)
    if [ "${QF_GOLDEN_HEADERS:-head}" != tree ]; then
      git archive HEAD codegen/cuda/include | tar -x -C "$head"
      include=$head/codegen/cuda/include
    fi
    QF_CUDA_INCLUDE="$include" npx tsx bench/gpu/build-golden-modules.ts "$MODULES" "$golden"
    rm -rf "$head"
  fi
  rm -rf "$STAGE" && mkdir -p "$STAGE/native" "$STAGE/golden" "$STAGE/modules"
  cp -r "$MODULES"/*/ "$STAGE/modules/"
  local native=runtime/native/build/Release
  [ -f "$native/quantforge_native.node" ] || native=.gpu/foundation/native
  cp "$native"/{quantforge_native.node,sigsegv_guard.node,libtvm_ffi.so} "$STAGE/native/"
  local bundle=(npx esbuild --bundle --platform=node --format=esm --target=node20 --log-level=error)
  "${bundle[@]}" bench/gpu/verify-golden-cuda.ts --outfile="$STAGE/verify-golden-cuda.mjs"
  # each GPU test with the minimal describe/it runner (bench/gpu/mini-mocha.ts; mocha is 14 MB)
  local t entry
  for t in "${TESTS[@]}"; do
    entry=$(mktemp --suffix=.ts -p bench/gpu)
    printf "import { runAll } from './mini-mocha.js';\nawait import('../../test/codegen/cuda/%s.gpu.test.js');\nprocess.exitCode = (await runAll()) === 0 ? 0 : 1;\n" "$t" >"$entry"
    "${bundle[@]}" "$entry" --outfile="$STAGE/$t.gpu.test.mjs" || { rm -f "$entry"; exit 1; }
    rm -f "$entry"
  done
  # every case's manifest (a skipped case reports its reason from it); tensors only where the
  # CUDA backend runs the case (build-golden-modules.ts lists those in cases.txt)
  local c
  for c in "$golden"/*/manifest.json; do
    c=$(basename "$(dirname "$c")")
    mkdir -p "$STAGE/golden/$c" && cp "$golden/$c/manifest.json" "$STAGE/golden/$c/"
  done
  awk -F'\t' '!/^#/ && $2 != "-" { print $1 }' "$MODULES/cases.txt" |
    while read -r c; do cp "$golden/$c/tensors.safetensors" "$STAGE/golden/$c/"; done
  # written aside and renamed: a device call copying the archive never sees half of one
  tar -C .gpu -cf - golden-node | xz -T2 -6 >"$PACKED.tmp" && mv "$PACKED.tmp" "$PACKED"
  du -sh "$STAGE/modules" "$STAGE/golden" "$STAGE" "$PACKED" .gpu/node.xz
}

# libcublasLt (float8 / int8 GEMMs) and libcusparseLt (2:4 sparse) from PyTorch's CUDA wheels there
find_lib() {
  python3 - "$1" <<'PY' 2>/dev/null
import glob, os, site, sys
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

run() {
  OUT=${OUT:-/tmp/qf-gpu-out}
  mkdir -p "$OUT"
  local log="$OUT/golden.log"
  : >"$log"
  nvidia-smi --query-gpu=name --format=csv,noheader
  local f
  for f in "$PACKED" .gpu/node.xz .gpu/env.sh; do
    [ -e "$f" ] || { echo "$f missing: run 'bash scripts/gpu/golden-check.sh pack' here and carry $PACKED .gpu/node.xz .gpu/env.sh"; exit 1; }
  done
  local here=/tmp/qf-golden
  rm -rf "$here" && mkdir -p "$here" && xz -dc "$PACKED" | tar -x -C "$here" || { echo "unpacking $PACKED failed"; exit 1; }
  STAGE=$here/golden-node
  # shellcheck disable=SC1091
  source .gpu/env.sh >>"$log" 2>&1
  local lt csl
  lt=$(find_lib 'libcublasLt.so.13')
  csl=$(find_lib 'libcusparseLt.so*')
  [ -n "$lt" ] && export LD_LIBRARY_PATH="$(dirname "$lt"):${LD_LIBRARY_PATH:-}"
  if [ -n "$csl" ]; then
    export QF_CUSPARSELT_LIB="$csl" LD_LIBRARY_PATH="$(dirname "$csl"):${LD_LIBRARY_PATH:-}"
  fi
  echo "cublasLt: ${lt:-not found}; cusparseLt: ${csl:-not found}" >>"$log"
  export QUANTFORGE_NATIVE_DIR="$STAGE/native"
  local all
  all=$(ls -d "$STAGE"/modules/*/ | sed 's|/$||' | paste -sd:)

  echo "---- verify-golden --backend cuda ($STAGE/golden)" >>"$log"
  QF_CUDA_MODULE_DIR="$all" timeout 70 node "$STAGE/verify-golden-cuda.mjs" "$STAGE/golden" >/tmp/golden-verify.txt 2>&1
  local vrc=$?
  cat /tmp/golden-verify.txt >>"$log"
  echo "verify-golden --backend cuda (rc $vrc):"
  sed -n '/^family | passed/,$p' /tmp/golden-verify.txt
  grep '^FAIL' /tmp/golden-verify.txt | cut -c1-220 | head -12
  [ $vrc -ne 0 ] && ! grep -q '^family' /tmp/golden-verify.txt && tail -5 /tmp/golden-verify.txt

  # the Node GPU tests; linear / dyn / sparse-linear read their tags from one module folder
  local t dir rc trc=0
  for t in "${TESTS[@]}"; do
    # the whole script stays under 115 s: a test gets what is left, at most 30 s
    local left=$((115 - SECONDS))
    [ $left -gt 30 ] && left=30
    if [ $left -lt 5 ]; then
      echo "$t.gpu.test: not run (the script's 115 s are spent)"
      trc=1
      continue
    fi
    dir="$STAGE/modules/tests"
    [ "$t" = intx ] && dir="$all"
    echo "---- $t.gpu.test.ts" >>"$log"
    QF_CUDA_MODULE_DIR="$dir" timeout $left node "$STAGE/$t.gpu.test.mjs" >/tmp/golden-test.txt 2>&1
    rc=$?
    cat /tmp/golden-test.txt >>"$log"
    echo "$t.gpu.test (rc $rc): $(grep -c '✔' /tmp/golden-test.txt) passed, $(grep -c '✖' /tmp/golden-test.txt) failed, $(grep -c '(skipped)' /tmp/golden-test.txt) skipped"
    grep '✖' /tmp/golden-test.txt | cut -c1-200 | head -4
    [ $rc -ne 0 ] && trc=$rc
  done
  echo "golden-check: ${SECONDS} s; full output in $log"
  [ $vrc -ne 0 ] && exit $vrc
  exit $trc
}

case "${1:-run}" in
  pack) pack ;;
  pack-js) pack js ;;
  run) run ;;
  *) echo "usage: $0 [pack|pack-js|run]" >&2; exit 2 ;;
esac
