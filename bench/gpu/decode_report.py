"""The issue #7 table from one decode-check run: bench/results/gpu-weight-only.{json,md}.

usage: python3 bench/gpu/decode_report.py <decode.log | decode.json> <out.json> <out.md>
Runs anywhere (no torch): it reads the JSON that bench_decode.py wrote (decode-check.sh
appends it to decode.log after a `== json` line).
"""
import json
import sys

MS = [1, 16, 128, 2048]
TAGS = ["int4_plain_g128", "int4_tinygemm_g128", "int8_row", "fp8_row"]
BASE = ["bf16_cublas", "torchao_int4_tinygemm_g128"]


def load(path):
    text = open(path).read()
    if "== json" in text:
        text = text.split("== json", 1)[1]
    return json.JSONDecoder().raw_decode(text[text.index("{"):])[0]  # the log may go on (ncu)


def fmt(v):
    return "—" if v is None else (f"{v:.1f}" if v < 1000 else f"{v:.0f}")


def table(d):
    rows = {(r["impl"], r["N"], r["K"], r["M"]): r for r in d["rows"]}
    bw = d["copy_GBps"] * 1e9
    shapes = sorted({(r["N"], r["K"]) for r in d["rows"]}, key=lambda s: (s[0] * s[1], s))
    us = lambda impl, N, K, M: rows.get((impl, N, K, M), {}).get("us")
    pct = lambda tag, N, K, M: (100 * rows[(f"qf_{tag}", N, K, M)]["weight_bytes"] / (us(f"qf_{tag}", N, K, M) * 1e-6) / bw
                                if (f"qf_{tag}", N, K, M) in rows else None)
    out = [f"# Weight-only linear on {d['card']} (issue #7)", "",
           f"One run, one process, one card ({d['card']}, {d['sms']} SMs, L2 {d.get('l2_bytes', 0) >> 20} MB, "
           f"torch {d['torch']}): `bash scripts/gpu/decode-check.sh` with DECODE_FULL=1, then "
           "`python3 bench/gpu/decode_report.py`. Median µs over CUDA events; every repetition reads another "
           "copy of the weight (copies > 3x L2, no L2 flush: bench/gpu/rotate_timer.py). "
           f"Copy bandwidth {d['copy_GBps']:.0f} GB/s (1 GiB device copy, read + write bytes, timed the same way). "
           "`%bw` = the kernel's weight + scale bytes over its time against that copy rate. "
           f"Correctness in the same run: {d['checks']} checks against float64 on fresh random data, "
           f"{len(d['failures'])} failures.", "",
           "## Goals", "",
           "| N x K | int4 g128 M=1 µs (%bw) | int4 M=16 / M=1 | int4 M=2048 / bf16 | int8 M=1 %bw | fp8 M=1 %bw | "
           "torchao int4 / qf int4 (M=1, 16, 128, 2048) |",
           "|---|---|---|---|---|---|---|"]
    for N, K in shapes:
        q = lambda M: us("qf_int4_plain_g128", N, K, M)
        ratio = lambda a, b: f"{a / b:.2f}" if a and b else "—"
        vs = ", ".join(f"{us('torchao_int4_tinygemm_g128', N, K, M) / q(M):.1f}x" if q(M) and us("torchao_int4_tinygemm_g128", N, K, M)
                       else "—" for M in MS)
        p1, p8, pf = pct("int4_plain_g128", N, K, 1), pct("int8_row", N, K, 1), pct("fp8_row", N, K, 1)
        out.append(f"| {N} x {K} | {fmt(q(1))} ({p1:.0f}%) | {ratio(q(16), q(1))} | {ratio(q(2048), us('bf16_cublas', N, K, 2048))} | "
                   f"{p8:.0f}% | {pf:.0f}% | {vs} |" if p1 and p8 and pf else f"| {N} x {K} | incomplete | | | | | |")
    out += ["", "Goals: int4 g128 M=1 >= 80 % of copy bandwidth; M=16 within 1.2x of M=1; M=2048 within 1.25x of bf16; "
            "int8 and float8 weight-only M=1 >= 80 %.", "", "## All shapes (µs; %bw at M=1 and 16)", ""]
    for N, K in shapes:
        out += [f"### N={N} K={K}", "", "| impl | " + " | ".join(f"M={M}" for M in MS) + " | %bw M=1 | %bw M=16 |",
                "|---|" + "---|" * (len(MS) + 2)]
        for impl in BASE:
            out.append(f"| {impl} | " + " | ".join(fmt(us(impl, N, K, M)) for M in MS) + " | | |")
        for tag in TAGS:
            p = [pct(tag, N, K, M) for M in (1, 16)]
            out.append(f"| qf_{tag} | " + " | ".join(fmt(us(f"qf_{tag}", N, K, M)) for M in MS) + " | "
                       + " | ".join("—" if v is None else f"{v:.0f}%" for v in p) + " |")
        out.append("")
    return "\n".join(out) + "\n"


def main():
    d = load(sys.argv[1])
    with open(sys.argv[2], "w") as f:
        json.dump(d, f, indent=1)
    with open(sys.argv[3], "w") as f:
        f.write(table(d))


if __name__ == "__main__":
    main()
