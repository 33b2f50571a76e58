"""Markdown tables from the GPU benchmark JSON (bench_linear.py, bench_dynamic.py, gpu_golden.py).

usage: python3 bench/gpu/report.py <run-dir> <out.md>
Runs anywhere (no torch): it only reads the JSON files that the GPU run wrote under $OUT.
"""
import json
import os
import sys

MS = [1, 16, 128, 2048]
WO_TAGS = ["int4_plain_g128", "int4_tinygemm_g128", "int4_plain_g64", "int4_plain_g32", "int8_row", "fp8_row", "fp8_tensor"]


def fmt(v):
    return "—" if v is None else (f"{v:.1f}" if v < 1000 else f"{v:.0f}")


def weight_only(d):
    rows = d["rows"]
    copy = d["copy_GBps"]
    out = [f"## Weight-only linear ({d['card']}, copy {copy:.0f} GB/s read+write)", "",
           "Median µs (CUDA events, L2 flushed before each repetition). `qf` = quantforge with its default",
           "configuration; `best` = fastest of the decode configurations swept (cfg id in brackets), the choice",
           "the specialize pass can make per shape. `%bw` = the kernel's bytes (weights + scales) over time,",
           "against the measured copy bandwidth.", ""]
    shapes = sorted({(r["N"], r["K"]) for r in rows if "M" in r}, key=lambda s: (s[0] * s[1], s))
    for N, K in shapes:
        get = lambda impl, M: next((r for r in rows if r["impl"] == impl and r["N"] == N and r["K"] == K and r.get("M") == M), None)
        out += [f"### N={N} K={K}", "", "| impl | " + " | ".join(f"M={M}" for M in MS) + " | M=1 %bw |", "|---|" + "---|" * (len(MS) + 1)]
        for impl in ["bf16_cublas", "torchao_int4_tinygemm_g128"]:
            out.append(f"| {impl} | " + " | ".join(fmt(get(impl, M)["us"]) if get(impl, M) else "—" for M in MS) + " | |")
        for tag in WO_TAGS:
            cells, best_cells = [], []
            for M in MS:
                r = get(f"qf_{tag}", M)
                if not r:
                    cells.append("—")
                    best_cells.append("—")
                    continue
                cells.append(fmt(r["us"]))
                cu = r.get("cfg_us") or {}
                if cu:
                    k, v = min(cu.items(), key=lambda kv: kv[1])
                    best_cells.append(f"{fmt(min(v, r['us']))} [{k if v < r['us'] else 'auto'}]")
                else:
                    best_cells.append("—")
            r1 = get(f"qf_{tag}", 1)
            bw = f"{100 * r1['GBps'] / copy:.0f}%" if r1 else "—"
            out.append(f"| qf {tag} | " + " | ".join(cells) + f" | {bw} |")
            if any(c != "—" for c in best_cells):
                r1c = r1.get("cfg_us") or {}
                bestbw = f"{100 * r1['weight_bytes'] / (min(list(r1c.values()) + [r1['us']]) * 1e-6) / 1e9 / copy:.0f}%" if r1 else "—"
                out.append(f"| qf {tag} best | " + " | ".join(best_cells) + f" | {bestbw} |")
        deq = next((r for r in rows if r["impl"] == "qf_dequant_int4_plain_g128" and r["N"] == N and r["K"] == K), None)
        on_deq = get("bf16_cublas_on_dequantized", 2048)
        if deq and on_deq:
            out += ["", f"Prefill parts (int4 g128, M=2048): dequantize {fmt(deq['us'])} µs + cuBLAS on the bf16 weight {fmt(on_deq['us'])} µs."]
        out.append("")
    fails = d.get("failures", [])
    out.append(f"Correctness: every cell checked against a float64 reference on fresh random data (rel. Frobenius error < 1e-2, every output written); failures: {len(fails)}.")
    return out


def goals(wo, dq):
    """The issues' goals, computed from the same run's JSON."""
    rows, copy, card = wo["rows"], wo["copy_GBps"], wo["card"]
    get = lambda impl, N, K, M: next((r for r in rows if r["impl"] == impl and r["N"] == N and r["K"] == K and r.get("M") == M), None)
    best = lambda r: min([r["us"]] + list((r.get("cfg_us") or {}).values()))
    out = [f"## Goals ({card}; every figure from this run)", "",
           "| shape N x K | int4 g128 M=1 %bw (default / best) | int4 M=16 / M=1 | int4 M=2048 / bf16 | int8 M=1 %bw | fp8 row M=1 %bw | vs torchao int4 (M=1, 16, 128, 2048) |",
           "|---|---|---|---|---|---|---|"]
    for N, K in sorted({(r["N"], r["K"]) for r in rows if "M" in r}):
        i1, i16, i2048 = get("qf_int4_plain_g128", N, K, 1), get("qf_int4_plain_g128", N, K, 16), get("qf_int4_plain_g128", N, K, 2048)
        b2048 = get("bf16_cublas", N, K, 2048)
        pct = lambda r, t: f"{100 * r['weight_bytes'] / (t * 1e-6) / 1e9 / copy:.0f}%"
        tg = [get("torchao_int4_tinygemm_g128", N, K, M) for M in MS]
        qf = [get("qf_int4_plain_g128", N, K, M) for M in MS]
        speed = ", ".join(f"{t['us'] / q['us']:.1f}x" for t, q in zip(tg, qf))
        out.append(f"| {N} x {K} | {pct(i1, i1['us'])} / {pct(i1, best(i1))} | {i16['us'] / i1['us']:.2f} | {i2048['us'] / b2048['us']:.2f} | "
                   f"{pct(get('qf_int8_row', N, K, 1), best(get('qf_int8_row', N, K, 1)))} | {pct(get('qf_fp8_row', N, K, 1), best(get('qf_fp8_row', N, K, 1)))} | {speed} |")
    out += ["", "Goals: int4 M=1 >= 80 % of copy bandwidth, M=16 within 1.2x of M=1, M=2048 within 1.25x of bf16; int8/fp8 M=1 >= 80 %.", ""]
    if dq:
        out += ["| float8 dynamic | N x K | M=2048: `_scaled_mm` alone / qf (>= 90 % goal) | M=1: qf / qf fp8 weight-only (<= 1.1x goal) |", "|---|---|---|---|"]
        for tag in ("qf_fp8dq_row", "qf_fp8dq_tensor"):
            for N, K in sorted({(r["N"], r["K"]) for r in dq["rows"]}):
                big = next(r for r in dq["rows"] if r["impl"] == tag and r["N"] == N and r["K"] == K and r["M"] == 2048)
                one = next(r for r in dq["rows"] if r["impl"] == tag and r["N"] == N and r["K"] == K and r["M"] == 1)
                out.append(f"| {tag} | {N} x {K} | {100 * big['scaled_mm_alone'] / big['us']:.0f}% | {one['us'] / one['qf_fp8_weight_only']:.2f}x |")
        out.append("")
    return out


def dynamic(d):
    out = [f"## Float8 dynamic activation ({d['card']})", "",
           "End to end (activation quantization included) vs `torch._scaled_mm` alone (activation already",
           "quantized), torchao's eager path (torch ops for the activation + `_scaled_mm`), bf16 cuBLAS,",
           "`torch._int_mm` (int8, M > 16) and quantforge's float8 weight-only kernel. µs, median.", "",
           "| tag | N | K | M | qf | qf cfgs | _scaled_mm alone | torchao eager | bf16 | _int_mm | qf fp8 weight-only | act quant bit-exact |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in d["rows"]:
        cfg = ", ".join(f"{k}: {fmt(v)}" for k, v in r.get("cfg_us", {}).items())
        im = r.get("int_mm")
        out.append(f"| {r['impl']} | {r['N']} | {r['K']} | {r['M']} | {fmt(r.get('us'))} | {cfg} | {fmt(r['scaled_mm_alone'])} | "
                   f"{fmt(r['torchao_eager'])} | {fmt(r['bf16_cublas'])} | {fmt(im) if isinstance(im, float) else '—'} | "
                   f"{fmt(r['qf_fp8_weight_only'])} | {r['act_quant_bit_exact']} |")
    out += ["", f"Failures: {len(d.get('failures', []))}. cfg 0 = act quant + weight-streaming decode kernel; cfg 1 = act quant + cuBLASLt float8 GEMM (per-tensor: scales and bias fused; per-row: fp32 output + one epilogue pass)."]
    return out


def golden(g):
    out = ["## GPU golden cases (INDEX_GPU.json)", "", "| case | result |", "|---|---|"]
    for k, v in g.items():
        out.append(f"| {k} | {'pass' if v.get('ok') else ('skipped: ' + v.get('skipped', '') if v.get('ok') is None else 'FAIL')} "
                   f"{json.dumps({kk: vv for kk, vv in v.items() if kk not in ('ok', 'tag')})} |")
    return out


def main():
    run_dir, out_md = sys.argv[1:3]
    parts = ["# quantforge CUDA kernels on Hopper — measured", "",
             "Produced by `bash scripts/gpu/kernels.sh` on the GPU machine (one process, one card) and",
             "`python3 bench/gpu/report.py`. Raw numbers: the JSON files beside this page.", ""]
    load = lambda n: json.load(open(os.path.join(run_dir, n))) if os.path.exists(os.path.join(run_dir, n)) else None
    wo, dq = load("gpu-weight-only.json"), load("gpu-dynamic.json")
    if wo:
        parts += goals(wo, dq)
    for name, fn in (("gpu-golden.json", golden), ("gpu-weight-only.json", weight_only), ("gpu-dynamic.json", dynamic)):
        p = os.path.join(run_dir, name)
        if os.path.exists(p):
            with open(p) as f:
                parts += fn(json.load(f)) + [""]
    with open(out_md, "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main()
