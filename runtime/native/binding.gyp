# Two addons (guide §5.2):
#  - sigsegv_guard: plain Node-API, no tvm-ffi. Loaded FIRST so it can snapshot Node's SIGSEGV
#    handler before libtvm_ffi.so's load-time constructor replaces it; restore() puts it back.
#  - quantforge_native: the runtime, talking to tvm-ffi through its C ABI only. libtvm_ffi.so is
#    copied next to it by scripts/setup.sh and found through RPATH=$ORIGIN (no LD_LIBRARY_PATH).
# TVM_FFI_ROOT (the wheel's tvm_ffi package folder: include/ and lib/) is set by scripts/setup.sh.
{
  "variables": {
    "tvm_ffi_root%": "<!(node -p \"process.env.TVM_FFI_ROOT || ''\")"
  },
  "targets": [
    {
      "target_name": "sigsegv_guard",
      "sources": ["src/sigsegv_guard.c"],
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "quantforge_native",
      "sources": [
        "src/addon.cc",
        "src/ffi_error.cc",
        "src/call_record.cc",
        "src/module.cc",
        "src/async_call.cc",
        "src/cuda_driver.cc",
        "src/cuda_api.cc",
        "src/allocator.cc",
        "src/result.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<(tvm_ffi_root)/include"
      ],
      "libraries": ["-L<(tvm_ffi_root)/lib", "-ltvm_ffi", "-ldl"],
      "ldflags": ["-Wl,-rpath,'$$ORIGIN'"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-fvisibility=hidden", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"]
    }
  ]
}
