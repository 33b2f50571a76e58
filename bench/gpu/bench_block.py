"""NVFP4 / MX weight decode (block_formats.cuh) on the GPU machine, one process, one card:
1. the oracle's exact bytes (bench/gpu/block-oracle-cases.ts, TS quantizers, swizzled scales):
   kernel dequantize == oracle dequantize bit for bit; linear vs float64 of that weight;
2. fresh random codes and scale bytes on the benchmark shapes: dequantize == torchao's formula
   (torch, bf16), linear (every decode cfg and the prefill path) vs float64;
3. timing vs bf16 F.linear, torch._int_mm and a device copy.

usage: python3 bench/gpu/bench_block.py <build-dir> <oracle-dir> <out.json>
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F
from triton.testing import do_bench

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_module  # noqa: E402

TAGS = ["nvfp4", "nvfp4_pts", "mxfp4", "mxfp8"]
SHAPES = [(4096, 4096), (14336, 4096)]
CHECK_MS = [1, 3, 8, 9, 16, 100]
CFGS_SMALL = [None, 12, 15, 40, 48, 60, 70]
TIME_CFGS = {1: [12, 40, 44, 48, 60, 64, 68], 16: [15, 50, 58, 70, 78]}
TOL = 1e-2
FP4 = torch.tensor([0, .5, 1, 1.5, 2, 3, 4, 6, -0.0, -.5, -1, -1.5, -2, -3, -4, -6], dtype=torch.float32)


def us(fn):
    return do_bench(fn, warmup=10, rep=40, return_mode="median") * 1e3


def to_blocked(s):  # torchao to_blocked, [R, C] uint8 -> flat swizzled
    R, C = s.shape
    Rp, Cp = (R + 127) // 128 * 128, (C + 3) // 4 * 4
    p = torch.zeros((Rp, Cp), dtype=s.dtype, device=s.device)
    p[:R, :C] = s
    return p.view(Rp // 128, 4, 32, Cp // 4, 4).permute(0, 3, 2, 1, 4).reshape(Rp // 128 * 32, Cp // 4 * 16)


def dequant_ref(tag, codes, sbytes, P):
    """torchao's dequantize in torch: codes [N, K] (fp4 code or fp8 byte), sbytes [N, K/G]."""
    N, K = codes.shape
    if tag.startswith("nvfp4"):
        v = FP4.to(codes.device)[codes.long()]
        s = sbytes.view(torch.float8_e4m3fn).float()
        if P is not None:
            s = P * s
        return (v.view(N, K // 16, 16) * s[..., None]).reshape(N, K).to(torch.bfloat16)
    e = sbytes.int()
    sc = torch.where(e == 0, torch.full_like(e, 0x00400000), e << 23).view(torch.float32)
    sc = torch.where(e == 255, torch.full_like(sc, float("nan")), sc).to(torch.bfloat16)
    v = FP4.to(codes.device)[codes.long()].to(torch.bfloat16) if tag == "mxfp4" else codes.view(torch.float8_e4m3fn).to(torch.bfloat16)
    return (v.view(N, K // 32, 32) * sc[..., None]).reshape(N, K)


def random_weight(tag, N, K):
    dev = "cuda"
    if tag == "mxfp8":
        codes = torch.randint(0, 256, (N, K), dtype=torch.uint8, device=dev)
        codes = torch.where((codes & 0x7F) == 0x7F, codes ^ 1, codes)  # no NaN elements
        qdata = codes
        sb = torch.randint(118, 126, (N, K // 32), dtype=torch.uint8, device=dev)
    else:
        codes = torch.randint(0, 16, (N, K), dtype=torch.uint8, device=dev)
        qdata = codes[:, 0::2] | (codes[:, 1::2] << 4)
        if tag == "mxfp4":
            sb = torch.randint(120, 130, (N, K // 32), dtype=torch.uint8, device=dev)
        else:  # e4m3 bytes with exponent fields 4..10, never NaN
            sb = (torch.randint(4, 11, (N, K // 16), device=dev) << 3 | torch.randint(0, 8, (N, K // 16), device=dev)).to(torch.uint8)
    P = torch.tensor([0.0123], device=dev) if tag == "nvfp4_pts" else None
    inner = {"qdata": qdata, "scale": to_blocked(sb), "per_tensor_scale": P if P is not None else torch.empty(0, device=dev)}
    return inner, dequant_ref(tag, codes, sb, None if P is None else P[0])


def make_lin(mod, table, tag, inner, N, K):
    inner = dict(inner)
    inner["scale"] = inner["scale"].contiguous().view(torch.uint8)
    inner.setdefault("per_tensor_scale", torch.empty(0, device="cuda"))
    return qf_module.QfLinear(mod, table[tag], inner, N, K)


def check_linear(out, where, lin, wref, K):
    w64 = wref.double()
    for M in CHECK_MS:
        x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
        ref = x.double() @ w64.t()
        for cfg in (CFGS_SMALL if M <= 16 else [None]):
            if cfg == 12 and M > 8 or cfg in (40, 48, 60) and M > 8:
                continue
            y = torch.full((M, lin.N), float("nan"), dtype=torch.bfloat16, device="cuda")
            lin(x, y, cfg=cfg)
            err = ((y.double() - ref).norm() / ref.norm()).item()
            out["checks"] += 1
            if not (torch.isfinite(y).all().item() and err < TOL):
                out["failures"].append({**where, "M": M, "cfg": cfg, "err": err})
            out["max_err"] = max(out["max_err"], err)


def check_dequant(out, where, lin, wref):
    d = lin.dequantize()
    diff = (d.view(torch.int16) != wref.view(torch.int16)) & ~(torch.isnan(d) & torch.isnan(wref))
    n = int(diff.sum().item())
    out["dequant_checks"] += 1
    if n:
        out["dequant_mismatch"].append({**where, "elements": n})


def oracle_cases(out, mod, table, odir):
    meta = json.load(open(os.path.join(odir, "cases.json")))
    N, K = meta["N"], meta["K"]
    dt = {"uint8": torch.uint8, "bfloat16": torch.bfloat16, "float32": torch.float32,
          "float8_e4m3fn": torch.uint8, "float8_e8m0fnu": torch.uint8}
    for tag, tensors in meta["cases"].items():
        t = {}
        for name, m in tensors.items():
            raw = open(os.path.join(odir, f"{tag}.{name}.bin"), "rb").read()
            t[name] = torch.frombuffer(bytearray(raw), dtype=dt[m["dtype"]]).reshape(m["shape"]).cuda()
        lin = make_lin(mod, table, tag, t, N, K)
        check_dequant(out, {"oracle": tag}, lin, t["dequantized"])
        check_linear(out, {"oracle": tag}, lin, t["dequantized"], K)


def main():
    build_dir, odir, path = sys.argv[1:4]
    mod, table = qf_module.load(build_dir)
    out = {"card": torch.cuda.get_device_name(0), "torch": torch.__version__, "rows": [], "failures": [],
           "checks": 0, "max_err": 0.0, "dequant_checks": 0, "dequant_mismatch": []}
    a = torch.randint(0, 255, (1 << 30,), dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    out["copy_GBps"] = 2 * a.numel() / (us(lambda: b.copy_(a)) * 1e-6) / 1e9
    del a, b
    print(f"card {out['card']} copy {out['copy_GBps']:.0f} GB/s", flush=True)
    torch.manual_seed(int(time.time()))
    oracle_cases(out, mod, table, odir)
    print(f"oracle: checks {out['checks']} failures {len(out['failures'])} dequant mismatches {out['dequant_mismatch']}", flush=True)
    for N, K in SHAPES:
        wb = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
        w8 = torch.randint(-128, 127, (N, K), dtype=torch.int8, device="cuda")
        for M in (1, 16, 2048):
            x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
            out["rows"].append({"impl": "bf16_cublas", "N": N, "K": K, "M": M, "us": us(lambda: F.linear(x, wb))})
            if M > 16:
                x8 = torch.randint(-128, 127, (M, K), dtype=torch.int8, device="cuda")
                out["rows"].append({"impl": "torch_int_mm", "N": N, "K": K, "M": M, "us": us(lambda: torch._int_mm(x8, w8.t()))})
        for tag in TAGS:
            inner, wref = random_weight(tag, N, K)
            lin = make_lin(mod, table, tag, inner, N, K)
            check_dequant(out, {"tag": tag, "N": N, "K": K}, lin, wref)
            check_linear(out, {"tag": tag, "N": N, "K": K}, lin, wref, K)
            nbytes = inner["qdata"].numel() + inner["scale"].numel()
            for M in (1, 16, 2048):
                x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
                y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
                row = {"impl": f"qf_{tag}", "N": N, "K": K, "M": M, "weight_bytes": nbytes, "us": us(lambda: lin(x, y))}
                row["GBps"] = nbytes / (row["us"] * 1e-6) / 1e9
                row["pct_copy"] = 100 * row["GBps"] / out["copy_GBps"]
                if M in TIME_CFGS:
                    row["cfg_us"] = {c: us(lambda: lin(x, y, cfg=c)) for c in TIME_CFGS[M]}
                out["rows"].append(row)
                print(f"{tag:10s} N={N:5d} K={K} M={M:4d} {row['us']:8.1f} us {row['GBps']:6.0f} GB/s "
                      f"{row['pct_copy']:5.1f}% copy {({c: round(v, 1) for c, v in row.get('cfg_us', {}).items()})}", flush=True)
            del lin, inner, wref
        with open(path, "w") as f:
            json.dump(out, f, indent=1)
    for r in out["rows"]:
        if not r["impl"].startswith("qf_"):
            print(f"{r['impl']:14s} N={r['N']:5d} M={r['M']:4d} {r['us']:8.1f} us")
    print(f"checks {out['checks']} failures {len(out['failures'])} max_err {out['max_err']:.2e} "
          f"dequant {out['dequant_checks']} mismatches {len(out['dequant_mismatch'])}")
    for fl in out["failures"][:20] + out["dequant_mismatch"]:
        print("  FAIL", fl)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
