#!/usr/bin/env bash
# Fills .gpu/ (git-ignored, carried to the GPU machine): the apache-tvm-ffi wheel for the
# machine's Python 3.12 (same version as this checkout's .venv) and the GPU golden cases that
# the CUDA backend checks. Run from the repository root; needs the package index once.
set -euo pipefail
cd "$(dirname "$0")/../.."
ver=$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("apache-tvm-ffi"))')
mkdir -p .gpu/whl .gpu/golden
ls .gpu/whl/apache_tvm_ffi-"$ver"-*.whl >/dev/null 2>&1 ||
  .venv/bin/python -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 -d .gpu/whl "apache-tvm-ffi==$ver"
golden=${QUANTFORGE_GOLDEN:-../shared/golden}
cp "$golden/INDEX_GPU.json" .gpu/golden/
for c in $(.venv/bin/python -c "
import json, sys
for c in json.load(open('$golden/INDEX_GPU.json'))['cases']:
    if c['status'] != 'not_available': print(c['case_id'])
"); do
  cp -r "$golden/$c" .gpu/golden/
done
du -sh .gpu
