"""Loads the quantforge CUDA kernel module with tvm_ffi and wraps its functions for PyTorch."""
import json
import os

import torch
import tvm_ffi


class QfLinear:
    """One weight in the qf tile layout plus the kernel functions for its format."""

    def __init__(self, mod, entry: dict, inner: dict, N: int, K: int):
        self.entry, self.N, self.K = entry, N, K
        name = entry["name"]
        self._linear = mod.get_function(name)
        self._cfg = mod.get_function(name + "__cfg")
        self._deq = mod.get_function(name + "__dequantize")
        repack = mod.get_function(name + "__repack")
        chunk = entry["chunkK"]
        self.qdata = torch.empty((N // 8, K // chunk, 32, 16), dtype=torch.uint8, device="cuda")
        src = inner["qdata"]
        if entry["repack"] == "int4_tinygemm":
            repack(src, K, self.qdata)
        elif entry["repack"] == "bytes8":
            repack(src.view(torch.uint8), self.qdata)
        else:
            repack(src, self.qdata)
        self.params = [inner[n].contiguous() for n in entry["inner"]]
        self.empty_bias = torch.empty(0, dtype=torch.bfloat16, device="cuda")

    def __call__(self, x, y, bias=None, cfg=None):
        b = self.empty_bias if bias is None else bias
        if cfg is None:
            self._linear(x, self.qdata, *self.params, b, y)
        else:
            self._cfg(x, self.qdata, *self.params, b, y, cfg)
        return y

    def dequantize(self):
        out = torch.empty((self.N, self.K), dtype=torch.bfloat16, device="cuda")
        self._deq(self.qdata, *self.params, out)
        return out


def load(build_dir: str):
    mod = tvm_ffi.load_module(os.path.join(build_dir, "libqf_cuda_bench.so"))
    with open(os.path.join(build_dir, "kernels.json")) as f:
        table = json.load(f)
    return mod, table
