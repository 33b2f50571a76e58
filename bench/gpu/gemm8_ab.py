"""A/B of the int8 dynamic linear's production entry (cfg -1) against the same kernel by number
(cfg 110 through the __cfg entry, and cfg -1 through it too), interleaved in one process, so that
clock or position effects hit all three alike (codegen/cuda/NOTES.md, gemm8: the default timed
7 % slower than cfg 110 at M=2048 in bench_gemm8's table).

usage (GPU machine): python3 bench/gpu/gemm8_ab.py build/gpu-gemm8
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_dyn  # noqa: E402
import qf_module  # noqa: E402


def main():
    mod, table = qf_module.load(sys.argv[1])
    bench_dyn.LOG = sys.stderr
    tag = "int8dq_row_sym"
    lin = mod.get_function(table[tag]["name"])
    cfg_fn = mod.get_function(table[tag]["name"] + "__cfg")
    print(f"card {torch.cuda.get_device_name(0)}; us per call (graph replay of 24 rotated calls, median of 7)")
    for N, K, M in [(14336, 4096, 2048), (4096, 14336, 2048), (14336, 4096, 512)]:
        copies = max(3, -(-120_000_000 // (N * K)))
        i8 = [bench_dyn.int8_weight((torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)) for _ in range(copies)]
        wz = torch.zeros(N, dtype=torch.int8, device="cuda")
        empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")
        x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
        y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
        variants = {
            "entry(-1)": [lambda q=q, s=s: lin(x, q, s, wz, empty, y) for q, s in i8],
            "cfg(-1)": [lambda q=q, s=s: cfg_fn(x, q, s, wz, empty, y, -1) for q, s in i8],
            "cfg(110)": [lambda q=q, s=s: cfg_fn(x, q, s, wz, empty, y, 110) for q, s in i8],
            "cfg(10)": [lambda q=q, s=s: cfg_fn(x, q, s, wz, empty, y, 10) for q, s in i8],
        }
        res = {k: [] for k in variants}
        for _ in range(4):
            for k, fns in variants.items():
                res[k].append(bench_dyn.time_us(fns)[0])
        print(f"{N}x{K} M={M}: " + "  ".join(f"{k} " + "/".join(f"{v:.1f}" for v in vs) for k, vs in res.items()),
              flush=True)
        del i8
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
