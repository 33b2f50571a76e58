#!/usr/bin/env bash
# Bench-only Python environment with PyTorch (CPU use) for `npm run bench -- cpu`.
# The CPU-only index (download.pytorch.org) is not reachable from our machines, so this takes
# the plain PyPI wheel, which depends on NVIDIA's CUDA runtime wheels (several GB) even though
# the benchmark only runs torch on the CPU. Kept apart from .venv so the product never needs it.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-bench
.venv-bench/bin/pip install --upgrade pip setuptools >/dev/null
.venv-bench/bin/pip install torch numpy
# torchao + safetensors: the quantize_ baseline of `npm run bench -- build` (bench/torchao_quantize.py).
.venv-bench/bin/pip install torchao safetensors
# onnxruntime + onnx: the MatMulNBits (int4) column of `npm run bench -- cpu` (bench/cpu_ort.py).
.venv-bench/bin/pip install onnxruntime onnx
.venv-bench/bin/python -c "import torch; print('torch', torch.__version__, torch.backends.cpu.get_cpu_capability())"
