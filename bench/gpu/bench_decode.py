"""Weight-only decode on the GPU machine (issue #7), one process, one card:
1. correctness of every decode configuration against float64 on fresh random data (M = 1, 3, 9,
   16; the timed shapes plus N % 16 == 8 and K / chunk not divisible by the warp count),
   outputs poisoned with NaN first;
2. timing at M = 1 and 16 of the default (cfg -1: linear_defaults.h) and every candidate
   configuration, and (--full) the default over the whole #7 table (also checked against float64
   at M = 128 and 2048): M in {1, 16, 128, 2048}, bf16 F.linear, torchao's int4 kernel
   (aten._weight_int4pack_mm) and a device-to-device copy as baselines.
Timing: rotate_timer.py (rotation among weight copies > 3x L2, no memset, CUDA events, median).

usage: python3 bench/gpu/bench_decode.py <build-dir> <out.json> [--full]
Prints a short summary on stdout; the full table goes to <out.json>.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_formats  # noqa: E402
import qf_module  # noqa: E402
from rotate_timer import copies_for, copy_bandwidth, time_back_to_back, time_rotating  # noqa: E402

SHAPES = [(4096, 4096), (14336, 4096), (4096, 14336), (6144, 4096)]
TIMED_TAGS = ["int4_plain_g128", "int4_tinygemm_g128", "int8_row", "fp8_row"]
CHECK_ONLY_TAGS = ["int4_plain_g64", "int4_plain_g32", "fp8_tensor"]
ODD_SHAPES = [(1032, 1024), (1032, 1152)]  # N % 16 == 8; K / 128 = 9 chunks over 2-8 warps
CHECK_MS = [1, 3, 9, 16]
# Candidate configurations timed at each M (linear_op.cuh): v5 stream 48 / 70 (the defaults
# before v7), v8 stream with x in shared memory 80-98 (85-95: v10 L2 prefetch). (v7 bulk-copy
# 200-215 and v9 cp.async 220-232 were removed: never the fastest.)
CANDIDATES = {1: [48, 84, 85, 86, 87, 88, 89, 91],
              16: [70, 95, 96, 98]}
ALL_CFGS = sorted({c for v in CANDIDATES.values() for c in v} | {12, 15})
TOL = 1e-2


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def rel_err(y, ref):
    return ((y.double() - ref).norm() / ref.norm()).item()


class Rotation:
    """`copies` independent copies of one QfLinear's device tensors (same values)."""

    def __init__(self, lin, copies):
        self.lin = lin
        self.sets = [(lin.qdata, lin.params)] + [
            (lin.qdata.clone(), [p.clone() for p in lin.params]) for _ in range(copies - 1)]

    def __call__(self, i, x, y, cfg=None):
        q, params = self.sets[i]
        b = self.lin.empty_bias
        if cfg is None:
            self.lin._linear(x, q, *params, b, y)
        else:
            self.lin._cfg(x, q, *params, b, y, cfg)


def check_cfgs(out, lin, tag, N, K, xs, w64, ms=None, cfgs=None):
    """cfg None = the default dispatch (linear_defaults.h); by default every cfg at CHECK_MS."""
    for M in CHECK_MS if ms is None else ms:
        x = xs[M]
        ref = x.double() @ w64.t()
        for cfg in [None] + (ALL_CFGS if cfgs is None else cfgs):
            y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
            lin(x, y, cfg=cfg)
            torch.cuda.synchronize()
            written, err = bool(torch.isfinite(y).all().item()), rel_err(y, ref)
            out["checks"] += 1
            if not (written and err < TOL):
                out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err,
                                        "written": written})


def odd_shapes(out, mod, table):
    for N, K in ODD_SHAPES:
        w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
        xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in CHECK_MS}
        for tag in ["int4_plain_g128", "int8_row", "fp8_row"]:
            if K % 128 and tag.startswith("int4"):
                continue
            inner, w64 = qf_formats.make(tag, w)
            check_cfgs(out, qf_module.QfLinear(mod, table[tag], inner, N, K), tag, N, K, xs, w64)


def baselines(out, N, K, w, xs, ms):
    bf = [w] + [w.clone() for _ in range(copies_for(w.numel() * 2) - 1)]
    tg, _, _ = qf_formats.int4_tinygemm(w, 128)
    tgs = [(tg["qdata"], tg["scale_and_zero"])]
    tgs += [(tg["qdata"].clone(), tg["scale_and_zero"].clone())
            for _ in range(copies_for(qf_formats.weight_bytes("int4_tinygemm_g128", N, K)) - 1)]
    for M in ms:
        x = xs[M]
        log(f"baselines N={N} K={K} M={M}")
        bf_fn = lambda i: F.linear(x, bf[i])  # noqa: E731
        tg_fn = lambda i: torch.ops.aten._weight_int4pack_mm(x, tgs[i][0], 128, tgs[i][1])  # noqa: E731
        out["rows"].append({"impl": "bf16_cublas", "N": N, "K": K, "M": M, "us": time_rotating(bf_fn, len(bf)),
                            "us_b2b": time_back_to_back(bf_fn, len(bf))})
        out["rows"].append({"impl": "torchao_int4_tinygemm_g128", "N": N, "K": K, "M": M,
                            "us": time_rotating(tg_fn, len(tgs)), "us_b2b": time_back_to_back(tg_fn, len(tgs))})
    del bf, tgs


def bench_shape(out, mod, table, N, K, full):
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    ms = [1, 16, 128, 2048] if full else [1, 16]
    xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in sorted(set(CHECK_MS + ms))}
    baselines(out, N, K, w, xs, ms)
    for tag in TIMED_TAGS + CHECK_ONLY_TAGS:
        inner, w64 = qf_formats.make(tag, w)
        lin = qf_module.QfLinear(mod, table[tag], inner, N, K)
        check_cfgs(out, lin, tag, N, K, xs, w64)
        # the default at the timed M beyond decode too (mixed wgmma at 128 for int4, prefill at 2048)
        check_cfgs(out, lin, tag, N, K, xs, w64, ms=[M for M in ms if M not in CHECK_MS], cfgs=[])
        del w64
        if tag in TIMED_TAGS:
            wbytes = qf_formats.weight_bytes(tag, N, K)
            rot = Rotation(lin, copies_for(wbytes))
            for M in ms:
                x = xs[M]
                y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
                row = {"impl": f"qf_{tag}", "N": N, "K": K, "M": M, "weight_bytes": wbytes,
                       "us": time_rotating(lambda i: rot(i, x, y), len(rot.sets)),
                       "us_b2b": time_back_to_back(lambda i: rot(i, x, y), len(rot.sets))}
                if M in CANDIDATES:
                    row["cfg_us"] = {c: time_rotating(lambda i: rot(i, x, y, c), len(rot.sets)) for c in CANDIDATES[M]}
                row["pct_of_copy"] = 100 * wbytes / (row["us"] * 1e-6) / (out["copy_GBps"] * 1e9)
                out["rows"].append(row)
                log(f"{tag:20s} N={N:5d} K={K:5d} M={M:4d} {row['us']:7.1f} us {row['pct_of_copy']:4.0f}% "
                    f"b2b {row['us_b2b']:7.1f} "
                    + str({c: round(v, 1) for c, v in row.get("cfg_us", {}).items()}))
            del rot
        del lin
    del w, xs
    torch.cuda.empty_cache()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("out")
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--shapes", default="", help="NxK[,NxK...] instead of all four #7 shapes")
    a = ap.parse_args()
    mod, table = qf_module.load(a.build_dir)
    props = torch.cuda.get_device_properties(0)
    out = {"card": torch.cuda.get_device_name(0), "sms": props.multi_processor_count, "l2_bytes": props.L2_cache_size,
           "torch": torch.__version__, "timing": "rotation among weight copies > 3x L2, no flush, CUDA events, median",
           "rows": [], "failures": [], "checks": 0}
    out["copy_GBps"] = copy_bandwidth()
    print(f"card {out['card']}  SMs {out['sms']}  L2 {out['l2_bytes'] >> 20} MB  copy {out['copy_GBps']:.0f} GB/s", flush=True)
    torch.manual_seed(int(time.time()))  # fresh random data every run
    out["seed"] = torch.initial_seed()
    odd_shapes(out, mod, table)
    shapes = [tuple(int(v) for v in sk.split("x")) for sk in a.shapes.split(",")] if a.shapes else SHAPES
    for N, K in shapes:
        bench_shape(out, mod, table, N, K, a.full)
        with open(a.out, "w") as f:  # partial results survive a timeout
            json.dump(out, f, indent=1)
    summary(out)


def summary(out):
    bw = out["copy_GBps"] * 1e9
    rows = {(r["impl"], r["N"], r["K"], r["M"]): r for r in out["rows"]}
    print("us (% of copy bw on its bytes)/back-to-back us; b<cfg>:<us> = best candidate cfg")
    for N, K in sorted({(r["N"], r["K"]) for r in out["rows"]}, key=lambda s: SHAPES.index(s) if s in SHAPES else 9):
        for M in sorted({r["M"] for r in out["rows"] if r["N"] == N and r["K"] == K}):
            base = rows.get(("bf16_cublas", N, K, M), {}).get("us", float("nan"))
            tao = rows.get(("torchao_int4_tinygemm_g128", N, K, M), {}).get("us", float("nan"))
            cells = []
            for tag in TIMED_TAGS:
                r = rows.get((f"qf_{tag}", N, K, M))
                if r is None:
                    continue
                pct = 100 * r["weight_bytes"] / (r["us"] * 1e-6) / bw
                best = min(r.get("cfg_us", {}).items(), key=lambda kv: kv[1], default=None)
                cells.append(f"{tag.split('_')[0]}{'T' if 'tinygemm' in tag else ''} {r['us']:.1f}({pct:.0f}%)"
                             f"/{r.get('us_b2b', float('nan')):.1f}"
                             + (f" b{best[0]}:{best[1]:.1f}" if best else ""))
            print(f"{N}x{K} M={M}: bf16 {base:.1f} tao {tao:.1f} | " + " | ".join(cells))
    print(f"checks {out['checks']}  failures {len(out['failures'])}")
    for fl in out["failures"]:
        log(f"FAIL {fl}")
    for fl in out["failures"][:8]:
        print("  FAIL", fl)


if __name__ == "__main__":
    main()
