#!/usr/bin/env bash
# Here (development machine): bundles test/codegen/cuda/sparse-linear.gpu.test.ts with a minimal
# runner (bench/gpu/mini-mocha.ts) and the native addon into .gpu/sparse-node (~3 MB), for
# scripts/gpu/sparse-check.sh to run on the GPU machine with the carried .gpu/node.xz.
set -euo pipefail
cd "$(dirname "$0")/../.."
STAGE=.gpu/sparse-node
native=runtime/native/build/Release
[ -f "$native/quantforge_native.node" ] || native=.gpu/foundation/native
[ -f .gpu/node.xz ] || { echo ".gpu/node.xz missing: bash ../shared/gpu/pack.sh" >&2; exit 1; }
rm -rf "$STAGE" && mkdir -p "$STAGE/native"
cp "$native"/{quantforge_native.node,sigsegv_guard.node,libtvm_ffi.so} "$STAGE/native/"
entry=$(mktemp --suffix=.ts -p bench/gpu)
trap 'rm -f "$entry"' EXIT
cat >"$entry" <<'TS'
import { runAll } from './mini-mocha.js';
await import('../../test/codegen/cuda/sparse-linear.gpu.test.js');
process.exitCode = (await runAll()) === 0 ? 0 : 1;
TS
npx esbuild "$entry" --bundle --platform=node --format=esm --target=node20 --log-level=error \
  --outfile="$STAGE/sparse-linear.gpu.test.mjs"
du -sh "$STAGE"
