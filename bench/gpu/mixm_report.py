"""Markdown tables from a bench_mixm.py result (the JSON itself, or a mixm-check log that carries
it after its "== json" line): per shape, µs at each M for bf16 cuBLAS, torchao int4, and per
format the decode cfg 6, the prefill path (cfg 100), the default, and the best mixed cfg.

usage: python3 bench/gpu/mixm_report.py <mixm.json | mixm.log>
"""
import json
import sys


def load(path):
    text = open(path).read()
    if "== json" in text:
        text = text.split("== json", 1)[1]
        text = text[text.index("{"):]
    return json.loads(text)


def main():
    out = load(sys.argv[1])
    rows = {(r["impl"], r["N"], r["K"], r["M"]): r for r in out["rows"]}
    shapes = sorted({(r["N"], r["K"]) for r in out["rows"]}, key=lambda s: (s[1], s[0]))
    ms = sorted({r["M"] for r in out["rows"]})
    # A cfg with any failed check is never "best" (cfg 413 wrote NaN for 8-bit formats).
    failed = {f["cfg"] for f in out.get("failures", [])}
    mixed = set(out.get("cfgs", [])) - failed
    print(f"{out['card']}, copy {out['copy_GBps']:.0f} GB/s; {out['checks']} checks, {len(out['failures'])} failures "
          f"(cfgs {sorted(failed) or 'none'}, left out of 'mixed best'), max rel. err {out['max_err']:.1e} vs float64\n")
    for N, K in shapes:
        print(f"### N={N} K={K} (µs)\n")
        print("| impl | " + " | ".join(f"M={m}" for m in ms) + " |")
        print("|---|" + "---|" * len(ms))
        for impl in ["bf16_cublas", "torchao_int4_tinygemm_g128"]:
            print(f"| {impl} | " + " | ".join(f"{rows[(impl, N, K, m)]['us']:.1f}" if (impl, N, K, m) in rows else ""
                                            for m in ms) + " |")
        tags = sorted({r["impl"] for r in out["rows"] if r["impl"].startswith("qf_") and r["N"] == N and r["K"] == K})
        for impl in tags:
            cells = {m: rows.get((impl, N, K, m)) for m in ms}
            for label, pick in [("decode cfg 6", lambda c: (6, c.get("6", c.get(6)))),
                                ("prefill", lambda c: (100, c.get("100", c.get(100)))),
                                ("mixed best", lambda c: min(((int(k), v) for k, v in c.items() if int(k) in mixed),
                                                             key=lambda kv: kv[1], default=(None, None)))]:
                vals = []
                for m in ms:
                    r = cells[m]
                    k, v = pick(r["cfg_us"]) if r else (None, None)
                    vals.append("" if v is None else (f"{v:.1f}" + (f" ({k})" if label == "mixed best" else "")))
                print(f"| {impl[3:]} {label} | " + " | ".join(vals) + " |")
            print(f"| {impl[3:]} default | " + " | ".join(f"{cells[m]['us']:.1f}" if cells[m] else "" for m in ms) + " |")
        print()


if __name__ == "__main__":
    main()
