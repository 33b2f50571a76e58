"""Weight-only quantized linear on the GPU machine: correctness against float64, then timing
against bf16 cuBLAS (F.linear), torchao's int4 kernel (aten._weight_int4pack_mm) and a
device-to-device copy, in one process on one card.

usage: python3 bench/gpu/bench_linear.py <build-dir> <out.json> [--quick]
Timing: triton.testing.do_bench (CUDA events, L2 flushed before every repetition, median).
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F
from triton.testing import do_bench

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_formats  # noqa: E402
import qf_module  # noqa: E402

SHAPES = [(4096, 4096), (14336, 4096), (4096, 14336), (6144, 4096)]
MS = [1, 16, 128, 2048]
SWEEP_TAGS = {"int4_plain_g128", "int8_row", "fp8_row"}
DECODE_CFGS = [0, 1, 2, 3, 8, 10, 12, 13, 14]
MID_CFGS = [5, 6, 7, 100]
TOL = 1e-2


def us(fn):
    return do_bench(fn, warmup=20, rep=80, return_mode="median") * 1e3


def rel_err(y, ref):
    return ((y.double() - ref).norm() / ref.norm()).item()


def copy_bandwidth():
    a = torch.randint(0, 255, (1 << 30,), dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    t = us(lambda: b.copy_(a))
    return 2 * a.numel() / (t * 1e-6) / 1e9, t


def check(lin, x, ref, cfg=None):
    y = torch.full((x.shape[0], lin.N), float("nan"), dtype=torch.bfloat16, device="cuda")
    lin(x, y, cfg=cfg)
    torch.cuda.synchronize()
    written = bool(torch.isfinite(y).all().item())
    return written, rel_err(y, ref), y


def run(build_dir, quick):
    mod, table = qf_module.load(build_dir)
    props = torch.cuda.get_device_properties(0)
    out = {"card": torch.cuda.get_device_name(0), "sms": props.multi_processor_count,
           "torch": torch.__version__, "rows": [], "failures": []}
    bw, tcopy = copy_bandwidth()
    out["copy_GBps"] = bw
    print(f"card {out['card']}  SMs {out['sms']}  copy {bw:.0f} GB/s (1 GiB in {tcopy:.0f} us)", flush=True)
    shapes = SHAPES[:1] if quick else SHAPES
    torch.manual_seed(1234)
    for N, K in shapes:
        w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
        xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in MS}
        tg_inner, _, _ = qf_formats.int4_tinygemm(w, 128)
        for M in MS:
            x = xs[M]
            out["rows"].append({"impl": "bf16_cublas", "N": N, "K": K, "M": M, "us": us(lambda: F.linear(x, w))})
            out["rows"].append({"impl": "torchao_int4_tinygemm_g128", "N": N, "K": K, "M": M,
                                "us": us(lambda: torch.ops.aten._weight_int4pack_mm(x, tg_inner["qdata"], 128, tg_inner["scale_and_zero"]))})
        for tag, entry in table.items():
            if entry["kind"] != "weight_only":
                continue
            inner, w64 = qf_formats.make(tag, w)
            lin = qf_module.QfLinear(mod, entry, inner, N, K)
            deq = lin.dequantize().double()
            deq_err = ((deq - w64).abs().max() / w64.abs().max()).item()
            out["rows"].append({"impl": f"qf_dequant_{tag}", "N": N, "K": K, "max_rel_err": deq_err,
                                "us": us(lambda: lin.dequantize())})
            if tag == "int4_plain_g128":  # the prefill path's two parts, timed apart
                deq_bf16 = deq.to(torch.bfloat16)
                out["rows"].append({"impl": "bf16_cublas_on_dequantized", "N": N, "K": K, "M": 2048,
                                    "us": us(lambda: F.linear(xs[2048], deq_bf16))})
            wbytes = qf_formats.weight_bytes(tag, N, K)
            for M in MS:
                x = xs[M]
                ref = x.double() @ w64.t()
                written, err, _ = check(lin, x, ref)
                ok = written and err < TOL
                if not ok:
                    out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "written": written, "err": err})
                y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
                t = us(lambda: lin(x, y))
                row = {"impl": f"qf_{tag}", "N": N, "K": K, "M": M, "us": t, "err": err, "written": written,
                       "weight_bytes": wbytes, "GBps": wbytes / (t * 1e-6) / 1e9}
                sweep = (DECODE_CFGS if M == 1 else [1, 3, 15]) if M <= 16 else (MID_CFGS if M == 128 else [])
                if tag in SWEEP_TAGS and not quick:
                    row["cfg_us"] = {}
                    for cfg in sweep:
                        w_ok, e, _ = check(lin, x, ref, cfg)
                        if not (w_ok and e < TOL):
                            out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": e, "written": w_ok})
                        row["cfg_us"][cfg] = us(lambda: lin(x, y, cfg=cfg))
                out["rows"].append(row)
                print(f"{tag:20s} N={N:5d} K={K:5d} M={M:4d} {t:9.1f} us  {row['GBps']:6.0f} GB/s  err {err:.1e}"
                      + ("" if ok else "  FAIL") + (f"  cfg {row.get('cfg_us')}" if row.get("cfg_us") else ""), flush=True)
            del lin
        del w, xs
        torch.cuda.empty_cache()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("out")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    res = run(a.build_dir, a.quick)
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)
    print(f"failures: {len(res['failures'])}")
    for fl in res["failures"]:
        print("  FAIL", fl)


if __name__ == "__main__":
    main()
