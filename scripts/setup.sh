#!/usr/bin/env bash
# One set-up for a fresh machine (and CI): npm packages, the project-local Python environment
# (apache-tvm-ffi, CUDA compiler wheels), the native addon, and the default model.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
