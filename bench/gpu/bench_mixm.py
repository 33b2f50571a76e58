"""Weight-only linears at M = 17..256 on the GPU machine (issue #7, topic mixm), one process, one card:
1. correctness of the mixed-input wgmma configurations (linear_op.cuh cfg 400-432) and the default
   against float64 on fresh random data: M in {17, 33, 64, 100, 128, 256}, the #7 shapes plus
   N % 64 != 0 and an odd number of K chunks; outputs poisoned with NaN and a guard row after y
   that must stay NaN; the difference to the prefill path (same bf16 weights, cuBLAS) recorded;
2. timing at M in {32, 64, 128, 256} on the four #7 shapes: bf16 F.linear, torchao's int4 kernel
   (aten._weight_int4pack_mm), decode cfg 6, the prefill path (cfg 100), the default and every
   mixed configuration; weight copies rotated over > 3x L2 (rotate_timer.py), CUDA events, median.

usage: python3 bench/gpu/bench_mixm.py <build-dir> <out.json> [--full]
--full also times int4 tinygemm, int8 and fp8 (the last round's table). Short summary on stdout.
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
from bench_decode import Rotation, rel_err  # noqa: E402
from rotate_timer import copies_for, copy_bandwidth, time_rotating  # noqa: E402

SHAPES = [(4096, 4096), (14336, 4096), (4096, 14336), (6144, 4096)]
CHECK_SHAPES = SHAPES[:3] + [(1096, 1152), (1096, 1088)]  # N % 64 = 8; K / 64 = 17 chunks (8-bit only)
CHECK_TAGS = ["int4_plain_g128", "int4_tinygemm_g128", "int8_row", "fp8_row", "int4_plain_g32"]
CHECK_MS = [17, 33, 64, 100, 128, 256]
BIAS_MS = [33, 100]
TIME_MS = [32, 64, 128, 256]
MIXM_CFGS = [400, 401, 402, 403, 404, 405, 406, 407, 410, 411, 412, 413, 414, 420, 421, 422, 423, 424, 425, 426, 427, 428, 429, 430, 431, 432]
TOL = 1e-2  # relative Frobenius error vs float64 (bf16 output rounding alone is ~2e-3)
SLEEP = 30_000_000  # ~15 ms of GPU sleep before each timed series: the host queues all 60 calls (2-3 launches each)


def timed(fn, copies):
    return time_rotating(fn, copies, sleep_cycles=SLEEP)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_checked(lin, x, N, cfg, bias=None):
    """y from one call with a NaN-poisoned output and a guard row that must stay NaN."""
    M = x.shape[0]
    buf = torch.full((M + 1, N), float("nan"), dtype=torch.bfloat16, device="cuda")
    y = buf[:M]
    lin(x, y, bias=bias, cfg=cfg)
    torch.cuda.synchronize()
    guard_ok = bool(torch.isnan(buf[M]).all().item())
    return y, guard_ok


def available_cfgs(mod, table):
    """The mixed configurations this module was built with (an older build lacks the newer ones)."""
    N, K = 1096, 1152
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    inner, _ = qf_formats.make("int4_plain_g128", w)
    lin = qf_module.QfLinear(mod, table["int4_plain_g128"], inner, N, K)
    x = torch.randn(17, K, device="cuda").to(torch.bfloat16)
    y = torch.empty((17, N), dtype=torch.bfloat16, device="cuda")
    found = []
    for cfg in MIXM_CFGS:
        try:
            lin(x, y, cfg=cfg)
            found.append(cfg)
        except Exception as e:  # noqa: BLE001 - tvm_ffi raises its own error types
            log(f"cfg {cfg} dropped: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    torch.cuda.synchronize()
    return found


def check_shape(out, mod, table, N, K):
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in CHECK_MS}
    for tag in CHECK_TAGS:
        if tag.startswith("int4") and K % 128:
            continue
        inner, w64 = qf_formats.make(tag, w)
        lin = qf_module.QfLinear(mod, table[tag], inner, N, K)
        wdq = lin.dequantize()  # the bf16 weights the prefill GEMM and the mixed kernels both multiply
        bias = (torch.randn(N, device="cuda") * 0.5).to(torch.bfloat16)
        for M in CHECK_MS:
            x = xs[M]
            b = bias if M in BIAS_MS else None  # with a bias at some M, the epilogue's add is checked too
            ref = x.double() @ w64.t() + (b.double() if b is not None else 0)
            pre = F.linear(x, wdq, b).double()
            for cfg in [None] + MIXM_CFGS:
                y, guard_ok = run_checked(lin, x, N, cfg, b)
                written = bool(torch.isfinite(y).all().item())
                err = rel_err(y, ref)
                vs_pre = ((y.double() - pre).abs().max() / pre.abs().max()).item()
                out["checks"] += 1
                out["max_err"] = max(out["max_err"], err)
                out["max_vs_prefill"] = max(out["max_vs_prefill"], vs_pre)
                if not (written and guard_ok and err < TOL):
                    out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err,
                                            "written": written, "guard": guard_ok, "bias": b is not None})
        del lin, w64, wdq
    del w, xs
    torch.cuda.empty_cache()


def time_shape(out, mod, table, N, K, tags):
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in TIME_MS}
    bf = [w] + [w.clone() for _ in range(copies_for(w.numel() * 2) - 1)]
    tg, _, _ = qf_formats.int4_tinygemm(w, 128)
    tgs = [(tg["qdata"], tg["scale_and_zero"])]
    tgs += [(tg["qdata"].clone(), tg["scale_and_zero"].clone())
            for _ in range(copies_for(qf_formats.weight_bytes("int4_tinygemm_g128", N, K)) - 1)]
    for M in TIME_MS:
        x = xs[M]
        out["rows"].append({"impl": "bf16_cublas", "N": N, "K": K, "M": M,
                            "us": timed(lambda i: F.linear(x, bf[i]), len(bf))})
        out["rows"].append({"impl": "torchao_int4_tinygemm_g128", "N": N, "K": K, "M": M,
                            "us": timed(lambda i: torch.ops.aten._weight_int4pack_mm(
                                x, tgs[i][0], 128, tgs[i][1]), len(tgs))})
    del bf, tgs
    for tag in tags:
        inner, _ = qf_formats.make(tag, w)
        lin = qf_module.QfLinear(mod, table[tag], inner, N, K)
        wbytes = qf_formats.weight_bytes(tag, N, K)
        rot = Rotation(lin, copies_for(wbytes))
        for M in TIME_MS:
            x = xs[M]
            y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
            row = {"impl": f"qf_{tag}", "N": N, "K": K, "M": M, "weight_bytes": wbytes,
                   "us": timed(lambda i: rot(i, x, y), len(rot.sets)), "cfg_us": {}}
            for cfg in [6, 100] + MIXM_CFGS:
                row["cfg_us"][cfg] = timed(lambda i: rot(i, x, y, cfg), len(rot.sets))
            out["rows"].append(row)
            log(f"{tag:20s} N={N:5d} K={K:5d} M={M:4d} default {row['us']:7.1f} us "
                + str({c: round(v, 1) for c, v in row["cfg_us"].items()}))
        del rot, lin
    del w, xs
    torch.cuda.empty_cache()


def summary(out):
    """One line per shape and M: baselines, then int4 plain g128 with every mixed configuration
    (cfg:us), then (--full) the other formats' default and best mixed configuration."""
    rows = {(r["impl"], r["N"], r["K"], r["M"]): r for r in out["rows"]}
    print("us, rotated weights. bf16 = F.linear, tao = torchao int4, c6 = decode cfg 6, pre = prefill (cfg 100), "
          "dflt = default; then mixed cfg:us")
    for N, K in SHAPES:
        for M in TIME_MS:
            base = rows.get(("bf16_cublas", N, K, M))
            if base is None:
                continue
            tao = rows[("torchao_int4_tinygemm_g128", N, K, M)]["us"]
            cells = []
            for tag in CHECK_TAGS:
                r = rows.get((f"qf_{tag}", N, K, M))
                if r is None:
                    continue
                c = r["cfg_us"]
                mixed = [(k, v) for k, v in c.items() if k in MIXM_CFGS]
                name = tag.replace("_g128", "").replace("int4_", "i4")
                if tag == "int4_plain_g128":
                    cells.append(f"{name} c6 {c[6]:.1f} pre {c[100]:.1f} dflt {r['us']:.1f} | "
                                 + " ".join(f"{k}:{v:.1f}" for k, v in mixed))
                else:
                    best = min(mixed, key=lambda kv: kv[1], default=(None, float("nan")))
                    cells.append(f"{name} dflt {r['us']:.1f} best {best[0]}:{best[1]:.1f}")
            print(f"{N}x{K} M={M}: bf16 {base['us']:.1f} tao {tao:.1f} | " + " | ".join(cells))
    print(f"checks {out['checks']}  failures {len(out['failures'])}  max rel err {out['max_err']:.2e}  "
          f"max |y - prefill| / max|prefill| {out['max_vs_prefill']:.2e}  cfgs {out.get('cfgs')}")
    by_cfg = {}
    for fl in out["failures"]:
        log(f"FAIL {fl}")
        by_cfg[fl["cfg"]] = by_cfg.get(fl["cfg"], 0) + 1
    if by_cfg:
        print("  failures by cfg:", by_cfg)
    for fl in out["failures"][:8]:
        print("  FAIL", fl)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("out")
    ap.add_argument("--full", action="store_true")
    a = ap.parse_args()
    mod, table = qf_module.load(a.build_dir)
    props = torch.cuda.get_device_properties(0)
    out = {"card": torch.cuda.get_device_name(0), "sms": props.multi_processor_count, "l2_bytes": props.L2_cache_size,
           "torch": torch.__version__, "timing": "rotation among weight copies > 3x L2, no flush, CUDA events, median",
           "rows": [], "failures": [], "checks": 0, "max_err": 0.0, "max_vs_prefill": 0.0}
    out["copy_GBps"] = copy_bandwidth()
    print(f"card {out['card']}  SMs {out['sms']}  L2 {out['l2_bytes'] >> 20} MB  copy {out['copy_GBps']:.0f} GB/s",
          flush=True)
    torch.manual_seed(int(time.time()))  # fresh random data every run
    out["seed"] = torch.initial_seed()
    MIXM_CFGS[:] = available_cfgs(mod, table)
    out["cfgs"] = list(MIXM_CFGS)
    for N, K in CHECK_SHAPES:
        log(f"checks N={N} K={K}")
        check_shape(out, mod, table, N, K)
        with open(a.out, "w") as f:
            json.dump(out, f, indent=1)
    tags = ["int4_plain_g128", "int4_tinygemm_g128", "int8_row", "fp8_row"] if a.full else ["int4_plain_g128"]
    for N, K in SHAPES:
        time_shape(out, mod, table, N, K, tags)
        with open(a.out, "w") as f:  # partial results survive a timeout
            json.dump(out, f, indent=1)
    summary(out)


if __name__ == "__main__":
    main()
