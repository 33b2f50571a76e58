#!/usr/bin/env bash
# Fetches cuSPARSELt's header (cusparseLt.h, from NVIDIA's nvidia-cusparselt-cu13 wheel) and the
# cuSPARSE header it includes (cusparse.h: cusparseStatus_t, cusparseOrder_t, cusparseOperation_t;
# from the nvidia-cusparse CUDA 13 wheel) into .cache/cuda-extra/include, where codegen/cuda looks
# for them. The kernels load libcusparseLt.so.0 at run time (dlopen, include/qf/cusparselt.cuh),
# so only the headers are kept. 0.8.1 is the version PyTorch's CUDA 13 wheels ship.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.cache/cuda-extra/include
[ -f "$dest/cusparseLt.h" ] && [ -f "$dest/cusparse.h" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() {  # <requirement> <member in the wheel>
  .venv/bin/python -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 -d "$tmp/$2" "$1"
  .venv/bin/python - "$tmp/$2" "$dest" "$2" <<'PY'
import glob, os, sys, zipfile
tmp, dest, member = sys.argv[1:4]
with zipfile.ZipFile(glob.glob(f"{tmp}/*.whl")[0]) as z:
    with open(os.path.join(dest, os.path.basename(member)), "wb") as f:
        f.write(z.read(member))
PY
}
mkdir -p "$dest"
fetch 'nvidia-cusparselt-cu13==0.8.1' nvidia/cusparselt/include/cusparseLt.h
fetch 'nvidia-cusparse>=12.6,<12.8' nvidia/cu13/include/cusparse.h
echo "cuSPARSELt headers in $dest"
