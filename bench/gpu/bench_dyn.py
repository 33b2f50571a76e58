"""Dynamic-activation linears on the GPU machine (issue 8 item 1), one process, one card:
1. Int8DynamicActivationInt8WeightConfig (sym/asym, per-row/per-tensor): activation
   quantization bit-exact against torchao's formula run by torch on CUDA (the ops torchao
   runs), linear output bit-exact against torchao's epilogue on the exact int32 GEMM, and within
   tolerance of float64 of the quantized operands; every cfg (GEMV, cuBLASLt, sliced);
2. Float8DynamicActivationFloat8WeightConfig (row, tensor): every cfg vs float64;
3. the GPU golden case of Int8DynamicActivationInt8WeightConfig (torchao's own CUDA output);
4. timing at N=14336 K=4096, M in {1, 16, 2048} against bf16 F.linear, torch._scaled_mm
   row-wise alone, torch._int_mm alone, torchao's eager paths (torchao if installed, else the
   same torch ops), our float8 weight-only kernel. Times: CUDA graphs of 24 calls rotating
   over weight copies whose total exceeds 2x the L2 (no memset flush), CUDA events, median of 7.

usage: python3 bench/gpu/bench_dyn.py <build-dir> <golden-dir> <log-path> [--full]
(--full: also the issue's other shapes, defaults and baselines only; ~1 more minute)
Prints a short summary to stdout; everything (tables, JSON) goes to <log-path>.
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_formats  # noqa: E402
import qf_module  # noqa: E402
import tvm_ffi  # noqa: E402

E4M3 = torch.float8_e4m3fn
EPS32 = torch.finfo(torch.float32).eps
INT8_TAGS = {"int8dq_row_sym": (False, False), "int8dq_row_asym": (False, True), "int8dq_tensor_sym": (True, False)}
FP8_TAGS = {"fp8dq_row": False, "fp8dq_tensor": True}
CHECK_SHAPES = [(4096, 4096), (272, 320), (14336, 4096)]
CHECK_MS = [1, 3, 8, 9, 16, 100, 2048]
FULL_SHAPES = [(4096, 4096), (4096, 14336), (6144, 4096)]  # with 14336 x 4096: the shapes
TOL = 1e-2
LOG = None


def log(*a):
    print(*a, file=LOG, flush=True)


# ---- torchao's formulas, run as torch ops on CUDA (what torchao itself executes) ----------

def int8_act_ref(x, per_tensor, asym, qmin=-128, qmax=127):
    """Int8Tensor.from_hp(x): choose_qparams_affine + quantize_affine (§2.4, §2.5, §3.2)."""
    if per_tensor:
        mn, mx = x.amin().reshape(1, 1), x.amax().reshape(1, 1)
    else:
        mn, mx = x.amin(-1, keepdim=True), x.amax(-1, keepdim=True)
    mn_neg = torch.min(mn, torch.zeros_like(mn))
    mx_pos = torch.max(mx, torch.zeros_like(mx))
    if asym:
        scale = (mx_pos - mn_neg) / float(qmax - qmin)
        scale = torch.clamp(scale, min=EPS32)
        zp = torch.clamp(qmin - torch.round(mn_neg / scale), qmin, qmax)
    else:
        scale = torch.max(-mn_neg, mx_pos) / (float(qmax - qmin) / 2)
        zp = torch.zeros_like(scale)
    scale = torch.clamp(scale, min=EPS32).to(torch.float32)
    zp = zp.to(torch.int8)
    q = torch.clamp(torch.round(x * (1.0 / scale)) + zp, qmin, qmax).to(torch.int8)
    return q, scale, zp


def int8_weight(w):
    """Int8WeightOnly / dynamic weight (§3.1): symmetric per row, fp32 eps, fp32 scale."""
    q, s, _ = int8_act_ref(w, False, False)
    return q, s.flatten()


def int8_epilogue_ref(acc, sx, zx, sw, bias, asym, wq):
    """§3.2 steps 2-4 in torch (T = bf16), on the exact int32 accumulator."""
    y1 = (acc.float() * sx).to(torch.bfloat16)
    if asym:
        rowsum = wq.float().sum(-1)
        y1 = y1 - ((zx.float() * sx) * rowsum).to(torch.bfloat16)
    y = y1.float() * sw.flatten()
    if bias is not None:
        y = y + bias
    return y.to(torch.bfloat16)


def fp8_quant(t, per_tensor):
    """Float8Tensor.from_hp numerics (§2.7): amax and amax/448 in bf16, fp32 division, clamp."""
    amax = t.abs().amax() if per_tensor else t.abs().amax(-1, keepdim=True)
    scale = (amax / 448.0).to(torch.float32)
    if per_tensor:
        scale = scale.reshape(1, 1)
    return (t.float() / scale).clamp(-448, 448).to(E4M3), scale


def fp8_block_quant(t, br, bc):
    """Float8Tensor.from_hp with PerBlock([br, bc]) (§2.7): amax per block in bf16, /448 in bf16."""
    R, C = t.shape
    blk = t.reshape(R // br, br, C // bc, bc)
    amax = blk.abs().amax(dim=(1, 3))
    scale = (amax / 448.0).to(torch.float32)
    full = scale.repeat_interleave(br, 0).repeat_interleave(bc, 1)
    return (t.float() / full).clamp(-448, 448).to(E4M3), scale


def block_ref64(xq, sx, wq, sw, bias):
    """float64 of sum_kb dot_kb * sx[m, kb] * sw[n/128, kb] (+ bias)."""
    xd = xq.double() * sx.double().repeat_interleave(128, 1)
    wd = wq.double() * sw.double().repeat_interleave(128, 0).repeat_interleave(128, 1)
    y = xd @ wd.t()
    return y + bias.double() if bias is not None else y


# ---- timing ------------------------------------------------------------------------------

def time_us(fns, reps=7, calls=24):
    """Median per-call time of `calls` calls cycling over fns (one per weight copy), replayed
    from a CUDA graph when capture works (no CPU launch cost), else launched eagerly."""
    def batch():
        for i in range(calls):
            fns[i % len(fns)]()
    batch()
    torch.cuda.synchronize()
    run, how = batch, "eager"
    try:
        g = torch.cuda.CUDAGraph()
        with tvm_ffi.use_torch_stream(torch.cuda.graph(g)):
            batch()
        torch.cuda.synchronize()
        g.replay()
        torch.cuda.synchronize()
        run, how = g.replay, "graph"
    except Exception as e:  # report, then time eagerly
        log(f"  graph capture failed ({e!r:.120}); eager timing")
        torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        run()
        b.record()
        b.synchronize()
        ts.append(a.elapsed_time(b) * 1e3 / calls)
    return statistics.median(ts), how


# ---- checks ------------------------------------------------------------------------------

class Checks:
    def __init__(self):
        self.n, self.fail, self.max_err, self.act_exact, self.act_total, self.y_exact, self.y_total = 0, [], 0.0, 0, 0, 0, 0

    def add(self, ok, what):
        self.n += 1
        if not ok:
            self.fail.append(what)
            log("  FAIL", what)


def check_int8(mod, table, ck):
    empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")
    for tag, (per_tensor, asym) in INT8_TAGS.items():
        e = table[tag]
        cfg_fn = mod.get_function(e["name"] + "__cfg")
        qa = mod.get_function(e["name"] + "__quantize_activation")
        for N, K in CHECK_SHAPES:
            w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
            wq, sw = int8_weight(w)
            if per_tensor:
                sw = sw.amax().reshape(1)  # a PerTensor weight: any fp32 scalar scale
            wz = torch.zeros_like(sw, dtype=torch.int8)
            bias = (torch.randn(N, device="cuda") * 0.1).to(torch.bfloat16)
            for M in CHECK_MS:
                if N * M > 14336 * 100 and M > 16 and N != 4096:
                    continue
                x = (torch.randn(M, K, device="cuda") * torch.rand(M, 1, device="cuda") * 3 + 0.2).to(torch.bfloat16)
                xq_ref, sx_ref, zx_ref = int8_act_ref(x, per_tensor, asym)
                xq = torch.full((M, K), 77, dtype=torch.int8, device="cuda")
                xs = torch.full((M,), float("nan"), device="cuda")
                xz = torch.full((M,), 55, dtype=torch.int8, device="cuda")
                qa(x, xq, xs, xz)
                exact = bool(torch.equal(xq, xq_ref) and torch.equal(xs, sx_ref.flatten().expand(M))
                             and torch.equal(xz, zx_ref.flatten().expand(M)))
                ck.act_total += 1
                ck.act_exact += exact
                ck.add(exact, {"tag": tag, "N": N, "K": K, "M": M, "what": "activation quantization not bit-exact",
                               "q_mismatch": int((xq != xq_ref).sum().item())})
                acc = (xq_ref.double() @ wq.double().t()).round().to(torch.int64)
                y_ref = int8_epilogue_ref(acc, sx_ref, zx_ref, sw, bias, asym, wq)
                ref64 = ((xq_ref.double() - zx_ref.double()) * sx_ref.double()) @ (wq.double() * sw.double().reshape(-1, 1)).t() + bias.double()
                for cfg in ([0, 1, 4, 5] if M <= 16 else [1, 2, 3]):
                    y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                    try:
                        cfg_fn(x, wq, sw, wz, bias, y, cfg)
                        torch.cuda.synchronize()
                    except Exception as ex:
                        ck.add(False, {"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "error": repr(ex)[:300]})
                        continue
                    err = ((y.double() - ref64).norm() / ref64.norm()).item()
                    mism = int((y.view(torch.int16) != y_ref.view(torch.int16)).sum().item())
                    ck.y_total += 1
                    ck.y_exact += mism == 0
                    ck.max_err = max(ck.max_err, err)
                    ok = bool(torch.isfinite(y).all().item()) and err < TOL and mism == 0
                    ck.add(ok, {"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err, "mismatch_vs_torchao": mism})
        log(f"{tag}: checks so far {ck.n}, failures {len(ck.fail)}")


def check_fp8(mod, table, ck):
    empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")
    for tag, per_tensor in FP8_TAGS.items():
        e = table[tag]
        cfg_fn = mod.get_function(e["name"] + "__cfg")
        for N, K in CHECK_SHAPES:
            w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
            wq, ws = fp8_quant(w, per_tensor)
            bias = (torch.randn(N, device="cuda") * 0.1).to(torch.bfloat16)
            for M in CHECK_MS:
                if M > 16 and N != 4096:
                    continue
                x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
                xq, sx = fp8_quant(x, per_tensor)
                ref = (xq.double() @ wq.double().t()) * sx.double() * ws.double().reshape(1, -1) + bias.double()
                for cfg in ([0, 1, 2, 5, 6] if M <= 16 else [1, 3, 4]):
                    y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                    try:
                        cfg_fn(x, wq, ws, bias, y, cfg)
                        torch.cuda.synchronize()
                    except Exception as ex:
                        ck.add(False, {"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "error": repr(ex)[:300]})
                        continue
                    err = ((y.double() - ref).norm() / ref.norm()).item()
                    ck.max_err = max(ck.max_err, err)
                    ck.add(bool(torch.isfinite(y).all().item()) and err < TOL, {"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err})
        log(f"{tag}: checks so far {ck.n}, failures {len(ck.fail)}")


def check_block(mod, table, ck):
    e = table["fp8dq_block"]
    cfg_fn = mod.get_function(e["name"] + "__cfg")
    qa = mod.get_function(e["name"] + "__quantize_activation")
    ck.block_cfg_ok = {}
    for N, K in [(4096, 4096), (256, 384), (14336, 4096)]:
        w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
        wq, sw = fp8_block_quant(w, 128, 128)
        bias = (torch.randn(N, device="cuda") * 0.1).to(torch.bfloat16)
        for M in [1, 5, 16, 100, 2048]:
            if M > 16 and N == 14336:
                continue
            x = (torch.randn(M, K, device="cuda") * torch.rand(M, 1, device="cuda") * 3).to(torch.bfloat16)
            xq_ref, sx_ref = fp8_block_quant(x, 1, 128)
            xq = torch.empty((M, K), dtype=E4M3, device="cuda")
            xs = torch.full((M, K // 128), float("nan"), device="cuda")
            qa(x, xq, xs)
            exact = bool(torch.equal(xq.view(torch.uint8), xq_ref.view(torch.uint8)) and torch.equal(xs, sx_ref))
            ck.add(exact, {"tag": "fp8dq_block", "N": N, "K": K, "M": M, "what": "1x128 activation quantization not bit-exact"})
            ref = block_ref64(xq_ref, sx_ref, wq, sw, bias)
            for cfg in ([0, 5, 6, 1, 2, 3, 4] if M <= 16 else [0, 1, 2, 3, 4]):
                y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                try:
                    cfg_fn(x, wq, sw, bias, y, cfg)
                    torch.cuda.synchronize()
                except Exception as ex:
                    ck.block_cfg_ok.setdefault(cfg, []).append(False)
                    if cfg == 0:
                        ck.add(False, {"tag": "fp8dq_block", "N": N, "K": K, "M": M, "cfg": cfg, "error": repr(ex)[:300]})
                    else:
                        log(f"fp8dq_block cfg {cfg} N={N} K={K} M={M}: {ex!r:.300}")
                    continue
                err = ((y.double() - ref).norm() / ref.norm()).item()
                ok = bool(torch.isfinite(y).all().item()) and err < TOL
                ck.block_cfg_ok.setdefault(cfg, []).append(ok)
                log(f"fp8dq_block cfg {cfg} N={N} K={K} M={M}: err {err:.2e}")
                if cfg in (0, 5, 6, 1):  # the GEMVs and the default cuBLASLt scale order must hold
                    ck.max_err = max(ck.max_err, err)
                    ck.add(ok, {"tag": "fp8dq_block", "N": N, "K": K, "M": M, "cfg": cfg, "err": err})
    log(f"fp8dq_block: cfg -> all ok {({c: all(v) for c, v in ck.block_cfg_ok.items()})}")


def int8_token_fake_quant_ref(x):
    """_apply_int8_act_asym_per_token_quant_dequant (§3.10) as torch ops in x's dtype."""
    mn, mx = x.amin(-1, keepdim=True), x.amax(-1, keepdim=True)
    mn_neg, mx_pos = torch.min(mn, torch.zeros_like(mn)), torch.max(mx, torch.zeros_like(mx))
    scale = torch.clamp((mx_pos - mn_neg) / float(127 - (-128)), min=torch.finfo(x.dtype).smallest_normal)
    zp = torch.clamp(-128 - torch.round(mn_neg / scale), -128, 127).to(torch.int8)
    q = torch.clamp(torch.round(x * (1.0 / scale)) + zp, -128, 127).to(torch.int8)
    return ((q.to(torch.int32) - zp.to(torch.int32)).to(x.dtype) * scale).to(x.dtype)


def fp8_row_mslk_fake_quant_ref(x):
    """mslk quantize_fp8_row (§3.4.5) then bf16(q * scale)."""
    amax = x.float().abs().amax(-1, keepdim=True).clamp(min=1.0 / 512)
    inv = torch.full_like(amax, 448.0) / amax  # true divisions, as the oracle (a number / tensor
    scale = torch.ones_like(inv) / inv         # would multiply by torch.reciprocal instead)
    q = (x.float() * inv).clamp(-448, 448).to(E4M3)
    return (q.float() * scale).to(torch.bfloat16)


def fake_quant_weight(tag, N, K):
    """torchao-layout inner tensors on random codes, and their float64 weight."""
    if tag == "i8tok_intx4_g32":
        q = torch.randint(-8, 8, (N, K), dtype=torch.int8, device="cuda")
        scale = (torch.rand(N, K // 32, device="cuda") * 0.02 + 0.005).to(torch.bfloat16)
        zp = torch.zeros((N, K // 32), dtype=torch.int8, device="cuda")
        w64 = (q.double() - zp.double().repeat_interleave(32, 1)) * scale.double().repeat_interleave(32, 1)
        return {"qdata": q, "scale": scale, "zero_point": zp}, w64
    inner, w64, _ = qf_formats.int4_plain((torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16), 128)
    return inner, w64


FAKE_QUANT = {"i8tok_intx4_g32": int8_token_fake_quant_ref, "fp8row_int4_plain": fp8_row_mslk_fake_quant_ref}


def check_fake_quant(mod, table, ck):
    for tag, ref_fq in FAKE_QUANT.items():
        e = table[tag]
        qa = mod.get_function(e["name"] + "__quantize_activation")
        for N, K in [(4096, 4096), (256, 512)]:
            inner, w64 = fake_quant_weight(tag, N, K)
            lin = qf_module.QfLinear(mod, e, inner, N, K)
            bias = (torch.randn(N, device="cuda") * 0.1).to(torch.bfloat16)
            for M in [1, 7, 16, 100]:
                x = (torch.randn(M, K, device="cuda") * torch.rand(M, 1, device="cuda") * 3 + 0.3).to(torch.bfloat16)
                xf_ref = ref_fq(x)
                xf = torch.full_like(x, float("nan"))
                qa(x, xf)
                ck.add(bool(torch.equal(xf.view(torch.int16), xf_ref.view(torch.int16))),
                       {"tag": tag, "N": N, "K": K, "M": M, "what": "fake quantization not bit-exact",
                        "mismatch": int((xf.view(torch.int16) != xf_ref.view(torch.int16)).sum().item())})
                ref = xf_ref.double() @ w64.t() + bias.double()
                for cfg in (None, 100) if M > 16 else (None,):
                    y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                    lin(x, y, bias=bias, cfg=cfg)
                    torch.cuda.synchronize()
                    err = ((y.double() - ref).norm() / ref.norm()).item()
                    ck.max_err = max(ck.max_err, err)
                    ck.add(bool(torch.isfinite(y).all().item()) and err < TOL, {"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err})
        log(f"{tag}: checks so far {ck.n}, failures {len(ck.fail)}")


def golden(mod, table, gdir):
    """torchao's own CUDA vectors: activation codes bit-exact, linear output vs torchao's."""
    res = {}
    try:
        from safetensors.torch import load_file
    except ImportError as e:
        return {"error": f"safetensors missing: {e}"}
    for cid in ("gpu__float8_dynamic_act_float8_weight__a1x128_w128x128__bfloat16__a",
                "gpu__float8_dynamic_act_float8_weight__a1x128_w128x128__bfloat16__b"):
        d = os.path.join(gdir, cid)
        if not os.path.isdir(d):
            res[cid] = {"ok": None, "skipped": f"{d} not carried"}
            continue
        t = {k: v.cuda() for k, v in load_file(os.path.join(d, "tensors.safetensors")).items()}
        name = table["fp8dq_block"]["name"]
        x = t["activation"]
        M, K = x.shape
        xq = torch.empty((M, K), dtype=E4M3, device="cuda")
        xs = torch.empty((M, K // 128), device="cuda")
        mod.get_function(name + "__quantize_activation")(x, xq, xs)
        ref_q, ref_s = t["act0.qdata"], t["act0.scale"]
        r = {"act_bit_exact": bool(torch.equal(xq.view(torch.uint8), ref_q.view(torch.uint8))
                                   and torch.equal(torch.isnan(xs), torch.isnan(ref_s))
                                   and torch.equal(xs[~torch.isnan(ref_s)], ref_s[~torch.isnan(ref_s)]))}
        wq, sw = t["qweight.qdata"], t["qweight.scale"].contiguous()
        N = wq.shape[0]
        for cfg in (0, 1, 2, 3, 4):
            y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
            try:
                mod.get_function(name + "__cfg")(x, wq, sw, t["bias"], y, cfg)
                torch.cuda.synchronize()
            except Exception as ex:
                r[f"cfg{cfg}_error"] = repr(ex)[:120]
                continue
            err, nan_ok = nan_rel_err(y, t["linear_output"])
            r[f"cfg{cfg}_err"] = err
            r[f"cfg{cfg}_nan_ok"] = nan_ok
        r["ok"] = r["act_bit_exact"] and r.get("cfg0_err", 1) < TOL and r.get("cfg0_nan_ok", False)
        res[cid] = r
        log(cid, r)
    cases = {"gpu__int8_dynamic_act_int8_weight__sym_per_row__bfloat16__a": "int8dq_row_sym"}
    for cid, tag in cases.items():
        d = os.path.join(gdir, cid)
        if not os.path.isdir(d):
            res[cid] = {"ok": None, "skipped": f"{d} not carried"}
            continue
        t = {k: v.cuda() for k, v in load_file(os.path.join(d, "tensors.safetensors")).items()}
        name = table[tag]["name"]
        x = t["activation"]
        M, K = x.shape
        xq = torch.empty((M, K), dtype=torch.int8, device="cuda")
        xs = torch.empty((M,), device="cuda")
        xz = torch.empty((M,), dtype=torch.int8, device="cuda")
        mod.get_function(name + "__quantize_activation")(x, xq, xs, xz)
        act_ok = bool(torch.equal(xq, t["act0.qdata"]) and torch.equal(xs, t["act0.scale"].flatten())
                      and torch.equal(xz, t["act0.zero_point"].flatten()))
        wq, sw = t["qweight.qdata"], t["qweight.scale"].flatten().contiguous()
        N = wq.shape[0]
        r = {"act_bit_exact": act_ok}
        for cfg in (0, 1):
            y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
            mod.get_function(name + "__cfg")(x, wq, sw, t["qweight.zero_point"].flatten().contiguous(), t["bias"], y, cfg)
            torch.cuda.synchronize()
            ref = t["linear_output"]
            r[f"cfg{cfg}_mismatch"] = int((y.view(torch.int16) != ref.view(torch.int16)).sum().item())
            r[f"cfg{cfg}_err"] = ((y.double() - ref.double()).norm() / ref.double().norm()).item()
        r["ok"] = act_ok and all(r[f"cfg{c}_err"] < TOL for c in (0, 1))
        res[cid] = r
        log(cid, r)
    return res


def nan_rel_err(y, ref):
    y, ref = y.double(), ref.double()
    same_nan = bool((torch.isnan(y) == torch.isnan(ref)).all().item())
    fin = ~torch.isnan(ref)
    return ((y[fin] - ref[fin]).norm() / ref[fin].norm().clamp(min=1e-30)).item(), same_nan


# ---- benchmark ---------------------------------------------------------------------------

def torchao_available():
    try:
        import torchao  # noqa: F401
        from torchao.quantization import quantize_  # noqa: F401
        return True
    except Exception:
        return False


def bench(mod, table, out, Ms, N=14336, K=4096, sweep=True, wgmma_cfgs=((), ())):
    """One shape's timing rows (appended to out["bench"]). sweep: every cfg of the main kernels;
    else the defaults plus `wgmma_cfgs` = (int8 cfgs, float8 cfgs) of the wgmma GEMMs that passed."""
    copies8 = max(3, -(-120_000_000 // (N * K)))  # weight copies totalling > 2x the L2
    copies16 = max(2, -(-120_000_000 // (2 * N * K)))
    rows = out.setdefault("bench", [])
    empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")
    wb = [(torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16) for _ in range(copies16)]
    i8 = [int8_weight((torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)) for _ in range(copies8)]
    f8 = [fp8_quant((torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16), False) for _ in range(copies8)]
    wz = torch.zeros(N, dtype=torch.int8, device="cuda")
    b8 = [fp8_block_quant((torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16), 128, 128) for _ in range(copies8)]
    fb = (mod.get_function(table["fp8dq_block"]["name"]), mod.get_function(table["fp8dq_block"]["name"] + "__cfg"))
    fq = {}
    for ftag in FAKE_QUANT:
        try:
            fq[ftag] = [qf_module.QfLinear(mod, table[ftag], fake_quant_weight(ftag, N, K)[0], N, K) for _ in range(copies8)]
        except Exception as ex:
            log(f"{ftag} timing setup: {ex!r:.300}")
    wo = [qf_module.QfLinear(mod, table["fp8_row"], {"qdata": q, "scale": s}, N, K) for q, s in f8]
    f_i8 = {t: (mod.get_function(table[t]["name"]), mod.get_function(table[t]["name"] + "__cfg")) for t in INT8_TAGS}
    f_f8 = {t: (mod.get_function(table[t]["name"]), mod.get_function(table[t]["name"] + "__cfg")) for t in FP8_TAGS}
    ao = torchao_modules(N, K, copies8) if torchao_available() else None
    for M in Ms:
        x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
        y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
        xq8, sx8, _ = int8_act_ref(x, False, False)
        xf8, sxf8 = fp8_quant(x, False)
        r = {"M": M, "N": N, "K": K}

        def t(name, fns):
            try:
                r[name], how = time_us(fns)
                r.setdefault("how", {})[name] = how
            except Exception as e:
                r[name] = None
                log(f"  {name} M={M}: {e!r:.300}")

        t("bf16_linear", [lambda w=w: F.linear(x, w) for w in wb])
        t("scaled_mm_row", [lambda q=q, s=s: torch._scaled_mm(xf8, q.t(), sxf8, s.reshape(1, N), out_dtype=torch.bfloat16, use_fast_accum=True) for q, s in f8])
        if M > 16:
            t("int_mm", [lambda q=q: torch._int_mm(xq8, q.t()) for q, _ in i8])
        t("eager_int8dq", [lambda q=q, s=s: eager_int8(x, q, s) for q, s in i8])
        t("eager_fp8dq_row", [lambda q=q, s=s: eager_fp8(x, q, s) for q, s in f8])
        if ao is not None:
            for name, ms in ao.items():
                t(f"torchao_{name}", [lambda m=m: m(x) for m in ms])
        t("qf_fp8_weight_only", [lambda l=l: l(x, y) for l in wo])
        for tag, (lin, cfg_fn) in f_i8.items():
            if tag == "int8dq_tensor_sym":
                continue
            t(f"qf_{tag}", [lambda q=q, s=s: lin(x, q, s, wz, empty, y) for q, s in i8])
            if tag == "int8dq_row_sym":
                cfgs = ([0, 4, 5, 1] if M <= 16 else [1, 2, 3]) if sweep else ([1] + list(wgmma_cfgs[0]) if M > 16 else [])
                for cfg in cfgs:
                    t(f"qf_{tag}_cfg{cfg}", [lambda q=q, s=s, c=cfg: cfg_fn(x, q, s, wz, empty, y, c) for q, s in i8])
        for ftag, fl in fq.items():
            t(f"qf_{ftag}", [lambda l=l: l(x, y) for l in fl])
        lin_b, cfg_b = fb
        t("qf_fp8dq_block", [lambda q=q, s=s: lin_b(x, q, s, empty, y) for q, s in b8])
        for cfg in ([0, 5, 6, 1, 2, 3, 4] if M <= 16 else [1, 2, 3, 4]) if sweep else []:
            t(f"qf_fp8dq_block_cfg{cfg}", [lambda q=q, s=s, c=cfg: cfg_b(x, q, s, empty, y, c) for q, s in b8])
        for tag, (lin, cfg_fn) in f_f8.items():
            if tag != "fp8dq_row":
                continue
            t(f"qf_{tag}", [lambda q=q, s=s: lin(x, q, s, empty, y) for q, s in f8])
            cfgs = ([1, 2, 5, 6] if M <= 16 else [1, 3, 4]) if sweep else ([1, 4] + list(wgmma_cfgs[1]) if M > 16 else [])
            for cfg in cfgs:
                t(f"qf_{tag}_cfg{cfg}", [lambda q=q, s=s, c=cfg: cfg_fn(x, q, s, empty, y, c) for q, s in f8])
        rows.append(r)
        log(json.dumps(r))


def eager_int8(x, wq, sw):
    """torchao's int8 dynamic linear as torch ops (Int8Tensor.from_hp + _int_mm + epilogue)."""
    q, s, _ = int8_act_ref(x, False, False)
    M = x.shape[0]
    if M <= 16:  # torch._int_mm needs M > 16; torchao pads in that case
        qp = torch.zeros((17, q.shape[1]), dtype=torch.int8, device=q.device)
        qp[:M] = q
        acc = torch._int_mm(qp, wq.t())[:M]
    else:
        acc = torch._int_mm(q, wq.t())
    return ((acc.float() * s).to(torch.bfloat16).float() * sw).to(torch.bfloat16)


def eager_fp8(x, wq, ws):
    q, s = fp8_quant(x, False)
    return torch._scaled_mm(q, wq.t(), s, ws.reshape(1, -1), out_dtype=torch.bfloat16, use_fast_accum=True)


def torchao_modules(N, K, copies):
    """torchao's quantized nn.Linear modules (the wheel carried in .gpu/dyn), `copies` of each."""
    import torchao
    from torchao.quantization import quantize_
    from torchao.quantization import Int8DynamicActivationInt8WeightConfig, Float8DynamicActivationFloat8WeightConfig, PerRow
    log(f"torchao {torchao.__version__}")
    mods = {}
    for name, make in (("int8dq", Int8DynamicActivationInt8WeightConfig),
                       ("fp8dq_row", lambda: Float8DynamicActivationFloat8WeightConfig(granularity=PerRow()))):
        try:
            mods[name] = []
            for _ in range(copies):
                m = torch.nn.Linear(K, N, bias=False, device="cuda", dtype=torch.bfloat16)
                quantize_(m, make())
                mods[name].append(m)
        except Exception as e:
            mods.pop(name, None)
            log(f"torchao {name}: {e!r:.200}")
    return mods


def wgmma_phase(mod, table, out):
    """The wgmma int8 GEMMs (cfg 6, cfg 7 = 2-CTA multicast), run last: a hang or a fault here
    cannot hide the rest."""
    res = {"checks": 0, "failures": [], "bit_exact": 0, "rows": []}
    empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")
    for tag, asym in (("int8dq_row_sym", False), ("int8dq_row_asym", True)):
        cfg_fn = mod.get_function(table[tag]["name"] + "__cfg")
        for N, K, Ms in ((4096, 4096, (1, 9, 100, 2048)), (272, 384, (5, 130)), (14336, 4096, (2048,))):
            w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
            wq, sw = int8_weight(w)
            wz = torch.zeros_like(sw, dtype=torch.int8)
            bias = (torch.randn(N, device="cuda") * 0.1).to(torch.bfloat16)
            for M in Ms:
                x = (torch.randn(M, K, device="cuda") * torch.rand(M, 1, device="cuda") * 3 + 0.2).to(torch.bfloat16)
                xq, sx, zx = int8_act_ref(x, False, asym)
                acc = (xq.double() @ wq.double().t()).round().to(torch.int64)
                y_ref = int8_epilogue_ref(acc, sx, zx, sw, bias, asym, wq)
                for cfg in (6, 7):
                    y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                    try:
                        cfg_fn(x, wq, sw, wz, bias, y, cfg)
                        torch.cuda.synchronize()
                    except Exception as ex:
                        res["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "error": repr(ex)[:200]})
                        log(f"wgmma cfg {cfg} {tag} N={N} K={K} M={M}: {ex!r:.300}")
                        continue
                    mism = int((y.view(torch.int16) != y_ref.view(torch.int16)).sum().item())
                    res["checks"] += 1
                    res["bit_exact"] += mism == 0
                    if mism:
                        res["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "mismatch": mism,
                                                "nan": int(torch.isnan(y).sum().item())})
                    log(f"wgmma cfg {cfg} {tag} N={N} K={K} M={M}: mismatches vs torchao formula {mism}")
    # float8 row / tensor through the wgmma e4m3 GEMM (fp8 cfg 7, 8 = multicast) vs float64
    for tag, per_tensor in FP8_TAGS.items():
        cfg_fn = mod.get_function(table[tag]["name"] + "__cfg")
        for N, K, Ms in ((4096, 4096, (1, 100, 2048)), (272, 384, (5, 130)), (14336, 4096, (2048,))):
            w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
            wq, ws = fp8_quant(w, per_tensor)
            bias = (torch.randn(N, device="cuda") * 0.1).to(torch.bfloat16)
            for M in Ms:
                x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
                xq, sx = fp8_quant(x, per_tensor)
                ref = (xq.double() @ wq.double().t()) * sx.double() * ws.double().reshape(1, -1) + bias.double()
                for cfg in (7, 8):
                    y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                    try:
                        cfg_fn(x, wq, ws, bias, y, cfg)
                        torch.cuda.synchronize()
                    except Exception as ex:
                        res["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": f"fp8_{cfg}", "error": repr(ex)[:200]})
                        continue
                    err = ((y.double() - ref).norm() / ref.norm()).item()
                    res["checks"] += 1
                    ok = bool(torch.isfinite(y).all().item()) and err < TOL
                    if not ok:
                        res["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": f"fp8_{cfg}", "err": err})
                    log(f"wgmma fp8 cfg {cfg} {tag} N={N} K={K} M={M}: err {err:.2e}")
    print(f"wgmma int8 GEMM (cfg 6, 7) + float8 (cfg 7, 8): checks {res['checks']} bit-exact {res['bit_exact']} failures {len(res['failures'])}", flush=True)
    for fl in res["failures"][:4]:
        print("  FAIL", json.dumps(fl)[:200])
    bad = {f.get("cfg") for f in res["failures"]}
    if not {6, 7} <= bad:  # time the variants that passed
        N, K = 14336, 4096
        i8 = [int8_weight((torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)) for _ in range(3)]
        wz = torch.zeros(N, dtype=torch.int8, device="cuda")
        cfg_fn = mod.get_function(table["int8dq_row_sym"]["name"] + "__cfg")
        for M in (16, 2048):
            x = torch.randn(M, K, device="cuda").to(torch.bfloat16)
            y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
            row = {"M": M}
            for cfg in (6, 7):
                if cfg in bad:
                    continue
                row[f"cfg{cfg}"], how = time_us([lambda q=q, s=s, c=cfg: cfg_fn(x, q, s, wz, empty, y, c) for q, s in i8])
            f8 = [fp8_quant((torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16), False) for _ in range(3)]
            f8_fn = mod.get_function(table["fp8dq_row"]["name"] + "__cfg")
            for cfg in (7, 8):
                if f"fp8_{cfg}" in bad:
                    continue
                row[f"fp8_cfg{cfg}"], how = time_us([lambda q=q, s=s, c=cfg: f8_fn(x, q, s, empty, y, c) for q, s in f8])
            del f8
            row["us"] = min([v for k, v in row.items() if k.startswith("cfg")] or [float("nan")])
            res["rows"].append(row)
            print(f"wgmma int8 dynamic M={M}: {json.dumps(row)}", flush=True)
    out["wgmma"] = res
    log("WGMMA " + json.dumps(res))


def main():
    global LOG
    build_dir, gdir, log_path = sys.argv[1:4]
    full = "--full" in sys.argv[4:]
    LOG = open(log_path, "a")
    mod, table = qf_module.load(build_dir)
    out = {"card": torch.cuda.get_device_name(0), "torch": torch.__version__}
    seed = int(time.time())
    torch.manual_seed(seed)
    out["seed"] = seed
    log(f"card {out['card']} torch {out['torch']} seed {seed}")
    ck = Checks()
    t0 = time.time()
    check_int8(mod, table, ck)
    check_fp8(mod, table, ck)
    check_block(mod, table, ck)
    try:
        check_fake_quant(mod, table, ck)
    except Exception as ex:  # report, keep the rest of the run
        ck.add(False, {"what": "fake-quant checks crashed", "error": repr(ex)[:300]})
    out["block_cfg_all_ok"] = {c: all(v) for c, v in ck.block_cfg_ok.items()}
    print("blockwise cuBLASLt scale orders (cfg: all checks ok):", out["block_cfg_all_ok"])
    out["checks"] = {"n": ck.n, "failures": ck.fail, "max_err": ck.max_err, "act_exact": f"{ck.act_exact}/{ck.act_total}",
                     "y_bit_exact_vs_torchao": f"{ck.y_exact}/{ck.y_total}"}
    print(f"checks {ck.n} failures {len(ck.fail)} max_err {ck.max_err:.2e} int8 act bit-exact {ck.act_exact}/{ck.act_total} "
          f"int8 y bit-exact vs torchao formula {ck.y_exact}/{ck.y_total} ({time.time() - t0:.0f} s)", flush=True)
    for fl in ck.fail[:8]:
        print("  FAIL", json.dumps(fl)[:200])
    out["golden"] = golden(mod, table, gdir)
    for k, v in out["golden"].items():
        print(f"golden {k[:60]} {json.dumps(v)[:160]}")
    t0 = time.time()
    bench(mod, table, out, [1, 16, 2048])
    main_rows = list(out["bench"])
    keys = []
    for r in main_rows:
        keys += [k for k in r if k not in ("M", "N", "K", "how") and k not in keys]
    hows = sorted({h for r in out["bench"] for h in r.get("how", {}).values()})
    eager = sorted({k for r in out["bench"] for k, h in r.get("how", {}).items() if h == "eager"})
    print(f"timing us, N=14336 K=4096, {out['card']} (timed as {'/'.join(hows)}; eager: {' '.join(eager) or 'none'}; {time.time() - t0:.0f} s)")
    print(f"{'impl':26s}" + "".join(f"{'M=' + str(r['M']):>10s}" for r in main_rows))
    for k in keys:
        if not any(r.get(k) is not None for r in main_rows):
            continue
        print(f"{k:26s}" + "".join(f"{r[k]:10.1f}" if r.get(k) is not None else f"{'-':>10s}" for r in main_rows))
    log("JSON " + json.dumps(out))
    wgmma_phase(mod, table, out)
    if full:  # the other shapes: defaults, baselines, and the wgmma variants that passed
        bad = {f.get("cfg") for f in out["wgmma"]["failures"]}
        pairs = ([c for c in (6, 7) if c not in bad], [c for c in (7, 8) if f"fp8_{c}" not in bad])
        t0 = time.time()
        for N, K in FULL_SHAPES:
            bench(mod, table, out, [1, 16, 2048], N, K, sweep=False, wgmma_cfgs=pairs)
        print(f"full table: {len(FULL_SHAPES)} more shapes in {time.time() - t0:.0f} s (all rows in the log)", flush=True)
        log("JSON " + json.dumps(out))
    LOG.close()


if __name__ == "__main__":
    main()
