"""Float8 dynamic-activation linear (Float8DynamicActivationFloat8WeightConfig, e4m3, PerRow and
PerTensor) on the GPU machine: activation quantization bit-exact against torchao's formula,
linear output against float64, then timing against torch._scaled_mm alone (activation already
quantized), torchao's eager path (torch ops for the activation + _scaled_mm), bf16 cuBLAS,
torch._int_mm and our float8 weight-only kernel, in one process on one card.

usage: python3 bench/gpu/bench_dynamic.py <build-dir> <out.json>
"""
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
E4M3 = torch.float8_e4m3fn


def us(fn):
    return do_bench(fn, warmup=20, rep=80, return_mode="median") * 1e3


def torchao_quant(t, per_tensor):
    """Float8Tensor.from_hp numerics (§2.7): amax and amax/448 in bf16, fp32 division, clamp."""
    amax = t.abs().amax() if per_tensor else t.abs().amax(-1, keepdim=True)
    scale = (amax / 448.0).to(torch.float32)
    if per_tensor:
        scale = scale.reshape(1, 1)
    return (t.float() / scale).clamp(-448, 448).to(E4M3), scale


def run(build_dir):
    mod, table = qf_module.load(build_dir)
    out = {"card": torch.cuda.get_device_name(0), "rows": [], "failures": []}
    print("card", out["card"], flush=True)
    torch.manual_seed(4321)
    for N, K in SHAPES:
        w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
        xs = {M: torch.randn(M, K, device="cuda").to(torch.bfloat16) for M in MS}
        wo_inner, _ = qf_formats.fp8(w, False)
        wo = qf_module.QfLinear(mod, table["fp8_row"], wo_inner, N, K)
        for tag, per_tensor in (("fp8dq_row", False), ("fp8dq_tensor", True)):
            e = table[tag]
            lin = mod.get_function(e["name"])
            cfg_fn = mod.get_function(e["name"] + "__cfg")
            qa = mod.get_function(e["name"] + "__quantize_activation")
            wq, ws = torchao_quant(w, per_tensor)
            empty = torch.empty(0, dtype=torch.bfloat16, device="cuda")
            for M in MS:
                x = xs[M]
                xq_ref, sx_ref = torchao_quant(x, per_tensor)
                xq = torch.empty((M, K), dtype=E4M3, device="cuda")
                sx = torch.empty((M,), dtype=torch.float32, device="cuda")
                qa(x, xq, sx)
                act_exact = bool(torch.equal(xq.view(torch.uint8), xq_ref.view(torch.uint8))
                                 and torch.equal(sx, sx_ref.flatten().expand(M) if per_tensor else sx_ref.flatten()))
                ref = (xq_ref.double() @ wq.double().t()) * sx_ref.double() * ws.double().reshape(1, -1)
                row = {"impl": f"qf_{tag}", "N": N, "K": K, "M": M, "act_quant_bit_exact": act_exact, "cfg_us": {}}
                for cfg in ([0, 1] if M <= 16 else [1]):
                    y = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
                    try:
                        cfg_fn(x, wq, ws, empty, y, cfg)
                        torch.cuda.synchronize()
                        err = ((y.double() - ref).norm() / ref.norm()).item()
                        written = bool(torch.isfinite(y).all().item())
                        row["cfg_us"][cfg] = us(lambda: cfg_fn(x, wq, ws, empty, y, cfg))
                        row[f"err_cfg{cfg}"] = err
                        if not (written and err < 1e-2 and act_exact):
                            out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "err": err, "act_exact": act_exact})
                    except Exception as ex:  # e.g. a cuBLASLt without the scaling mode
                        out["failures"].append({"tag": tag, "N": N, "K": K, "M": M, "cfg": cfg, "error": repr(ex)})
                y = torch.empty((M, N), dtype=torch.bfloat16, device="cuda")
                try:
                    row["us"] = us(lambda: lin(x, wq, ws, empty, y))
                except Exception as ex:
                    row["error"] = repr(ex)
                sa = sx_ref
                sb = ws if per_tensor else ws.reshape(1, N)
                base = {
                    "scaled_mm_alone": lambda: torch._scaled_mm(xq_ref, wq.t(), sa, sb, out_dtype=torch.bfloat16, use_fast_accum=True),
                    "torchao_eager": lambda: _eager(x, per_tensor, wq, sb),
                    "bf16_cublas": lambda: F.linear(x, w),
                    "qf_fp8_weight_only": lambda: wo(x, y),
                }
                if M > 16 and not per_tensor:
                    xi, wi = (x * 10).to(torch.int8), (w * 1000).to(torch.int8)
                    base["int_mm"] = lambda: torch._int_mm(xi, wi.t())
                for name, fn in base.items():
                    try:
                        row[name] = us(fn)
                    except Exception as ex:
                        row[name] = repr(ex)
                out["rows"].append(row)
                print(json.dumps(row), flush=True)
    return out


def _eager(x, per_tensor, wq, sb):
    """torchao's own path: activation quantized by torch ops, then _scaled_mm."""
    q, s = torchao_quant(x, per_tensor)
    return torch._scaled_mm(q, wq.t(), s, sb, out_dtype=torch.bfloat16, use_fast_accum=True)


def main():
    res = run(sys.argv[1])
    with open(sys.argv[2], "w") as f:
        json.dump(res, f, indent=1)
    print(f"failures: {len(res['failures'])}")
    for fl in res["failures"]:
        print("  FAIL", fl)


if __name__ == "__main__":
    main()
