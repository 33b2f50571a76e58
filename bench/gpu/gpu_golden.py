"""Checks the CUDA kernels against torchao's GPU golden vectors (INDEX_GPU.json cases whose
weight layout the CUDA backend runs): dequantized weights bit-exact where the case stores
them, linear outputs within a bf16 tolerance of torchao's own CUDA output.

usage: python3 bench/gpu/gpu_golden.py <build-dir> <golden-dir> <out.json> [<intx-build-dir>]
IntxWeightOnlyConfig cases run on the intx module (bench/gpu/build-module.ts ... intx) when given.
"""
import json
import os
import sys

import torch
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_module  # noqa: E402
from bench_intx import golden_kernel as intx_kernel  # noqa: E402

# case-id fragment -> kernel tag of bench/gpu/kernel-set.ts
CASES = {
    "tile_packed_to_4d__tinygemm__g128": "int4_tinygemm_g128",
    "tile_packed_to_4d__hqq__g128": "int4_tinygemm_g128",
    "tile_packed_to_4d__tinygemm__g64": "int4_tinygemm_g64",
    "tile_packed_to_4d__hqq__g64": "int4_tinygemm_g64",
    "int4_weight_only__plain__g128": "int4_plain_g128",
    "int4_weight_only__plain__g32": "int4_plain_g32",
    "int8_weight_only__per_row": "int8_row",
    "float8_weight_only__per_row_e4m3": "fp8_row",
    "float8_weight_only__per_tensor_e4m3": "fp8_tensor",
}
TOL = 1e-2


def nan_rel_err(y, ref):
    y, ref = y.double(), ref.double()
    same_nan = torch.isnan(y) == torch.isnan(ref)
    fin = ~torch.isnan(ref)
    err = ((y[fin] - ref[fin]).norm() / ref[fin].norm().clamp(min=1e-30)).item()
    return err, bool(same_nan.all().item())


def run_case(mod, table, case_dir, tag):
    t = {k: v.cuda() for k, v in load_file(os.path.join(case_dir, "tensors.safetensors")).items()}
    entry = table[tag]
    inner = {k.split(".", 1)[1]: v for k, v in t.items() if k.startswith("qweight.")}
    N, K = t["weight"].shape
    lin = qf_module.QfLinear(mod, entry, inner, N, K)
    res = {"tag": tag}
    if "dequantized_weight" in t:
        deq = lin.dequantize()
        ref = t["dequantized_weight"]
        res["dequant_bit_exact"] = bool(torch.equal(deq.view(torch.int16)[~torch.isnan(ref)],
                                                    ref.view(torch.int16)[~torch.isnan(ref)])
                                        and torch.equal(torch.isnan(deq), torch.isnan(ref)))
    x = t["activation"]
    y = torch.full((x.shape[0], N), float("nan"), dtype=torch.bfloat16, device="cuda")
    lin(x, y, bias=t["bias"])
    torch.cuda.synchronize()
    if "linear_output" in t:
        err, nan_ok = nan_rel_err(y, t["linear_output"])
        res.update(linear_vs_torchao=err, nan_pattern_equal=nan_ok)
        res["ok"] = err < TOL and nan_ok and res.get("dequant_bit_exact", True)
    else:  # torchao's CUDA linear did not run (mslk missing): float64 of the stored qparams
        deq64 = lin.dequantize().double()
        ref = x.double() @ deq64.t() + t["bias"].double()
        err, nan_ok = nan_rel_err(y, ref)
        res.update(linear_vs_float64=err, nan_pattern_equal=nan_ok, ok=err < TOL and nan_ok)
    return res


def main():
    build_dir, golden_dir, out_path = sys.argv[1:4]
    mod, table = qf_module.load(build_dir)
    intx = qf_module.load(sys.argv[4]) if len(sys.argv) > 4 else None
    with open(os.path.join(golden_dir, "INDEX_GPU.json")) as f:
        index = json.load(f)
    results = {}
    for c in index["cases"]:
        cid = c["case_id"]
        tag = next((v for k, v in CASES.items() if k in cid), None)
        if c["status"] == "not_available" or not os.path.isdir(os.path.join(golden_dir, cid)):
            continue
        case_mod, case_table = mod, table
        if tag is None and intx is not None and "intx_weight_only" in cid:
            with open(os.path.join(golden_dir, cid, "manifest.json")) as f:
                tag = intx_kernel(json.load(f)["config"]["config_to_dict"], intx[1])
            case_mod, case_table = intx
        if tag is None:
            results[cid] = {"ok": None, "skipped": "no CUDA kernel for this layout yet"}
            continue
        try:
            results[cid] = run_case(case_mod, case_table, os.path.join(golden_dir, cid), tag)
        except Exception as e:  # report and go on: one bad case must not hide the others
            results[cid] = {"ok": False, "error": repr(e)}
        print(f"{cid:75s} {results[cid]}", flush=True)
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1)
    bad = [k for k, v in results.items() if v.get("ok") is False]
    print(f"golden: {sum(1 for v in results.values() if v.get('ok'))} passed, {len(bad)} failed, "
          f"{sum(1 for v in results.values() if v.get('ok') is None)} skipped")


if __name__ == "__main__":
    main()
