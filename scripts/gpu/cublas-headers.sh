#!/usr/bin/env bash
# Fetches cuBLASLt's two headers (cublasLt.h, cublas_api.h) from NVIDIA's CUDA 13.0 cuBLAS wheel
# into .cache/cuda-extra/include, where codegen/cuda looks for them. The kernels load
# libcublasLt.so.13 at run time (dlopen), so only the headers are kept (the wheel is ~420 MB).
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.cache/cuda-extra/include
[ -f "$dest/cublasLt.h" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
.venv/bin/python -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 -d "$tmp" 'nvidia-cublas>=13.0,<13.1'
mkdir -p "$dest"
.venv/bin/python - "$tmp" "$dest" <<'PY'
import glob, sys, zipfile
tmp, dest = sys.argv[1:3]
with zipfile.ZipFile(glob.glob(f"{tmp}/*.whl")[0]) as z:
    for name in ("cublasLt.h", "cublas_api.h"):
        with open(f"{dest}/{name}", "wb") as f:
            f.write(z.read(f"nvidia/cu13/include/{name}"))
PY
echo "cuBLASLt headers in $dest"
