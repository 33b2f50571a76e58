"""Markdown table of a tile-check run (scripts/gpu/tile-check.sh, decode v11) for bench/results.

usage: python3 bench/gpu/tile_report.py <tile.log or tile.json> [cfg_m1 cfg_m16]
Reads the JSON that bench_tile.py wrote (alone, or after the '== json' line of the check's log)
and prints, per shape and format, v5 (cfg 48 / 70) against the given v11 configurations (default:
the fastest v11 configuration of each row) at M = 1 and 16: µs isolated / back to back, % of the
copy rate on the format's bytes, and M=16 / M=1.
"""
import json
import sys

SHORT = {"int4_plain_g128": "int4 g128", "int4_tinygemm_g128": "int4 g128 tinygemm", "int8_row": "int8 per-row",
         "fp8_row": "fp8 e4m3 per-row", "nvfp4_pts": "NVFP4 (per-tensor P)", "mxfp4": "MXFP4"}
V5 = {1: "48", 16: "70"}


def load(path):
    text = open(path).read()
    if "== json" in text:
        text = text.split("== json", 1)[1]
    return json.loads(text[text.index("{"):])


def pick(row, m, fixed):
    cfgs = {c: v for c, v in row["cfg"].items() if c != V5[m] and v["us"] == v["us"]}
    if fixed:
        return fixed, row["cfg"][fixed]
    best = min(cfgs, key=lambda c: cfgs[c]["us"])
    return best, cfgs[best]


def main():
    out = load(sys.argv[1])
    fixed = {1: sys.argv[2], 16: sys.argv[3]} if len(sys.argv) > 3 else {1: None, 16: None}
    bw = out["copy_GBps"] * 1e9
    pct = lambda nbytes, us: 100 * nbytes / (us * 1e-6) / bw  # noqa: E731
    print(f"Card {out['card']} ({out['sms']} SMs, L2 {out['l2_bytes'] >> 20} MB), copy {out['copy_GBps']:.0f} GB/s; "
          f"{out['checks']} checks against float64 on fresh random data, {len(out['failures'])} failures "
          f"(worst row rel. err {out['max_err']:.1e}). µs isolated / back to back (20 launches per event pair); "
          f"% = weight + scale bytes over the isolated time against the copy rate.\n")
    print("| N x K | format | M=1 v5 | M=1 v11 (cfg) | %copy | M=16 v5 | M=16 v11 (cfg) | M16/M1 |")
    print("|---|---|---|---|---|---|---|---|")
    shapes = []
    for r in out["rows"]:
        if (r["N"], r["K"]) not in shapes:
            shapes.append((r["N"], r["K"]))
    for N, K in shapes:
        bf = {r["M"]: r for r in out["rows"] if r["impl"] == "bf16_cublas" and (r["N"], r["K"]) == (N, K)}
        if 1 in bf and 16 in bf:
            print(f"| {N} x {K} | bf16 cuBLAS | {bf[1]['us']:.1f} / {bf[1]['us_b2b']:.1f} | | "
                  f"{pct(N * K * 2, bf[1]['us']):.0f}% | {bf[16]['us']:.1f} | | |")
        for tag in SHORT:
            rows = {r["M"]: r for r in out["rows"] if r["impl"] == tag and (r["N"], r["K"]) == (N, K)}
            if 1 not in rows or 16 not in rows:
                continue
            c1, t1 = pick(rows[1], 1, fixed[1])
            c16, t16 = pick(rows[16], 16, fixed[16])
            v1, v16 = rows[1]["cfg"][V5[1]], rows[16]["cfg"][V5[16]]
            print(f"| {N} x {K} | {SHORT[tag]} | {v1['us']:.1f} / {v1['us_b2b']:.1f} | {t1['us']:.1f} / "
                  f"{t1['us_b2b']:.1f} ({c1}) | {pct(rows[1]['weight_bytes'], t1['us']):.0f}% | {v16['us']:.1f} | "
                  f"{t16['us']:.1f} / {t16['us_b2b']:.1f} ({c16}) | {t16['us'] / t1['us']:.2f} |")


if __name__ == "__main__":
    main()
