"""Markdown section for bench/results/gpu-dynamic.md from a gemm8 log (scripts/gpu/gemm8-check.sh).

usage: python3 bench/gpu/gemm8_report.py <gemm8.log> [round name]
Reads the last "JSON " line bench_gemm8.py wrote and prints one table per M: the issue's four
shapes as columns, the baselines, the int8 dynamic default and every configuration as rows.
"""
import json
import sys

ROWS = [
    ("bf16", "bf16 F.linear (cuBLAS)"),
    ("scaled_mm", "torch._scaled_mm row-wise, x pre-quantized"),
    ("int_mm", "torch._int_mm, x pre-quantized (int32 out)"),
    ("quant", "qf int8 activation quantization alone (two-read kernel)"),
    ("default", "qf int8 dynamic sym per-row, default"),
    ("cfg1", "  cfg 1 cuBLASLt IMMA + epilogue pass"),
    ("cfg6", "  cfg 6 wgmma, one CTA per tile"),
    ("cfg8", "  cfg 8 persistent 128x256"),
    ("cfg9", "  cfg 9 persistent 128x256, 2x1 clusters (W multicast)"),
    ("cfg10", "  cfg 10 persistent 256x128"),
    ("cfg11", "  cfg 11 persistent 256x128, 1x2 clusters (X multicast)"),
    ("cfg12", "  cfg 12 = cfg 8 without PDL"),
    ("cfg13", "  cfg 13 persistent 128x256, 2x2 clusters"),
    ("cfg14", "  cfg 14 persistent 256x128, 2x2 clusters"),
    ("cfg15", "  cfg 15 persistent 128x256, 64-byte k tiles (9 stages)"),
    ("cfg16", "  cfg 16 the same, 2x1 clusters"),
    ("cfg17", "  cfg 17 the same, 2x2 clusters"),
    ("cfg18", "  cfg 18 persistent 256x128, 64-byte k tiles, 2x2 clusters"),
    ("cfg19", "  cfg 19 = cfg 10 with y stored by TMA from shared memory"),
    ("cfg20", "  cfg 20 = cfg 8 with y stored by TMA from shared memory"),
    ("cfg119", "  cfg 119 = cfg 19 after the one-read quantization"),
    ("cfg120", "  cfg 120 = cfg 20 after the one-read quantization"),
    ("cfg109", "  cfg 109 = cfg 9 after the one-read quantization"),
    ("cfg110", "  cfg 110 = cfg 10 after the one-read quantization"),
    ("cfg113", "  cfg 113 = cfg 13 after the one-read quantization"),
    ("default_last", "qf int8 dynamic sym per-row, default (timed again after every cfg)"),
    ("noepi8", "  (diagnostic) cfg 8 without the epilogue's stores"),
    ("noepi9", "  (diagnostic) cfg 9 without the epilogue's stores"),
    ("noepi10", "  (diagnostic) cfg 10 without the epilogue's stores"),
    ("noepi13", "  (diagnostic) cfg 13 without the epilogue's stores"),
]


def main():
    path = sys.argv[1]
    name = sys.argv[2] if len(sys.argv) > 2 else path
    data = None
    with open(path) as f:
        for line in f:
            if line.startswith("JSON "):
                data = json.loads(line[5:])
    if data is None:
        sys.exit(f"{path}: no JSON line (the run did not finish)")
    ck = data["checks"]
    print(f"## Persistent wgmma int8 GEMM (issue #8, topic gemm8) on {data['card']}\n")
    print(f"{name}: bench/gpu/bench_gemm8.py via scripts/gpu/gemm8-check.sh; median µs of CUDA graphs of 24")
    print("calls rotating over weight copies > 2x the L2, CUDA events, same process and card for every row;")
    print("int8 rows are end to end (activation quantization included).")
    print(f"Checks on fresh random data: {ck['checks']}, bit-exact vs torchao's epilogue on the exact int32 sums "
          f"{ck['bit_exact']}, failures {len(ck['failures'])}, max rel. error vs float64 {ck['max_err']:.2e}.\n")
    by_m = {}
    for r in data["bench"]:
        by_m.setdefault(r["M"], []).append(r)
    for M, rows in sorted(by_m.items(), reverse=True):
        shapes = [(r["N"], r["K"]) for r in rows]
        print(f"### M={M}\n")
        print("| impl | " + " | ".join(f"{n}x{k}" for n, k in shapes) + " |")
        print("|---|" + "---:|" * len(shapes))
        for key, label in ROWS:
            if not any(r.get(key) is not None for r in rows):
                continue
            cells = [f"{r[key]:.1f}" if r.get(key) is not None else "—" for r in rows]
            print(f"| {label} | " + " | ".join(cells) + " |")
        best = [f"{r['best']:.1f} ({r['best_cfg']}, {r['x_bf16']:.2f}x bf16, {r['tops']:.0f} TOPS)" if r.get("best") else "—"
                for r in rows]
        print("| best int8 dynamic | " + " | ".join(best) + " |\n")


if __name__ == "__main__":
    main()
