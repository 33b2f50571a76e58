"""Turns the log of scripts/gpu/sparse-check.sh (one device run) into the committed results:
bench/results/gpu-sparse.json (the run's JSON as is, plus the source log name) and
bench/results/gpu-sparse.md (the probe, the checks, and the timing table naming the card).

usage: python3 bench/gpu/sparse_report.py <sparse.log> <out-prefix, e.g. bench/results/gpu-sparse>
"""
import json
import sys

COLS = [("qf_sparse", "qf 2:4 sparse (default)"), ("qf_sparse_fp32out", "qf 2:4 sparse, fp32 out (cfg 99)"),
        ("qf_sparse_pipe2", "qf 2:4 sparse, 2-chunk pipeline (cfg 299)"), ("qf_sparse_pipe4", "qf 2:4 sparse, 4-chunk pipeline (cfg 399)"),
        ("qf_dense_fp8dq", "qf dense fp8 dynamic"), ("scaled_mm_alone", "_scaled_mm row-wise alone"),
        ("bf16_linear", "bf16 F.linear"), ("torch_cslt_mm", "torch._cslt_sparse_mm (GEMM only, no scales)"),
        ("torchao_cutlass_sparse", "torchao CUTLASS sparse (act. quantized)")]


def run_json(text):
    start = text.index("\n{\n") + 1
    end = text.index("\n}\n", start) + 2
    return json.loads(text[start:end])


def fmt(v):
    return f"{v:.1f}" if isinstance(v, (int, float)) else str(v)[:40]


def main():
    log, prefix = sys.argv[1], sys.argv[2]
    with open(log) as f:
        text = f.read()
    res = run_json(text)
    res["source_log"] = log
    with open(prefix + ".json", "w") as f:
        json.dump(res, f, indent=1)
    p = res["probe"]
    lines = [f"# 2:4 sparse float8 (cuSPARSELt) vs dense float8 and bf16 — {p['card']}", "",
             f"One run of `scripts/gpu/sparse-check.sh`, one process, card **{p['card']}** (cc {p['cc']}), torch {p['torch']}.",
             f"cuSPARSELt loaded by the module: version {p['qf_cusparselt_version']} (torch reports {p['torch_cusparselt']}).",
             f"torch._cslt_sparse_mm on e4m3: {p['torch_cslt_e4m3']}.", "",
             f"Checks: {len(res['checks'])} linear cases on fresh random 2:4 data vs float64, {len(res['failures'])} failures.",
             "Worst per cfg (alg + 100 x mode; alg 99 = searched; mode 0 = fp32 accumulators + one rounding, mode 1 = bf16 GEMM output + the scale pass):", ""]
    for cfg, w in sorted(res.get("worst", {}).items()):
        lines.append(f"- cfg {cfg}: relative error {w[0]:.2e}, worst element / bound {w[1]:.3f}, worst element relative {w[2]:.2e}")
    lines += ["", "Median device time per call (µs), CUDA events, weights rotated over copies > 2.5x L2; "
              "activation quantization included in every qf column and in none of torch's float8 columns.", "",
              "| N | K | M | " + " | ".join(c[1] for c in COLS) + " | best qf sparse / _scaled_mm alone |",
              "|---|---|---|" + "---|" * (len(COLS) + 1)]
    for r in res["timing"]:
        ratio = ""
        if isinstance(r.get("qf_sparse"), float) and isinstance(r.get("scaled_mm_alone"), float):
            best = min(v for k, v in r.items() if k.startswith("qf_sparse") and isinstance(v, float))
            ratio = f"{best / r['scaled_mm_alone']:.2f}"
        lines.append(f"| {r['N']} | {r['K']} | {r['M']} | " + " | ".join(fmt(r.get(c[0], "-")) for c in COLS) + f" | {ratio} |")
    algs = {k: v for r in res["timing"][:3] for k, v in r.items() if k.startswith("qf_sparse_cfg") and r["M"] == 2048}
    if algs:
        lines += ["", "cuSPARSELt algorithm / output mode at M=2048 on the first shape (cfg = alg + 100 x mode): "
                  + ", ".join(f"cfg {k[13:]} {fmt(v)}" for k, v in sorted(algs.items()))]
    prof = res.get("profile_14336x4096_m2048")
    if prof:
        lines += ["", "Profile of one default call at M=2048, 14336x4096 (average device µs per call, by kernel):", ""]
        lines += [f"- {k}: {v}" for k, v in prof.items()]
    with open(prefix + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {prefix}.json, {prefix}.md")


if __name__ == "__main__":
    main()
