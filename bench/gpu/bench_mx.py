"""MX / NVFP4 linears on the GPU machine (scripts/gpu/mx-check.sh), one process, one card:
1. oracle bytes (bench/gpu/mx-oracle-cases.ts): kernel dequantize == oracle bit for bit;
   activation quantization (codes, scale bytes, P_a, the bf16 GEMM operand) == oracle bit for
   bit for every element and scaling mode; linear vs the oracle's float64-accumulated output;
2. fresh random codes and scale bytes on the benchmark shapes: dequantize == torchao's formula
   (torch, bf16); linear vs float64 of the kernel's own quantized activation x dequantized weight;
3. timing (--time): M = 1, 16, 2048 vs bf16 F.linear and a device copy, weight copies rotated
   (their total > 2x L2) instead of an L2 flush; CUDA events per call, median.

usage: python3 bench/gpu/bench_mx.py <build-dir> <oracle-dir> <out.json> [--time] [--full]
Prints a short summary on stdout; details go to stderr.
"""
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_module  # noqa: E402

TOL = 1e-2
FP4 = [0, .5, 1, 1.5, 2, 3, 4, 6, -0.0, -.5, -1, -1.5, -2, -3, -4, -6]
DT = {"uint8": torch.uint8, "bfloat16": torch.bfloat16, "float32": torch.float32,
      "float8_e4m3fn": torch.uint8, "float8_e5m2": torch.uint8, "float8_e8m0fnu": torch.uint8}
CHECK_CFGS = {1: [None, 48, 70, 100], 5: [None, 12, 70], 136: [None, 6]}
SWEEP_CFGS = [48, 84, 85, 87, 88, 91]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class MxLinear(qf_module.QfLinear):
    """QfLinear plus the optional inner tensors (empty = absent) and quantize_activation."""

    def __init__(self, mod, entry, inner, N, K):
        inner = dict(inner)
        for name in entry["inner"]:  # absent per-tensor scales: empty tensors (the kernel's "none")
            inner.setdefault(name, torch.empty(0, dtype=torch.float32, device="cuda"))
        inner["scale"] = inner["scale"].contiguous().view(torch.uint8)
        super().__init__(mod, entry, inner, N, K)
        # kinds: "block" (activation none / mx / nvfp4); "block_dynamic" in the first builds
        self.dynamic = entry["kind"] == "block_dynamic" or entry["kind"] == "block" and entry["activation"] != "none"
        self.nv = self.dynamic and "Nvfp4" in entry["op"]
        if self.dynamic:
            self._quant = mod.get_function(entry["name"] + "__quantize_activation")
            self.act_scale = inner.get("act_per_tensor_scale")

    def quantize_activation(self, x):
        """(codes, scale bytes, P_a or None, bf16 operand) as torchao stores the activation."""
        M, K = x.shape
        xd = torch.full((M, K), float("nan"), dtype=torch.bfloat16, device="cuda")
        if self.nv:
            xq = torch.full((M, K // 2), 0xAA, dtype=torch.uint8, device="cuda")
            xs = torch.zeros(((M + 127) // 128 * 32, (K // 16 + 3) // 4 * 16), dtype=torch.uint8, device="cuda")
            xp = torch.full((1,), float("nan"), device="cuda")
            self._quant(x, self.act_scale, xq, xs, xp, xd)
            return xq, xs, xp, xd
        fp4 = self.entry["tag"].startswith("mxfp4")
        xq = torch.full((M, K // 2 if fp4 else K), 0xAA, dtype=torch.uint8, device="cuda")
        xs = torch.full((M, K // 32), 0xAA, dtype=torch.uint8, device="cuda")
        self._quant(x, xq, xs, xd)
        return xq, xs, None, xd


def bits_equal(a, b):
    """Number of elements whose bytes differ (NaN == NaN for float tensors)."""
    if a.dtype in (torch.bfloat16, torch.float32):
        iv = torch.int16 if a.dtype == torch.bfloat16 else torch.int32
        diff = (a.view(iv) != b.view(iv)) & ~(torch.isnan(a) & torch.isnan(b))
    else:
        diff = a.view(torch.uint8) != b.view(torch.uint8)
    return int(diff.sum().item())


class Report:
    def __init__(self):
        self.checks, self.failures, self.max_err = 0, [], 0.0
        self.bit_checks, self.bit_mismatch, self.skipped = 0, [], []

    def bits(self, where, a, b):
        self.bit_checks += 1
        n = bits_equal(a, b)
        if n:
            self.bit_mismatch.append({**where, "elements": n, "of": a.numel()})

    def close(self, where, y, ref):
        err = ((y.double() - ref.double()).norm() / ref.double().norm().clamp(min=1e-30)).item()
        self.checks += 1
        self.max_err = max(self.max_err, err if math.isfinite(err) else float("inf"))
        if not (torch.isfinite(y).all().item() and err < TOL):
            self.failures.append({**where, "err": err})


def load_oracle(odir):
    meta = json.load(open(os.path.join(odir, "cases.json")))
    out = {}
    for tag, c in meta["cases"].items():
        t = {}
        for name, m in c["tensors"].items():
            raw = open(os.path.join(odir, f"{tag}.{name}.bin"), "rb").read()
            t[name] = torch.frombuffer(bytearray(raw), dtype=DT[m["dtype"]]).reshape(m["shape"]).cuda()
        out[tag] = (t, c["ms"])
    return meta["N"], meta["K"], out


def guarded(rep, where, fn, *args):
    """Runs one case; an exception is a failure of that case, and the run goes on."""
    try:
        fn(*args)
        return True
    except Exception as e:  # noqa: BLE001 - reported, not hidden
        rep.failures.append({**where, "error": f"{type(e).__name__}: {str(e)[:300]}"})
        log("FAIL", where, type(e).__name__, str(e)[:300])
        return False


def oracle_checks(rep, mod, table, odir):
    N, K, cases = load_oracle(odir)
    for tag, (t, ms) in cases.items():
        guarded(rep, {"oracle": tag}, oracle_case, rep, mod, table, tag, t, ms, N, K)


def oracle_case(rep, mod, table, tag, t, ms, N, K):
    entry = table[tag]
    inner = {k[2:]: v for k, v in t.items() if k.startswith("w.") and k != "w.dequantized"}
    for k in ("per_tensor_scale", "act_per_tensor_scale"):
        if k in inner:
            inner[k] = inner[k].reshape(1)
    lin = MxLinear(mod, entry, inner, N, K)
    rep.bits({"oracle": tag, "what": "dequantize"}, lin.dequantize(), t["w.dequantized"])
    if not lin.dynamic:
        x = torch.randn(16, K, device="cuda").to(torch.bfloat16)
        y = torch.full((16, N), float("nan"), dtype=torch.bfloat16, device="cuda")
        rep.close({"oracle": tag, "M": 16}, lin(x, y), x.double() @ t["w.dequantized"].double().t())
        return
    for M in ms:
        x = t[f"m{M}.x"]
        xq, xs, xp, xd = lin.quantize_activation(x)
        where = {"oracle": tag, "M": M}
        rep.bits({**where, "what": "x_qdata"}, xq, t[f"m{M}.x_qdata"].reshape(xq.shape))
        rep.bits({**where, "what": "x_scale"}, xs, t[f"m{M}.x_scale"].reshape(xs.shape))
        rep.bits({**where, "what": "xd"}, xd, t[f"m{M}.xd"])
        if f"m{M}.x_per_tensor_scale" in t:
            rep.bits({**where, "what": "x_per_tensor_scale"}, xp, t[f"m{M}.x_per_tensor_scale"].reshape(1))
        bias = t["bias"] if M > 1 else None
        for cfg in CHECK_CFGS[M]:
            y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
            if guarded(rep, {**where, "cfg": cfg}, lin, x, y, bias, cfg):
                rep.close({**where, "cfg": cfg}, y, t[f"m{M}.y"])


# ---- torchao's CPU golden vectors of MXDynamicActivationMXWeightConfig (INDEX.json mx__*)
GOLDEN_ELEMENTS = {"float8_e4m3fn": "mxfp8", "float8_e5m2": "mxfp8e5m2", "fp6_e2m3": "mxfp6e2m3",
                   "fp6_e3m2": "mxfp6e3m2", "float4_e2m1fn_x2": "mxfp4"}


def golden_checks(rep, mod, table, gdir):
    done = 0
    for case in sorted(os.listdir(gdir)):
        guarded(rep, {"golden": case}, golden_case, rep, mod, table, gdir, case)
        done += 1
    return done


def golden_case(rep, mod, table, gdir, case):
    from safetensors.torch import load_file
    man = json.load(open(os.path.join(gdir, case, "manifest.json")))
    data = man["config"]["config_to_dict"]["_data"]
    el = data["activation_dtype"]
    el = el["_data"] if isinstance(el, dict) else el
    tag = f"{GOLDEN_ELEMENTS[el]}dq_{data['scaling_mode']['_data'].lower()}"
    t = {k: v.cuda() for k, v in load_file(os.path.join(gdir, case, "tensors.safetensors")).items()}
    N, K = t["weight"].shape
    if N % 8 or K % table[tag]["chunkK"]:  # the qf tile needs whole chunks (fp4: K % 128, 8-bit: K % 64)
        rep.skipped.append({"golden": case, "reason": f"[{N}, {K}] is not a whole qf tile (N % 8, K % {table[tag]['chunkK']})"})
        return
    inner = {"qdata": t["qweight.qdata"].view(torch.uint8), "scale": t["qweight.scale"].view(torch.uint8)}
    lin = MxLinear(mod, table[tag], inner, N, K)
    where = {"golden": case}
    rep.bits({**where, "what": "dequantize"}, lin.dequantize(), t["dequantized_weight"])
    x = t["activation"]
    xq, xs, _, xd = lin.quantize_activation(x)
    rep.bits({**where, "what": "x_qdata"}, xq, t["act0.qdata"].view(torch.uint8).reshape(xq.shape))
    rep.bits({**where, "what": "x_scale"}, xs, t["act0.scale"].view(torch.uint8).reshape(xs.shape))
    rep.bits({**where, "what": "xd"}, xd, t["act0.dequantized"])
    if "linear_output" in t:
        y = torch.full((x.shape[0], N), float("nan"), dtype=torch.bfloat16, device="cuda")
        lin(x, y, bias=t["bias"])
        rep.close(where, y, t["linear_output"])


# ---- fresh random weights on the benchmark shapes (torchao's dequantize written in torch)
def to_blocked(s):
    R, C = s.shape
    Rp, Cp = (R + 127) // 128 * 128, (C + 3) // 4 * 4
    p = torch.zeros((Rp, Cp), dtype=s.dtype, device=s.device)
    p[:R, :C] = s
    return p.view(Rp // 128, 4, 32, Cp // 4, 4).permute(0, 3, 2, 1, 4).reshape(Rp // 128 * 32, Cp // 4 * 16)


def fp6_values(ebits, mbits, bias):
    v = []
    for c in range(64):
        e, m = (c >> mbits) & ((1 << ebits) - 1), c & ((1 << mbits) - 1)
        mag = m * 2.0 ** (1 - bias - mbits) if e == 0 else (1 + m / 2 ** mbits) * 2.0 ** (e - bias)
        v.append(-mag if c & 32 else mag)
    return torch.tensor(v, dtype=torch.float32)


def element_of(tag):
    for e in ("mxfp8e5m2", "mxfp6e2m3", "mxfp6e3m2", "mxfp8", "mxfp4", "nvfp4"):
        if tag.startswith(e):
            return e
    raise ValueError(tag)


def random_weight(tag, N, K, gen_codes=True):
    """torchao inner tensors with random codes/scale bytes, and torchao's bf16 dequantization."""
    dev = "cuda"
    el = element_of(tag)
    if el in ("mxfp8", "mxfp8e5m2"):
        codes = torch.randint(0, 256, (N, K), dtype=torch.uint8, device=dev)
        nan = 0x7F if el == "mxfp8" else 0x7C
        codes = torch.where((codes & 0x7F) >= nan, codes & 0xBB, codes)  # no NaN / inf elements
        qdata = codes
        fp8 = torch.float8_e4m3fn if el == "mxfp8" else torch.float8_e5m2
        vals = codes.view(fp8).to(torch.bfloat16)
    elif el.startswith("mxfp6"):
        codes = torch.randint(0, 64, (N, K), dtype=torch.uint8, device=dev)
        qdata = codes
        table = fp6_values(2, 3, 1) if el == "mxfp6e2m3" else fp6_values(3, 2, 3)
        vals = table.to(dev)[codes.long()].to(torch.bfloat16)
    else:
        codes = torch.randint(0, 16, (N, K), dtype=torch.uint8, device=dev)
        qdata = codes[:, 0::2] | (codes[:, 1::2] << 4)
        vals = torch.tensor(FP4, device=dev)[codes.long()]
    P = None
    if el == "nvfp4":
        sb = (torch.randint(4, 11, (N, K // 16), device=dev) << 3 | torch.randint(0, 8, (N, K // 16), device=dev)).to(torch.uint8)
        s = sb.view(torch.float8_e4m3fn).float()
        if "pts" in tag or tag.startswith("nvfp4dq") and not tag.endswith("none"):
            P = torch.tensor([0.0123], device=dev)
        w = (vals.view(N, K // 16, 16) * (s if P is None else P * s)[..., None]).reshape(N, K).to(torch.bfloat16)
    else:
        sb = torch.randint(118, 130, (N, K // 32), dtype=torch.uint8, device=dev)
        sc = (sb.int() << 23).view(torch.float32).to(torch.bfloat16)
        w = (vals.to(torch.bfloat16).view(N, K // 32, 32) * sc[..., None]).reshape(N, K)
    inner = {"qdata": qdata, "scale": to_blocked(sb)}
    if P is not None:
        inner["per_tensor_scale"] = P
    return inner, w


def fresh_checks(rep, mod, table, tags, shapes):
    for N, K in shapes:
        for tag in tags:
            guarded(rep, {"tag": tag, "N": N, "K": K}, fresh_case, rep, mod, table, tag, N, K)


def fresh_case(rep, mod, table, tag, N, K):
    inner, wref = random_weight(tag, N, K)
    lin = MxLinear(mod, table[tag], inner, N, K)
    rep.bits({"tag": tag, "N": N, "K": K, "what": "dequantize"}, lin.dequantize(), wref)
    w64 = wref.double()
    for M in (1, 9, 100):
        x = (torch.randn(M, K, device="cuda") * 3).to(torch.bfloat16)
        bias = torch.randn(N, device="cuda").to(torch.bfloat16) if M > 1 else None
        y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
        lin(x, y, bias=bias)
        if lin.dynamic:
            _, _, xp, xd = lin.quantize_activation(x)
            ref = xd.double() @ w64.t()  # w64 carries P_w already
            if lin.nv and not tag.endswith("none"):
                ref = ref * xp.double()
        else:
            ref = x.double() @ w64.t()
        if bias is not None:
            ref = ref + bias.double()
        rep.close({"tag": tag, "N": N, "K": K, "M": M}, y, ref)


# ---- timing
def time_rotating(fn, copies, reps=40, warmup=6):
    for i in range(warmup):
        fn(i % copies)
    torch.cuda.synchronize()
    ev = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(reps)]
    torch.cuda._sleep(2_000_000)  # the host queues the repetitions meanwhile
    for r, (s, e) in enumerate(ev):
        s.record()
        fn((warmup + r) % copies)
        e.record()
    torch.cuda.synchronize()
    t = sorted(s.elapsed_time(e) for s, e in ev)
    return t[len(t) // 2] * 1e3


def copies_for(nbytes):
    l2 = torch.cuda.get_device_properties(0).L2_cache_size
    return max(2, math.ceil(2.2 * l2 / nbytes) + 1)


def timing(out, mod, table, tags, shapes, ms):
    a = torch.randint(0, 255, (1 << 30,), dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    out["copy_GBps"] = 2 * a.numel() / (time_rotating(lambda i: b.copy_(a), 1, reps=10, warmup=2) * 1e-6) / 1e9
    del a, b
    torch.cuda.empty_cache()
    log(f"copy {out['copy_GBps']:.0f} GB/s")
    for N, K in shapes:
        wb = [(torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16) for _ in range(copies_for(N * K * 2))]
        for M in ms:
            x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
            t = time_rotating(lambda i: F.linear(x, wb[i]), len(wb))
            out["rows"].append({"impl": "bf16", "N": N, "K": K, "M": M, "us": t})
        del wb
        torch.cuda.empty_cache()
        for tag in tags:
            try:
                time_tag(out, mod, table, tag, N, K, ms)
            except Exception as e:  # noqa: BLE001 - reported in the summary
                out.setdefault("timing_errors", []).append(f"{tag} N={N}: {type(e).__name__}: {str(e)[:200]}")
            torch.cuda.empty_cache()


def time_tag(out, mod, table, tag, N, K, ms):
    inner, _ = random_weight(tag, N, K)
    nbytes = sum(v.numel() * v.element_size() for v in inner.values())
    lins = [MxLinear(mod, table[tag], {k: v.clone() for k, v in inner.items()}, N, K)
            for _ in range(copies_for(nbytes))]
    for M in ms:
        x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
        y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
        t = time_rotating(lambda i: lins[i](x, y), len(lins))
        row = {"impl": tag, "N": N, "K": K, "M": M, "us": t, "weight_bytes": nbytes,
               "pct_copy": 100 * nbytes / (t * 1e-6) / 1e9 / out["copy_GBps"]}
        if M == 1:  # the decode configurations of the shared kernels (an unknown one is skipped)
            row["cfg_us"] = {}
            for c in SWEEP_CFGS:
                try:
                    row["cfg_us"][c] = time_rotating(lambda i: lins[i](x, y, cfg=c), len(lins))
                except Exception:  # noqa: BLE001 - not in this build
                    pass
        out["rows"].append(row)
        log(f"{tag:18s} N={N:5d} K={K} M={M:4d} {t:8.1f} us {row['pct_copy']:5.1f}% copy")


def main():
    build_dir, odir, path = sys.argv[1:4]
    do_time, full = "--time" in sys.argv, "--full" in sys.argv
    mod, table = qf_module.load(build_dir)
    out = {"card": torch.cuda.get_device_name(0), "torch": torch.__version__, "rows": []}
    print(f"card {out['card']}", flush=True)
    torch.manual_seed(int(time.time()))
    rep = Report()
    t0 = time.time()
    oracle_checks(rep, mod, table, odir)
    gdir = os.path.join(os.path.dirname(odir.rstrip("/")), "golden")
    ngold = golden_checks(rep, mod, table, gdir) if os.path.isdir(gdir) else 0
    torch.cuda.synchronize()
    print(f"oracle + {ngold} torchao golden cases: linear checks {rep.checks} failures {len(rep.failures)} max_err {rep.max_err:.2e}; "
          f"bit-exact checks {rep.bit_checks} mismatches {len(rep.bit_mismatch)} ({time.time() - t0:.0f} s)", flush=True)
    shapes = [(4096, 4096), (14336, 4096)]
    dyn = ["mxfp8dq_rceil", "mxfp8e5m2dq_floor", "mxfp6e2m3dq_rceil", "mxfp6e3m2dq_even", "mxfp4dq_rceil",
           "nvfp4dq", "nvfp4dq_none"]
    wo = ["mxfp8", "mxfp6e2m3", "mxfp6e3m2", "mxfp4", "nvfp4", "nvfp4_pts"]
    fresh_checks(rep, mod, table, dyn + wo, shapes[:1] if not full else shapes)
    torch.cuda.synchronize()
    print(f"all: linear checks {rep.checks} failures {len(rep.failures)} max_err {rep.max_err:.2e}; "
          f"bit-exact checks {rep.bit_checks} mismatches {len(rep.bit_mismatch)} ({time.time() - t0:.0f} s)", flush=True)
    for f in rep.failures[:12] + rep.bit_mismatch[:12]:
        print("  FAIL", f, flush=True)
    for f in rep.skipped:
        print("  SKIP", f, flush=True)
    out.update({"checks": rep.checks, "failures": rep.failures, "max_err": rep.max_err,
                "bit_checks": rep.bit_checks, "bit_mismatch": rep.bit_mismatch, "skipped": rep.skipped})
    if do_time:
        ttags = ["mxfp8", "mxfp6e2m3", "mxfp4", "nvfp4", "mxfp8dq_rceil", "mxfp6e2m3dq_rceil", "mxfp4dq_rceil", "nvfp4dq"]
        timing(out, mod, table, ttags, shapes, [1, 16, 2048])
        bf = {(r["N"], r["M"]): r["us"] for r in out["rows"] if r["impl"] == "bf16"}
        print(f"copy {out['copy_GBps']:.0f} GB/s; us (pct of copy at M=1; x bf16 at M=2048)")
        for r in out["rows"]:
            if r["impl"] == "bf16":
                continue
            extra = f"{r['pct_copy']:5.1f}% copy" if r["M"] == 1 else f"{r['us'] / bf[(r['N'], r['M'])]:5.2f}x bf16"
            if r.get("cfg_us"):
                c, t = min(r["cfg_us"].items(), key=lambda kv: kv[1])
                extra += f"  best cfg {c}: {t:.1f} us"
            print(f"  {r['impl']:18s} N={r['N']:5d} M={r['M']:4d} {r['us']:8.1f} us  {extra}")
        for (n, m), t in sorted(bf.items()):
            print(f"  bf16               N={n:5d} M={m:4d} {t:8.1f} us")
        for e in out.get("timing_errors", []):
            print("  TIMING FAIL", e)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
