"""Intx weight-only CUDA kernels (intx_formats.cuh) and the 8-bit weight-only paths beside them
(int8 per group, float8 e5m2 per row / per tensor), on the GPU machine, one process, one card:
1. oracle cases (bench/gpu/intx-oracle-cases.ts, TS oracle): kernel dequantize == oracle
   dequantize bit for bit; linear (default and forced decode/prefill configurations) vs float64
   of that weight at M in {1, 3, 16, 128, 2048};
2. fresh random codes, zero points and scales per case on larger shapes: dequantize ==
   torchao's dequantize_affine formula in torch; linear vs float64;
3. GPU golden cases (INDEX_GPU.json) whose format one of this module's kernels runs;
4. M = 1 / 16 timings (CUDA events, median, weight copies rotated over > 2x L2) vs bf16
   F.linear and a device-to-device copy.
Outputs are poisoned with NaN before every call; CUDA errors surface as exceptions.

usage: python3 bench/gpu/bench_intx.py <build-dir> <oracle-dir> <golden-dir|-> <log-file>
Prints a short summary; the full tables and JSON go to <log-file>.
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_module  # noqa: E402

CHECK_MS = [1, 3, 16, 128, 2048]
CFGS = [None, 12, 15, 48, 70, 6, 100]  # default, v4 decode, v5 stream, 8-token tiles, prefill
TOL = 1e-2
RANDOM_SHAPES = [(4096, 4096), (1032, 1024)]
TIME_SHAPES = [(4096, 4096), (14336, 4096), (4096, 14336)]
TIME_CASES = ["int4_g32_sym", "int4_g128_asym", "int4_ch_sym", "int2_g16_asym", "int8_ch_sym",
              "int8_g32_asym", "int8wo_g32", "fp8e5m2_tensor"]
L2_BYTES = 60 << 20
DT = {"int8": torch.int8, "uint8": torch.uint8, "bfloat16": torch.bfloat16, "float32": torch.float32,
      "float16": torch.float16, "float8_e5m2": torch.uint8, "float8_e4m3fn": torch.uint8}
SCALE_DT = {None: torch.bfloat16, "bfloat16": torch.bfloat16, "float32": torch.float32, "float16": torch.float16}

LOG = []


def log(*a):
    LOG.append(" ".join(str(x) for x in a))


# ---- reference formulas (torchao, torchao-semantics.md §2.5, §3.1, §3.3, §3.9)

def int_range(element):
    bits = int(element[3:])
    return -(1 << (bits - 1)), (1 << (bits - 1)) - 1


def group_of(weight, K):
    g = weight["granularity"]
    return g["groupSize"] if g["kind"] == "PerGroup" else K


def dequant_ref(weight, inner, N, K):
    """bf16 [N, K] exactly as torchao dequantizes it."""
    q = inner["qdata"]
    if weight["layout"] == "intx_unpacked_to_int8" or weight["layout"] == "int8":
        G = group_of(weight, K) if weight["layout"] == "intx_unpacked_to_int8" else weight["granularity"]["groupSize"]
        s, z = inner["scale"], inner["zero_point"]
        d = (q.int().view(N, K // G, G) - z.int().view(N, K // G, 1)).to(torch.bfloat16)
        return (d * s.view(N, K // G, 1)).to(torch.bfloat16).view(N, K)
    qf = q.view(torch.float8_e5m2 if weight["element"] == "float8_e5m2" else torch.float8_e4m3fn).float()
    return (qf * inner["scale"].view(-1, 1)).to(torch.bfloat16)


def random_case(weight, N, K, gen):
    """Fresh random torchao inner tensors of a format (codes over the full range, zero points
    over [qmin, qmax] for asymmetric mappings, scales of mixed magnitude)."""
    dev = "cuda"
    if weight["layout"] == "float8":
        codes = torch.randint(0, 256, (N, K), dtype=torch.uint8, device=dev, generator=gen)
        codes = torch.where((codes & 0x7F) >= 0x7C, codes & 0xBB, codes)  # no inf/NaN e5m2 codes
        n_s = 1 if weight["granularity"]["kind"] == "PerTensor" else N
        s = torch.rand((n_s, 1), device=dev, generator=gen) * 1e-3 + 1e-4
        return {"qdata": codes, "scale": s}
    if weight["layout"] == "int8":
        G = weight["granularity"]["groupSize"]
        q = torch.randint(-128, 128, (N, K), dtype=torch.int16, device=dev, generator=gen).to(torch.int8)
        s = torch.rand((N, K // G), device=dev, generator=gen) * 0.02 + 1e-3
        return {"qdata": q, "scale": s, "zero_point": torch.zeros((N, K // G), dtype=torch.int8, device=dev)}
    qmin, qmax = int_range(weight["element"])
    G = group_of(weight, K)
    q = torch.randint(qmin, qmax + 1, (N, K), dtype=torch.int16, device=dev, generator=gen).to(torch.int8)
    if weight["mapping"] == "ASYMMETRIC":
        z = torch.randint(qmin, qmax + 1, (N, K // G), dtype=torch.int16, device=dev, generator=gen).to(torch.int8)
    else:
        z = torch.zeros((N, K // G), dtype=torch.int8, device=dev)
    mag = torch.exp2(torch.randint(-12, 2, (N, K // G), device=dev, generator=gen).float())
    s = (torch.rand((N, K // G), device=dev, generator=gen) + 0.5) * mag
    return {"qdata": q, "scale": s.to(SCALE_DT[weight.get("scaleDtype")]), "zero_point": z}


# ---- checks

class Stats:
    def __init__(self):
        self.checks = self.deq_checks = 0
        self.failures = []
        self.max_err = 0.0


def make_lin(mod, table, kernel, inner, N, K):
    return qf_module.QfLinear(mod, table[kernel], inner, N, K)


def check_dequant(st, where, lin, ref):
    d = lin.dequantize()
    torch.cuda.synchronize()
    bad = (d.view(torch.int16) != ref.view(torch.int16)) & ~(torch.isnan(d) & torch.isnan(ref))
    st.deq_checks += 1
    n = int(bad.sum().item())
    if n:
        idx = bad.nonzero()[0].tolist()
        st.failures.append({**where, "dequant_mismatches": n, "first": idx,
                            "got": d[idx[0], idx[1]].item(), "want": ref[idx[0], idx[1]].item()})


def check_linear(st, where, lin, wref, K, gen):
    w64 = wref.double()
    bias = (torch.randn(lin.N, device="cuda", generator=gen) * 0.1).to(torch.bfloat16)
    for M in CHECK_MS:
        x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
        ref = x.double() @ w64.t() + bias.double()
        for cfg in (CFGS if M <= 16 else [None]):
            y = torch.full((M, lin.N), float("nan"), dtype=torch.bfloat16, device="cuda")
            lin(x, y, bias=bias, cfg=cfg)
            torch.cuda.synchronize()
            err = ((y.double() - ref).norm() / ref.norm()).item()
            st.checks += 1
            st.max_err = max(st.max_err, err if err == err else float("inf"))
            if not (torch.isfinite(y).all().item() and err < TOL):
                st.failures.append({**where, "M": M, "cfg": cfg, "err": err})


def oracle_cases(st, mod, table, odir, gen):
    meta = json.load(open(os.path.join(odir, "cases.json")))
    N, K = meta["N"], meta["K"]
    for name, c in list(meta["cases"].items()):
        if c["kernel"] not in table:  # a case of a kernel this module was built without
            log(f"skipped oracle case {name}: no kernel {c['kernel']} in this module")
            del meta["cases"][name]
            continue
        t = {}
        for tname, m in c["tensors"].items():
            raw = open(os.path.join(odir, f"{name}.{tname}.bin"), "rb").read()
            t[tname] = torch.frombuffer(bytearray(raw), dtype=DT[m["dtype"]]).reshape(m["shape"]).cuda()
        lin = make_lin(mod, table, c["kernel"], t, N, K)
        check_dequant(st, {"oracle": name}, lin, t["dequantized"])
        check_linear(st, {"oracle": name}, lin, t["dequantized"], K, gen)
        # the torch formula reproduces the oracle too (so part 2 checks the same arithmetic)
        ref = dequant_ref(c["weight"], t, N, K)
        if not torch.equal(ref.view(torch.int16), t["dequantized"].view(torch.int16)):
            st.failures.append({"oracle": name, "torch_formula_differs_from_oracle": True})
    return meta["cases"]


def random_cases(st, mod, table, cases, gen):
    for N, K in RANDOM_SHAPES:
        for name, c in cases.items():
            inner = random_case(c["weight"], N, K, gen)
            lin = make_lin(mod, table, c["kernel"], inner, N, K)
            ref = dequant_ref(c["weight"], inner, N, K)
            check_dequant(st, {"random": name, "N": N, "K": K}, lin, ref)
            check_linear(st, {"random": name, "N": N, "K": K}, lin, ref, K, gen)


# ---- GPU golden cases

def golden_kernel(cfg_dict, table):
    """Kernel tag of this module for a golden case's config, or None."""
    d = cfg_dict.get("_data", {})
    typ = cfg_dict.get("_type")
    if typ != "IntxWeightOnlyConfig":
        return None
    bits = int(d["weight_dtype"]["_data"][3:])
    gran = d["granularity"]
    G = gran["_data"]["group_size"] if gran["_type"] == "PerGroup" else 0
    sd = (d.get("scale_dtype") or {}).get("_data")
    want = f"intx{'n' if bits <= 4 else 'b'}_{'ch' if G == 0 else f'g{G}'}{'_sf32' if sd == 'float32' else ''}"
    return want if want in table else None


def golden_cases(mod, table, gdir):
    res = {}
    if gdir == "-" or not os.path.isdir(gdir):
        return res
    for cid in sorted(os.listdir(gdir)):
        mpath = os.path.join(gdir, cid, "manifest.json")
        if not os.path.isfile(mpath):
            continue
        m = json.load(open(mpath))
        if m.get("status") != "ok" or "intx" not in cid:
            continue
        tag = golden_kernel(m["config"]["config_to_dict"], table)
        if tag is None:
            res[cid] = {"ok": None, "skipped": "no kernel for this format in build/gpu-intx"}
            continue
        try:
            t = {k: v.cuda() for k, v in load_file(os.path.join(gdir, cid, "tensors.safetensors")).items()}
            inner = {k.split(".", 1)[1]: v for k, v in t.items() if k.startswith("qweight.")}
            N, K = t["weight"].shape
            lin = make_lin(mod, table, tag, inner, N, K)
            r = {"kernel": tag}
            ref = t["dequantized_weight"]
            r["dequant_bit_exact"] = bool(torch.equal(lin.dequantize().view(torch.int16), ref.view(torch.int16)))
            x = t["activation"]
            y = torch.full((x.shape[0], N), float("nan"), dtype=torch.bfloat16, device="cuda")
            lin(x, y, bias=t.get("bias"))
            torch.cuda.synchronize()
            gold = t["linear_output"].double()
            r["linear_vs_torchao"] = ((y.double() - gold).norm() / gold.norm()).item()
            r["ok"] = r["dequant_bit_exact"] and r["linear_vs_torchao"] < TOL and bool(torch.isfinite(y).all())
        except Exception as e:  # one bad case must not hide the others
            r = {"ok": False, "error": repr(e)}
        res[cid] = r
    return res


# ---- timing

def time_calls(fns, reps=30):
    """Median GPU time (us) of one call, rotating over fns (one per weight copy): a long
    sleep kernel keeps the GPU busy while every call is queued between its two events."""
    n = len(fns)
    calls = [fns[i % n] for i in range(reps)]
    ev = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in calls]
    for f in fns:  # warm-up (module load, cuBLASLt heuristics)
        f()
    torch.cuda.synchronize()
    torch.cuda._sleep(50_000_000)
    for f, (a, b) in zip(calls, ev):
        a.record()
        f()
        b.record()
    torch.cuda.synchronize()
    return statistics.median(a.elapsed_time(b) * 1e3 for a, b in ev)


def copies_for(nbytes):
    return max(3, -(-(2 * L2_BYTES + L2_BYTES) // max(nbytes, 1)))


def peak_copy_GBps():
    """Device-to-device copy of 1 GiB (read + write counted): the card's streaming rate."""
    a = torch.empty(1 << 30, dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    t = time_calls([lambda: b.copy_(a)], reps=10)
    del a, b
    return 2 * (1 << 30) / (t * 1e-6) / 1e9


def timing(mod, table, cases, gen, rows):
    peak = peak_copy_GBps()
    rows.append({"impl": "copy_1GiB", "GBps": peak})
    for N, K in TIME_SHAPES:
        nb = N * K * 2
        ws = [(torch.randn(N, K, device="cuda", generator=gen) * 0.05).to(torch.bfloat16) for _ in range(copies_for(nb))]
        src = torch.empty(N * K // 2, dtype=torch.uint8, device="cuda")
        dsts = [torch.empty_like(src) for _ in range(copies_for(src.numel()))]
        cp_us = time_calls([lambda d=d: d.copy_(src) for d in dsts])
        copy_GBps = 2 * src.numel() / (cp_us * 1e-6) / 1e9
        rows.append({"impl": "copy_int4_bytes", "N": N, "K": K, "us": cp_us, "GBps": copy_GBps})
        for M in (1, 16):
            x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
            rows.append({"impl": "bf16_F.linear", "N": N, "K": K, "M": M,
                         "us": time_calls([lambda w=w: F.linear(x, w) for w in ws])})
        del ws, dsts
        for name in [n for n in TIME_CASES if n in cases]:
            c = cases[name]
            inner0 = random_case(c["weight"], N, K, gen)
            nbytes_w = sum(v.numel() * v.element_size() for v in inner0.values())
            if c["weight"]["layout"] == "intx_unpacked_to_int8":  # streamed bytes: nibbles or bytes
                bits = int(c["weight"]["element"][3:])
                nbytes_w -= N * K - (N * K // 2 if bits <= 4 else N * K)
            lins = [make_lin(mod, table, c["kernel"], inner0, N, K)]
            lins += [make_lin(mod, table, c["kernel"], random_case(c["weight"], N, K, gen), N, K)
                     for _ in range(copies_for(nbytes_w) - 1)]
            for M in (1, 16):
                x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
                y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
                t = time_calls([lambda ln=ln: ln(x, y) for ln in lins])
                GBps = nbytes_w / (t * 1e-6) / 1e9
                rows.append({"impl": f"qf_{name}", "N": N, "K": K, "M": M, "us": t, "bytes": nbytes_w,
                             "GBps": GBps, "pct_copy": 100 * GBps / copy_GBps, "pct_peak": 100 * GBps / peak})
            del lins


def main():
    build_dir, odir, gdir, log_path = sys.argv[1:5]
    started = time.time()
    mod, table = qf_module.load(build_dir)
    gen = torch.Generator(device="cuda")
    gen.manual_seed(int(time.time()))
    card = torch.cuda.get_device_name(0)
    out = {"card": card, "torch": torch.__version__}
    st = Stats()
    summary = []
    try:
        cases = oracle_cases(st, mod, table, odir, gen)
        n_oracle = (st.checks, st.deq_checks, len(st.failures))
        random_cases(st, mod, table, cases, gen)
        summary.append(f"oracle cases: {n_oracle[1]} dequant + {n_oracle[0]} linear checks, {n_oracle[2]} failures")
        summary.append(f"all checks: {st.deq_checks} dequant + {st.checks} linear (M {CHECK_MS}), "
                       f"{len(st.failures)} failures, max rel err {st.max_err:.2e} (tol {TOL})")
        for fl in st.failures[:10]:
            summary.append(f"  FAIL {fl}")
        gold = golden_cases(mod, table, gdir)
        out["golden"] = gold
        ok = sum(1 for v in gold.values() if v.get("ok"))
        bad = [k for k, v in gold.items() if v.get("ok") is False]
        summary.append(f"golden intx: {ok} passed, {len(bad)} failed, "
                       f"{sum(1 for v in gold.values() if v.get('ok') is None)} skipped")
        for k in bad:
            summary.append(f"  FAIL {k} {gold[k]}")
        rows = []
        timing(mod, table, cases, gen, rows)
        out["timing"] = rows
        peak = next(r["GBps"] for r in rows if r["impl"] == "copy_1GiB")
        summary.append(f"M=1 / M=16 us (% of a same-size copy / % of the 1 GiB copy {peak:.0f} GB/s, on the streamed bytes):")
        shaped = [r for r in rows if "N" in r]
        for N, K in TIME_SHAPES:
            line = [f"{N}x{K}"]
            for r in shaped:
                if r["N"] == N and r["K"] == K and r["impl"] == "copy_int4_bytes":
                    line.append(f"copy {r['GBps']:.0f} GB/s")
            for r in shaped:
                if r["N"] == N and r["K"] == K and r["impl"] == "bf16_F.linear":
                    line.append(f"bf16 M{r['M']} {r['us']:.1f}")
            summary.append("  " + ", ".join(line))
            for name in [n for n in TIME_CASES if n in cases]:
                rs = [r for r in shaped if r["N"] == N and r["K"] == K and r["impl"] == f"qf_{name}"]
                summary.append(f"    {name:15s} " + "  ".join(f"M{r['M']} {r['us']:6.1f} ({r['pct_copy']:4.1f}% / {r['pct_peak']:4.1f}%)" for r in rs))
    except Exception as e:
        summary.append(f"ERROR {e!r}")
        raise
    finally:
        out.update(checks=st.checks, dequant_checks=st.deq_checks, failures=st.failures, max_err=st.max_err,
                   wall_s=time.time() - started)
        summary.insert(0, f"card {card}, {out['wall_s']:.0f} s")
        with open(log_path, "w") as f:
            f.write("\n".join(summary + LOG) + "\n\n" + json.dumps(out, indent=1, default=str) + "\n")
        print("\n".join(summary[:58]))


if __name__ == "__main__":
    main()
