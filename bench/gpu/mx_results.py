"""Turns the JSON of a scripts/gpu/mx-check.sh log (the `== json` section of $OUT/mx.log) into
bench/results/gpu-mx.json and gpu-mx.md: M=1 bandwidth as a share of the device copy, M=16 and
M=2048 against bf16 F.linear, for every timed format and shape, with the card and the checks.

usage: python3 bench/gpu/mx_results.py <mx.log> <out-prefix>   (e.g. bench/results/gpu-mx)
"""
import json
import sys

NAMES = {
    "mxfp8": "MX fp8 e4m3 weight-only", "mxfp6e2m3": "MX fp6 e2m3 weight-only", "mxfp4": "MX fp4 weight-only",
    "nvfp4": "NVFP4 weight-only (no P)", "mxfp8dq_rceil": "MX fp8 e4m3 dynamic (RCEIL)",
    "mxfp6e2m3dq_rceil": "MX fp6 e2m3 dynamic (RCEIL)", "mxfp4dq_rceil": "MX fp4 dynamic (RCEIL)",
    "nvfp4dq": "NVFP4 dynamic (P_a, P_w)",
}


def load(log_path):
    text = open(log_path).read()
    at = text.index("== json")
    return json.JSONDecoder().raw_decode(text[at + len("== json"):].lstrip())[0]


def table(res):
    bf = {(r["N"], r["K"], r["M"]): r["us"] for r in res["rows"] if r["impl"] == "bf16"}
    lines = [
        f"# MX / NVFP4 linears on {res['card']} (scripts/gpu/mx-check.sh)",
        "",
        f"torch {res['torch']}; device copy {res['copy_GBps']:.0f} GB/s. Weight copies rotated (total > 2x L2), "
        "CUDA events per call, median. Checks: "
        f"{res['checks']} linear vs float64 / oracle ({len(res['failures'])} failures, max rel. err "
        f"{res['max_err']:.1e}), {res['bit_checks']} bit-exact vs the oracle / torchao "
        f"({len(res['bit_mismatch'])} mismatches).",
        "",
        "| format | N x K | M=1 µs | M=1 % of copy | M=16 µs | M=16 / bf16 | M=2048 µs | M=2048 / bf16 | M=1 best cfg |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    keys = sorted({(r["impl"], r["N"], r["K"]) for r in res["rows"] if r["impl"] != "bf16"},
                  key=lambda k: (list(NAMES).index(k[0]) if k[0] in NAMES else 99, k[1]))
    by = {(r["impl"], r["N"], r["K"], r["M"]): r for r in res["rows"]}
    for impl, n, k in keys:
        cells = []
        for m in (1, 16, 2048):
            r = by.get((impl, n, k, m))
            if r is None:
                cells += ["", ""]
                continue
            rel = f"{r['pct_copy']:.0f} %" if m == 1 else f"{r['us'] / bf[(n, k, m)]:.2f}x"
            cells += [f"{r['us']:.1f}", rel]
        one = by.get((impl, n, k, 1), {})
        best = min(one.get("cfg_us", {}).items(), key=lambda kv: kv[1], default=None)
        cells.append(f"{best[0]}: {best[1]:.1f} µs" if best else "")
        lines.append(f"| {NAMES.get(impl, impl)} | {n} x {k} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| bf16 F.linear | N x K | M | µs |")
    lines.append("| --- | --- | --- | --- |")
    for (n, k, m), t in sorted(bf.items()):
        lines.append(f"| | {n} x {k} | {m} | {t:.1f} |")
    return "\n".join(lines) + "\n"


def main():
    res = load(sys.argv[1])
    prefix = sys.argv[2]
    with open(prefix + ".json", "w") as f:
        json.dump(res, f, indent=1)
    with open(prefix + ".md", "w") as f:
        f.write(table(res))
    print(table(res))


if __name__ == "__main__":
    main()
