"""Decode (M <= 16) weight-only linears on the GPU machine: correctness of every decode
configuration against float64 on fresh random data, then timing of the v5 stream kernel
(decode_stream.cuh, cfg 20-78) against the defaults (v4: cfg 12 / 15),
bf16 cuBLAS (F.linear), torchao's int4 kernel (aten._weight_int4pack_mm) and a device copy,
in one process on one card. M = 128 / 2048 rows are timed for the default path too.

usage: python3 bench/gpu/bench_decode.py <build-dir> <out.json>
Timing: triton.testing.do_bench (CUDA events, L2 flushed before every repetition, median).
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F
from triton.testing import do_bench

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_formats  # noqa: E402
import qf_module  # noqa: E402

SHAPES = [(4096, 4096), (14336, 4096), (4096, 14336), (6144, 4096)]
TIMED_TAGS = ["int4_plain_g128", "int4_tinygemm_g128", "int8_row", "fp8_row"]
CHECK_ONLY_TAGS = ["int4_plain_g64", "int4_plain_g32", "fp8_tensor"]
OLD = {1: 12, 16: 15}  # v4 defaults (NOTES.md)
NEW_CFGS = {1: [20, 28, 40, 44, 48, 60, 64, 68], 16: [30, 38, 50, 54, 58, 70, 74, 78]}
CHECK_MS = [1, 3, 8, 9, 16]
TOL = 1e-2


def us(fn):
    return do_bench(fn, warmup=10, rep=40, return_mode="median") * 1e3


def rel_err(y, ref):
    return ((y.double() - ref).norm() / ref.norm()).item()


def check(lin, x, ref, cfg=None):
    y = torch.full((x.shape[0], lin.N), float("nan"), dtype=torch.bfloat16, device="cuda")
    lin(x, y, cfg=cfg)
    torch.cuda.synchronize()
    return bool(torch.isfinite(y).all().item()), rel_err(y, ref)


def check_all(out, lin, tag, N, K, x_by_m, w64):
    """Every decode configuration that can serve M, on partial token tiles too."""
    for M in CHECK_MS:
        x = x_by_m[M]
        ref = x.double() @ w64.t()
        for cfg in [None] + ([12, 20, 22, 28, 40, 60, 68] if M <= 8 else []) + [15, 30, 32, 38, 50, 70, 78]:
            written, err = check(lin, x, ref, cfg)
            out["checks"] += 1
            if not (written and err < TOL):
                out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err, "written": written})


def bench_shape(out, mod, table, N, K, full):
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    ms = sorted(set(CHECK_MS + [128, 2048]))
    xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in ms}
    tg, _, _ = qf_formats.int4_tinygemm(w, 128)
    timed_ms = [1, 16, 128, 2048] if full else [1, 16]
    for M in timed_ms:
        x = xs[M]
        out["rows"].append({"impl": "bf16_cublas", "N": N, "K": K, "M": M, "us": us(lambda: F.linear(x, w))})
        out["rows"].append({"impl": "torchao_int4_tinygemm_g128", "N": N, "K": K, "M": M,
                            "us": us(lambda: torch.ops.aten._weight_int4pack_mm(x, tg["qdata"], 128, tg["scale_and_zero"]))})
    for tag in TIMED_TAGS + CHECK_ONLY_TAGS:
        inner, w64 = qf_formats.make(tag, w)
        lin = qf_module.QfLinear(mod, table[tag], inner, N, K)
        check_all(out, lin, tag, N, K, xs, w64)
        if tag in TIMED_TAGS:
            wbytes = qf_formats.weight_bytes(tag, N, K)
            for M in timed_ms:
                x = xs[M]
                y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
                row = {"impl": f"qf_{tag}", "N": N, "K": K, "M": M, "weight_bytes": wbytes,
                       "us": us(lambda: lin(x, y))}
                row["GBps"] = wbytes / (row["us"] * 1e-6) / 1e9
                if M in OLD:
                    row["old_cfg"], row["old_us"] = OLD[M], us(lambda: lin(x, y, cfg=OLD[M]))
                    row["cfg_us"] = {c: us(lambda: lin(x, y, cfg=c)) for c in NEW_CFGS[M]}
                out["rows"].append(row)
                print(f"{tag:20s} N={N:5d} K={K:5d} M={M:4d} new {row['us']:8.1f} us {row['GBps']:6.0f} GB/s"
                      + (f"  old {row['old_us']:8.1f}  cfgs {({c: round(v, 1) for c, v in row['cfg_us'].items()})}"
                         if M in OLD else ""), flush=True)
        del lin
    del w, xs
    torch.cuda.empty_cache()


def odd_tiles(out, mod, table):
    """N % 16 == 8 (the last block's second n-tile is clamped) and a short K."""
    N, K = 1032, 1024
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in CHECK_MS}
    for tag in ["int4_plain_g128", "int8_row"]:
        inner, w64 = qf_formats.make(tag, w)
        check_all(out, qf_module.QfLinear(mod, table[tag], inner, N, K), tag, N, K, xs, w64)


def main():
    build_dir, path = sys.argv[1], sys.argv[2]
    mod, table = qf_module.load(build_dir)
    out = {"card": torch.cuda.get_device_name(0), "sms": torch.cuda.get_device_properties(0).multi_processor_count,
           "torch": torch.__version__, "rows": [], "failures": [], "checks": 0}
    a = torch.randint(0, 255, (1 << 30,), dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    t = us(lambda: b.copy_(a))
    out["copy_GBps"] = 2 * a.numel() / (t * 1e-6) / 1e9
    del a, b
    print(f"card {out['card']}  SMs {out['sms']}  copy {out['copy_GBps']:.0f} GB/s", flush=True)
    torch.manual_seed(int(time.time()))  # fresh random data every run
    odd_tiles(out, mod, table)
    started = time.time()
    for N, K in SHAPES:
        bench_shape(out, mod, table, N, K, full=time.time() - started < 60)
        with open(path, "w") as f:  # partial results survive a timeout
            json.dump(out, f, indent=1)
    print(f"checks {out['checks']}  failures {len(out['failures'])}")
    for fl in out["failures"]:
        print("  FAIL", fl)


if __name__ == "__main__":
    main()
