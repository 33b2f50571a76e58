"""2:4 sparse float8 linear (Float8DynamicActivationFloat8WeightConfig, SPARSE_2D_DATA_2D_METADATA,
PerRow, e4m3; issue 8 item 3) on the GPU machine, in one process on one card:

1. probe: cuSPARSELt loads (the module's __library_version), its version, and torch's own
   torch._cslt_compress / torch._cslt_sparse_mm on e4m3;
2. checks on fresh random 2:4 data (never zeros): the device decompression of the oracle's
   (qdata, sparse_metadata) layout is bit-exact, a corrupted metadata byte is refused with its
   position, activation quantization is bit-exact with torchao's formula, and the linear output
   (poisoned with NaN first) is within the stated tolerance of a float64 reference, for both
   output modes, with and without bias, M in {1, 3, 16, 17, 128, 2048};
3. timing (CUDA events, median, rotating among weight copies > 2x L2): ours sparse (output
   modes, cuSPARSELt algorithms at M=2048), ours dense float8 dynamic, torch._scaled_mm row-wise
   alone (activation already quantized), bf16 F.linear, torch._cslt_sparse_mm if usable.

Stated tolerance (float64 reference on the quantized operands, y = xq.wq^T * sx * sw + b):
relative Frobenius error <= 1e-2 and, per element, |y - ref| <= 2^-6 |ref| + 1e-2 rms(ref).
Measured errors are recorded (bf16 output rounding alone is 2^-9 relative).

usage: python3 bench/gpu/bench_sparse.py <build-dir> <out.log> [--full]
Prints a short summary to stdout; everything (tables, JSON) goes to <out.log>.
"""
import json
import math
import os
import statistics
import sys
import time
import traceback

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_module  # noqa: E402

E4M3 = torch.float8_e4m3fn
SHAPES = [(14336, 4096), (4096, 4096), (4096, 14336), (6144, 4096)]  # (N, K), issue 8 / weight-only issue
LOG = []


def log(*a):
    LOG.append(" ".join(str(x) for x in a))


# ---------------------------------------------------------------- reference data (torch side)

def prune_2x4(w):
    """Keep the 2 largest |w| of every aligned group of 4 along K; returns (pruned, kept indices [N, K/4, 2] sorted)."""
    N, K = w.shape
    g = w.float().abs().reshape(N, K // 4, 4)
    idx = g.topk(2, dim=-1).indices.sort(dim=-1).values
    mask = torch.zeros_like(g, dtype=torch.bool).scatter_(-1, idx, True)
    # where(), not a multiply: pruned entries are +0 (0x00 in e4m3), as the decompression writes them
    return torch.where(mask, w.reshape(N, K // 4, 4), torch.zeros((), dtype=w.dtype, device=w.device)).reshape(N, K), idx


def quant_rows(t):
    """torchao Float8Tensor.from_hp per row (§2.7): amax and amax/448 in bf16, fp32 division, clamp."""
    amax = t.abs().amax(-1, keepdim=True)
    scale = (amax / 448.0).to(torch.float32)
    return (t.float() / scale).clamp(-448, 448).to(E4M3), scale


def compress_oracle_layout(wq, idx):
    """The oracle's layout (sparse-2x4-compress.ts): values [N, K/2], metadata [N, K/8] (2 groups a byte, even low)."""
    N, K = wq.shape
    b = wq.view(torch.uint8).reshape(N, K // 4, 4)
    values = b.gather(-1, idx).reshape(N, K // 2).contiguous()
    nib = (idx[..., 0] | (idx[..., 1] << 2)).to(torch.uint8)  # [N, K/4]
    meta = (nib[:, 0::2] | (nib[:, 1::2] << 4)).contiguous()
    return values.view(E4M3), meta


def make_weight(N, K, gen):
    w = (torch.randn(N, K, device="cuda", generator=gen) * 0.05).to(torch.bfloat16)
    pruned, idx = prune_2x4(w)
    wq, ws = quant_rows(pruned)
    values, meta = compress_oracle_layout(wq, idx)
    return w, pruned, wq, ws, values, meta


# ---------------------------------------------------------------- our module

class Sparse:
    def __init__(self, mod, entry):
        name = entry["name"]
        self.fn = mod.get_function(name)
        self.cfg = mod.get_function(name + "__cfg")
        self.qa = mod.get_function(name + "__quantize_activation")
        self.packed_bytes = mod.get_function(name + "__packed_bytes")
        self.repack_fn = mod.get_function(name + "__repack")
        self.decompress = mod.get_function(name + "__decompress")
        self.version = mod.get_function(name + "__library_version")
        self.max_alg = mod.get_function(name + "__max_alg")
        self.chosen_alg = mod.get_function(name + "__chosen_alg")
        self.empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")

    def repack(self, values, meta):
        N, K = values.shape[0], values.shape[1] * 2
        packed = torch.empty(int(self.packed_bytes(N, K)), dtype=torch.uint8, device="cuda")
        self.repack_fn(values, meta, packed)
        return packed

    def __call__(self, x, packed, ws, y, bias=None, cfg=None):
        b = self.empty if bias is None else bias
        if cfg is None:
            self.fn(x, packed, ws, b, y)
        else:
            self.cfg(x, packed, ws, b, y, cfg)
        return y


# ---------------------------------------------------------------- timing

def l2_bytes():
    return torch.cuda.get_device_properties(0).L2_cache_size


def n_copies(bytes_per_copy):
    return max(2, math.ceil(2.5 * l2_bytes() / max(1, bytes_per_copy)) + 1)


def time_us(fn, copies, reps=40, warmup=6):
    """Median device time (us) of fn(i), i rotating over copies; events around each call."""
    for i in range(warmup):
        fn(i % copies)
    torch.cuda.synchronize()
    ev = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(reps)]
    torch.cuda._sleep(2_000_000)  # lets the host queue the repetitions ahead of the device
    for r in range(reps):
        ev[r][0].record()
        fn((warmup + r) % copies)
        ev[r][1].record()
    torch.cuda.synchronize()
    return statistics.median(s.elapsed_time(e) for s, e in ev) * 1e3


# ---------------------------------------------------------------- probe

def probe(sp):
    out = {"card": torch.cuda.get_device_name(0), "torch": torch.__version__,
           "cc": ".".join(map(str, torch.cuda.get_device_capability(0))),
           "QF_CUSPARSELT_LIB": os.environ.get("QF_CUSPARSELT_LIB", "")}
    try:
        out["torch_cusparselt"] = torch.backends.cusparselt.version() if torch.backends.cusparselt.is_available() else None
    except Exception as ex:  # noqa: BLE001
        out["torch_cusparselt"] = repr(ex)
    try:
        out["qf_cusparselt_version"] = int(sp.version())
    except Exception as ex:  # noqa: BLE001
        out["qf_cusparselt_version"] = "ERROR " + str(ex)[:300]
    try:
        import torchao  # noqa: F401
        out["torchao"] = getattr(torchao, "__version__", "?")
        out["torchao_sparse_cutlass"] = hasattr(torch.ops.torchao, "rowwise_scaled_linear_sparse_cutlass_f8f8")
    except Exception as ex:  # noqa: BLE001
        out["torchao"] = "not importable: " + str(ex).splitlines()[0][:100] if str(ex) else repr(ex)[:100]
    # torch's own wrapper on e4m3 (reference only)
    gen = torch.Generator(device="cuda").manual_seed(7)
    _, pruned, wq, ws, _, _ = make_weight(256, 256, gen)
    x = torch.randn(32, 256, device="cuda", generator=gen).to(torch.bfloat16)
    xq, sx = quant_rows(x)
    try:
        packed = torch._cslt_compress(wq)
        y = torch._cslt_sparse_mm(packed, xq.t(), out_dtype=torch.bfloat16, transpose_result=True)
        ref = xq.double() @ wq.double().t()
        out["torch_cslt_e4m3"] = "ok relerr %.2e" % ((y.double() - ref).norm() / ref.norm()).item()
    except Exception as ex:  # noqa: BLE001
        out["torch_cslt_e4m3"] = "ERROR " + str(ex).splitlines()[0][:200]
    return out


# ---------------------------------------------------------------- checks

def check_linear(sp, N, K, gen, Ms, cfgs, failures, rows):
    w, pruned, wq, ws, values, meta = make_weight(N, K, gen)
    dense = torch.full((N, K), 0x7F, dtype=torch.uint8, device="cuda")  # poison (NaN bytes)
    sp.decompress(values, meta, dense)
    dec_exact = bool(torch.equal(dense, wq.view(torch.uint8)))
    if not dec_exact:
        failures.append({"check": "decompress", "N": N, "K": K})
    packed = sp.repack(values, meta)
    bias = (torch.randn(N, device="cuda", generator=gen) * 0.5).to(torch.bfloat16)
    # a scale and bias that are only 4 / 2-byte aligned (views at offset 1) take the scalar epilogue
    ws_mis = torch.empty(N + 1, dtype=torch.float32, device="cuda")[1:]
    ws_mis.copy_(ws.reshape(-1))
    bias_mis = torch.empty(N + 1, dtype=torch.bfloat16, device="cuda")[1:]
    bias_mis.copy_(bias)
    for M in Ms:
        x = (torch.randn(M, K, device="cuda", generator=gen) * 2.0).to(torch.bfloat16)
        xq_ref, sx_ref = quant_rows(x)
        xq = torch.empty((M, K), dtype=E4M3, device="cuda")
        sx = torch.empty((M,), dtype=torch.float32, device="cuda")
        sp.qa(x, xq, sx)
        act_exact = bool(torch.equal(xq.view(torch.uint8), xq_ref.view(torch.uint8)) and torch.equal(sx, sx_ref.flatten()))
        base = (xq_ref.double() @ wq.double().t()) * sx_ref.double() * ws.double().reshape(1, -1)
        for with_bias in (False, True):
            ref = base + (bias.double() if with_bias else 0)
            rms = ref.pow(2).mean().sqrt().item()
            for cfg in cfgs + [-2]:  # -2: the default cfg with misaligned scale / bias
                y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                row = {"N": N, "K": K, "M": M, "bias": with_bias, "cfg": cfg, "act_exact": act_exact, "decompress_exact": dec_exact}
                try:
                    if cfg == -2:
                        sp(x, packed, ws_mis, y, bias_mis if with_bias else None)
                    else:
                        sp(x, packed, ws.reshape(-1), y, bias if with_bias else None, cfg)
                    torch.cuda.synchronize()
                    d = (y.double() - ref).abs()
                    row["finite"] = bool(torch.isfinite(y).all().item())
                    row["relerr"] = ((y.double() - ref).norm() / ref.norm()).item()
                    row["max_abs_over_bound"] = (d / (ref.abs() * 2 ** -6 + 1e-2 * rms)).max().item()
                    row["max_rel_elem"] = (d / ref.abs().clamp(min=1e-3 * rms)).max().item()
                    ok = row["finite"] and row["relerr"] <= 1e-2 and row["max_abs_over_bound"] <= 1.0 and act_exact and dec_exact
                except Exception as ex:  # noqa: BLE001
                    row["error"] = str(ex)[:300]
                    ok = False
                rows.append(row)
                if not ok:
                    failures.append(row)
    return packed


def check_bad_metadata(sp, failures):
    gen = torch.Generator(device="cuda").manual_seed(11)
    _, _, _, _, values, meta = make_weight(64, 128, gen)
    bad = meta.clone()
    bad[5, 3] = 0x55  # group pair with indices (1, 1): not increasing
    packed = torch.empty(int(sp.packed_bytes(64, 128)), dtype=torch.uint8, device="cuda")
    try:
        sp.repack_fn(values, bad, packed)
        failures.append({"check": "bad metadata accepted"})
        return "ACCEPTED (wrong)"
    except Exception as ex:  # noqa: BLE001
        msg = str(ex)
        if "row 5 byte 3" not in msg:
            failures.append({"check": "bad metadata message", "message": msg[:300]})
        return msg.splitlines()[0][:160]


# ---------------------------------------------------------------- timing table

def bench_shape(sp, dense_fn, N, K, Ms, gen, full, algs):
    res = []
    w, pruned, wq, ws, values, meta = make_weight(N, K, gen)
    wsv = ws.reshape(-1).contiguous()
    packed0 = sp.repack(values, meta)
    c_sp = n_copies(packed0.numel())
    packs = [packed0] + [packed0.clone() for _ in range(c_sp - 1)]
    c_d = n_copies(N * K)
    wqs = [wq] + [wq.clone() for _ in range(c_d - 1)]
    c_b = n_copies(N * K * 2)
    wbs = [pruned] + [pruned.clone() for _ in range(c_b - 1)]
    try:
        cpack = torch._cslt_compress(wq)
        cpacks = [cpack] + [cpack.clone() for _ in range(n_copies(cpack.numel()) - 1)]
    except Exception:  # noqa: BLE001
        cpacks = None
    tao = None
    try:  # torchao's own CUTLASS sm90 sparse kernel (its SPARSE_2D_DATA_2D_METADATA linear), if installed
        ops = torch.ops.torchao
        tv, tm = ops.to_sparse_semi_structured_cutlass_sm9x_f8(wq)
        tao = (ops.rowwise_scaled_linear_sparse_cutlass_f8f8, [(tv, tm)] + [(tv.clone(), tm.clone()) for _ in range(c_sp - 1)])
    except Exception:  # noqa: BLE001
        tao = None
    empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")
    for M in Ms:
        x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
        xq, sx = quant_rows(x)
        y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
        row = {"N": N, "K": K, "M": M, "copies": [c_sp, c_d, c_b]}
        cands = {"qf_sparse": lambda i: sp(x, packs[i % c_sp], wsv, y),
                 "qf_sparse_fp32out": lambda i: sp(x, packs[i % c_sp], wsv, y, None, 99),
                 "qf_sparse_pipe2": lambda i: sp(x, packs[i % c_sp], wsv, y, None, 299),
                 "qf_sparse_pipe4": lambda i: sp(x, packs[i % c_sp], wsv, y, None, 399),
                 "qf_dense_fp8dq": lambda i: dense_fn(x, wqs[i % c_d], wsv, empty, y),
                 "scaled_mm_alone": lambda i: torch._scaled_mm(xq, wqs[i % c_d].t(), sx, ws.reshape(1, N),
                                                               out_dtype=torch.bfloat16, use_fast_accum=True),
                 "bf16_linear": lambda i: F.linear(x, wbs[i % c_b])}
        if cpacks is not None:
            nc = len(cpacks)
            cands["torch_cslt_mm"] = lambda i: torch._cslt_sparse_mm(cpacks[i % nc], xq.t(), out_dtype=torch.bfloat16,
                                                                     transpose_result=True)
        if tao is not None:
            cands["torchao_cutlass_sparse"] = lambda i: tao[0](xq, sx.reshape(-1), tao[1][i % c_sp][0], tao[1][i % c_sp][1],
                                                               wsv, None, torch.bfloat16)
        if M >= 2048 or full:
            try:
                algs = range(int(sp.max_alg(M, N, K)) + 1)
                row["max_alg"] = max(algs)
            except Exception as ex:  # noqa: BLE001
                row["max_alg"] = "ERR " + str(ex)[:100]
            for a in algs:
                for mode in (0, 100):
                    cands[f"qf_sparse_cfg{mode + a}"] = (lambda cfg: lambda i: sp(x, packs[i % c_sp], wsv, y, None, cfg))(mode + a)
        for name, fn in cands.items():
            try:
                row[name] = round(time_us(fn, 60), 2)
            except Exception as ex:  # noqa: BLE001
                row[name] = "ERR " + str(ex).splitlines()[0][:120]
        row["searched_alg"] = [int(sp.chosen_alg(M, N, K, 0)), int(sp.chosen_alg(M, N, K, 1))]
        res.append(row)
        log(json.dumps(row))
    return res, (x, packs[0], wsv, y)


def profile_breakdown(sp, args):
    """Per-kernel device time of one qf sparse call (torch.profiler / CUPTI)."""
    x, packed, wsv, y = args
    try:
        from torch.profiler import ProfilerActivity, profile
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            for _ in range(5):
                sp(x, packed, wsv, y)
            torch.cuda.synchronize()
        out = {}
        for e in prof.key_averages():
            t = getattr(e, "device_time", None) or getattr(e, "cuda_time", 0)
            if t:
                out[e.key[:70]] = round(t, 2)
        return out
    except Exception as ex:  # noqa: BLE001
        return {"error": repr(ex)[:200]}


def main():
    build_dir, out_path = sys.argv[1], sys.argv[2]
    full = "--full" in sys.argv[3:]
    t0 = time.time()
    mod, table = qf_module.load(build_dir)
    sp = Sparse(mod, table["fp8sp_row"])
    dense_fn = mod.get_function(table["fp8dq_row"]["name"])
    res = {"probe": probe(sp), "checks": [], "failures": [], "timing": []}
    p = res["probe"]
    print(f"card: {p['card']}  torch {p['torch']}  cc {p['cc']}")
    print(f"cuSPARSELt: qf dlopen -> {p['qf_cusparselt_version']}  torch -> {p['torch_cusparselt']}  lib {p['QF_CUSPARSELT_LIB']}")
    print(f"torch._cslt_sparse_mm e4m3: {p['torch_cslt_e4m3']}; torchao: {p.get('torchao')} cutlass sparse op: {p.get('torchao_sparse_cutlass')}")
    if not isinstance(p["qf_cusparselt_version"], int):
        print("cuSPARSELt did not load: no checks or timings")
        finish(res, out_path, t0)
        return
    gen = torch.Generator(device="cuda").manual_seed(1234)
    try:
        res["bad_metadata"] = check_bad_metadata(sp, res["failures"])
        print("bad metadata ->", res["bad_metadata"])
        for N, K, Ms in [(256, 512, [1, 3, 16, 17, 128]), (4096, 4096, [1, 16, 2048]), (14336, 4096, [16, 2048])]:
            check_linear(sp, N, K, gen, Ms, [0, 100, 99, 199, 299, 399], res["failures"], res["checks"])
    except Exception:  # noqa: BLE001
        res["failures"].append({"check": "exception", "trace": traceback.format_exc()[-600:]})
    worst = {}
    for r in res["checks"]:
        if "relerr" in r:
            w = worst.setdefault(r["cfg"], [0.0, 0.0, 0.0])
            for j, key in enumerate(("relerr", "max_abs_over_bound", "max_rel_elem")):
                w[j] = max(w[j], r[key])
    res["worst"] = worst
    print(f"checks: {len(res['checks'])} linear cases, {len(res['failures'])} failures; "
          + "; ".join(f"cfg {k}: worst relerr {v[0]:.2e}, elem/bound {v[1]:.2f}" for k, v in sorted(worst.items())))
    for f in res["failures"][:6]:
        print("  FAIL", json.dumps(f)[:300])
    # algorithms at M = 2048 on the headline shape
    try:
        algs = [0]
        short = {"qf_sparse": "sp_default", "qf_sparse_fp32out": "sp_fp32out", "qf_sparse_pipe2": "sp_pipe2",
                 "qf_sparse_pipe4": "sp_pipe4", "qf_dense_fp8dq": "dense_ours", "scaled_mm_alone": "scaled_mm",
                 "bf16_linear": "bf16", "torch_cslt_mm": "cslt_core", "torchao_cutlass_sparse": "torchao_sp"}
        names = list(short)
        print("N      K      M     " + " ".join(f"{short[n]:>10}" for n in names) + "  (us)")
        shapes = SHAPES if full or time.time() - t0 < 40 else SHAPES[:1]
        for i, (N, K) in enumerate(shapes):
            rows, last = bench_shape(sp, dense_fn, N, K, [1, 16, 2048] if i == 0 or full or time.time() - t0 < 60 else [2048],
                                     gen, full, algs)
            res["timing"] += rows
            for r in rows:
                cells = [r.get(n, "-") for n in names]
                print(f"{N:<6} {K:<6} {r['M']:<5} " + " ".join(f"{c:>10.1f}" if isinstance(c, float) else f"{str(c)[:10]:>10}" for c in cells))
            best = {k: v for k, v in rows[-1].items() if k.startswith("qf_sparse_cfg") and isinstance(v, float)}
            if best:
                kbest = min(best, key=best.get)
                print(f"  M=2048 algs 0..{rows[-1].get('max_alg')}: best cfg {kbest[13:]} {best[kbest]:.1f} us; searched alg (fp32, bf16) "
                      f"{rows[-1]['searched_alg']}; fp32 " + " ".join(f"{v:.0f}" for k, v in sorted(best.items(), key=lambda kv: int(kv[0][13:])) if int(k[13:]) < 100))
            if i == 0:
                res["profile_14336x4096_m2048"] = profile_breakdown(sp, last)
                print("  profile M=2048:", "; ".join(f"{k[:40]} {v}" for k, v in list(res["profile_14336x4096_m2048"].items())[:5]))
    except Exception:  # noqa: BLE001
        res["failures"].append({"check": "timing exception", "trace": traceback.format_exc()[-600:]})
        print("timing exception:", traceback.format_exc().splitlines()[-1][:200])
    finish(res, out_path, t0)


def finish(res, out_path, t0):
    res["wall_s"] = round(time.time() - t0, 1)
    with open(out_path, "w") as f:
        f.write("\n".join(LOG) + "\n")
        f.write(json.dumps(res, indent=1) + "\n")
    print(f"failures: {len(res['failures'])}  wall {res['wall_s']} s  -> {out_path}")


if __name__ == "__main__":
    main()
