"""Decode v11 (tile kernels, decode_tile.cuh) on the GPU machine (scripts/gpu/tile-check.sh), one
process, one card:
1. correctness of every configuration of the tile-check module (v5 cfg 48 / 70 and the v11 cfgs)
   against float64 on fresh random data: M in {1, 3, 9, 16}, N in {4096, 14336, 4104 (N % 16 ==
   8)}, K in {4096, 14336}, outputs poisoned with NaN first, worst row's relative error;
2. timing at M = 1 and 16 on the four #7 shapes, isolated launches and back-to-back (20 rotated
   launches per event pair), weight copies rotated over > 3x L2 (rotate_timer.py), against the
   device copy and bf16 cuBLAS (F.linear) in the same process.
Formats: int4 g128 plain and tinygemm, int8 and fp8 per-row, NVFP4 (with per-tensor scale) and
MXFP4 weight-only (random codes and scale bytes, bench_mx.random_weight).

usage: python3 bench/gpu/bench_tile.py <build-dir> <out.json> [--quick]
Prints a short summary on stdout; progress and failures go to stderr.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_mx  # noqa: E402
import qf_formats  # noqa: E402
import qf_module  # noqa: E402
from rotate_timer import copies_for, copy_bandwidth, time_back_to_back, time_rotating  # noqa: E402

TAGS = ["int4_plain_g128", "int4_tinygemm_g128", "int8_row", "fp8_row", "nvfp4_pts", "mxfp4"]
SHORT = {"int4_plain_g128": "int4", "int4_tinygemm_g128": "int4T", "int8_row": "int8", "fp8_row": "fp8",
         "nvfp4_pts": "nvfp4", "mxfp4": "mxfp4"}
CHECK_NS, CHECK_KS, CHECK_MS = [4096, 14336, 4104], [4096, 14336], [1, 3, 9, 16]
TIME_SHAPES = [(14336, 4096), (4096, 14336), (4096, 4096), (6144, 4096)]
V5 = {1: 48, 16: 70}
TILE = {1: [300, 301, 302, 303, 304, 305], 16: [310, 311, 312, 313, 314]}
ALL_CFGS = [None, 48, 70] + TILE[1] + TILE[16]
TOL = 1e-2


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def make_linear(mod, table, tag, w, N, K):
    """(linear, float64 reference weight, streamed bytes) for one format on weight w (bf16)."""
    if tag in ("nvfp4_pts", "mxfp4"):
        inner, wref = bench_mx.random_weight(tag, N, K)
        lin = bench_mx.MxLinear(mod, table[tag], inner, N, K)
        nbytes = sum(v.numel() * v.element_size() for v in inner.values())
        return lin, wref.double(), nbytes
    inner, w64 = qf_formats.make(tag, w)
    return qf_module.QfLinear(mod, table[tag], inner, N, K), w64, qf_formats.weight_bytes(tag, N, K)


def worst_row_err(y, ref):
    d = (y.double() - ref).norm(dim=1) / ref.norm(dim=1).clamp(min=1e-30)
    return d.max().item()


def check_shape(out, mod, table, N, K):
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in CHECK_MS}
    for tag in TAGS:
        try:
            lin, w64, _ = make_linear(mod, table, tag, w, N, K)
        except Exception as e:  # noqa: BLE001 - a format that does not take this shape is reported
            out["skipped"].append(f"{tag} {N}x{K}: {type(e).__name__}: {str(e)[:120]}")
            continue
        for M in CHECK_MS:
            x = xs[M]
            bias = torch.randn(N, device="cuda").to(torch.bfloat16) if M == 3 else None
            ref = x.double() @ w64.t() + (bias.double() if bias is not None else 0)
            for cfg in ALL_CFGS:
                y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                try:
                    lin(x, y, bias=bias, cfg=cfg)
                    torch.cuda.synchronize()
                    written, err = bool(torch.isfinite(y).all().item()), worst_row_err(y, ref)
                except Exception as e:  # noqa: BLE001 - a launch error is a failure, named
                    written, err = False, float("nan")
                    log(f"error {tag} {N}x{K} M={M} cfg={cfg}: {e}")
                out["checks"] += 1
                out["max_err"] = max(out["max_err"], err) if err == err else out["max_err"]
                if not (written and err < TOL):
                    out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err,
                                            "written": written})
        del lin, w64
    del w, xs
    torch.cuda.empty_cache()


class Rotation:
    """`copies` linears on copies of the same weight (the reads of each launch come from DRAM)."""

    def __init__(self, lin, copies):
        self.lins = [lin]
        for _ in range(copies - 1):
            c = object.__new__(type(lin))
            c.__dict__.update(lin.__dict__)
            c.qdata = lin.qdata.clone()
            c.params = [p.clone() for p in lin.params]
            self.lins.append(c)

    def __call__(self, i, x, y, cfg=None):
        self.lins[i](x, y, cfg=cfg)


def time_shape(out, mod, table, N, K):
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    bf = [w] + [w.clone() for _ in range(copies_for(w.numel() * 2) - 1)]
    xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in V5}
    for M, x in xs.items():
        fn = lambda i: F.linear(x, bf[i])  # noqa: E731
        out["rows"].append({"impl": "bf16_cublas", "N": N, "K": K, "M": M, "us": time_rotating(fn, len(bf)),
                            "us_b2b": time_back_to_back(fn, len(bf))})
    del bf
    for tag in TAGS:
        lin, w64, nbytes = make_linear(mod, table, tag, w, N, K)
        del w64
        rot = Rotation(lin, copies_for(nbytes))
        for M, x in xs.items():
            y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
            row = {"impl": tag, "N": N, "K": K, "M": M, "weight_bytes": nbytes, "cfg": {}}
            for cfg in [V5[M]] + TILE[M]:
                fn = lambda i: rot(i, x, y, cfg)  # noqa: E731
                try:
                    row["cfg"][cfg] = {"us": time_rotating(fn, len(rot.lins)),
                                       "us_b2b": time_back_to_back(fn, len(rot.lins))}
                except Exception as e:  # noqa: BLE001 - reported, the other configurations go on
                    row["cfg"][cfg] = {"us": float("nan"), "us_b2b": float("nan")}
                    out["timing_errors"].append(f"{tag} {N}x{K} M={M} cfg {cfg}: {str(e)[:160]}")
            out["rows"].append(row)
            log(f"{tag:20s} {N:5d}x{K:<5d} M={M:2d} " + " ".join(
                f"{c}:{v['us']:.1f}/{v['us_b2b']:.1f}" for c, v in row["cfg"].items()))
        del rot, lin
        torch.cuda.empty_cache()
    del w, xs
    torch.cuda.empty_cache()


def summary(out):
    bw = out["copy_GBps"] * 1e9
    print(f"checks {out['checks']}  failures {len(out['failures'])}  max worst-row rel err {out['max_err']:.2e}"
          f"  skipped {len(out['skipped'])}")
    for fl in out["failures"][:6]:
        print("  FAIL", fl)
    for te in out["timing_errors"][:4]:
        print("  TIMING ERROR", te)
    print("us isolated/back-to-back; v5 = cfg 48 (M=1) / 70 (M=16); best v11 cfg with % of copy on its bytes")
    for N, K in TIME_SHAPES:
        for M in V5:
            bf = next((r for r in out["rows"] if r["impl"] == "bf16_cublas" and (r["N"], r["K"], r["M"]) == (N, K, M)), None)
            if bf is None:
                continue
            print(f"{N}x{K} M={M}: bf16 cuBLAS {bf['us']:.1f}/{bf['us_b2b']:.1f}")
            for r in out["rows"]:
                if r["impl"] == "bf16_cublas" or (r["N"], r["K"], r["M"]) != (N, K, M):
                    continue
                v5 = r["cfg"][V5[M]]
                tile = {c: v for c, v in r["cfg"].items() if c != V5[M]}
                best = min(tile, key=lambda c: tile[c]["us"] if tile[c]["us"] == tile[c]["us"] else 1e9)
                pct = 100 * r["weight_bytes"] / (tile[best]["us"] * 1e-6) / bw
                cells = " ".join(f"{c}:{v['us']:.1f}" for c, v in tile.items())
                print(f"  {SHORT[r['impl']]:6s} v5 {v5['us']:.1f}/{v5['us_b2b']:.1f}  best {best} "
                      f"{tile[best]['us']:.1f}/{tile[best]['us_b2b']:.1f} ({pct:.0f}%)  [{cells}]")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("out")
    ap.add_argument("--quick", action="store_true", help="check only N=4104 and time only 14336x4096")
    a = ap.parse_args()
    mod, table = qf_module.load(a.build_dir)
    props = torch.cuda.get_device_properties(0)
    out = {"card": torch.cuda.get_device_name(0), "sms": props.multi_processor_count, "l2_bytes": props.L2_cache_size,
           "torch": torch.__version__, "rows": [], "failures": [], "skipped": [], "timing_errors": [], "checks": 0, "max_err": 0.0,
           "timing": "rotation among weight copies > 3x L2, CUDA events, median; b2b: 20 launches per event pair"}
    out["copy_GBps"] = copy_bandwidth()
    print(f"card {out['card']}  SMs {out['sms']}  L2 {out['l2_bytes'] >> 20} MB  copy {out['copy_GBps']:.0f} GB/s",
          flush=True)
    torch.manual_seed(int(time.time()))  # fresh random data every run
    out["seed"] = torch.initial_seed()
    started = time.time()
    ns = [4104] if a.quick else CHECK_NS
    for N in ns:
        for K in CHECK_KS:
            check_shape(out, mod, table, N, K)
            log(f"checked {N}x{K}: {out['checks']} checks, {len(out['failures'])} failures, "
                f"{time.time() - started:.0f} s")
    out["check_s"] = time.time() - started
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
    for N, K in TIME_SHAPES[:1] if a.quick else TIME_SHAPES:
        time_shape(out, mod, table, N, K)
        with open(a.out, "w") as f:  # partial results survive a timeout
            json.dump(out, f, indent=1)
    out["total_s"] = time.time() - started
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
    summary(out)
    return 1 if out["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
