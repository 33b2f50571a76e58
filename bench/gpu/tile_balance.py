"""Does the v11 decode grid's fill of the SMs set its speed? (issue #7, topic tile)

tile_grid (decode_tile_grid.h) launches about one wave: bx channel groups x S K slices blocks with
min_blocks resident per SM. At 14336x4096 cfg 300 (4 per SM) that is 448 blocks on 528 slots, so
some SMs hold 4 blocks and others 3; if the kernel is limited per SM (issue, L1) rather than by
DRAM, the 4-block SMs set the time. Here N varies at K = 4096 so that the grid fills the slots
evenly (N = 16896, 33792: 528 blocks) or not (12288, 14336), M = 1, and the rate per streamed byte
is compared; the read-only kernel's rate at the same bytes (read_ceiling.py) is the ceiling.

usage (GPU machine): python3 bench/gpu/tile_balance.py build/gpu-tile [--ablate | --explore]
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_module  # noqa: E402
from bench_tile import Rotation, make_linear  # noqa: E402
from rotate_timer import copies_for, time_back_to_back, time_rotating  # noqa: E402

NS = [12288, 14336, 16896, 33792]
K = 4096
TAGS = ["int4_plain_g128", "int8_row"]
CFGS = [48, 300, 304]


def blocks(N, min_blocks=4, nt=4, wn=4, sms=132, kc=K // 128):
    bx = -(-(N // 8) // (nt * wn))
    s = max(1, min(8, min_blocks * sms // bx, kc))
    slice_chunks = -(-kc // s)
    return bx * -(-kc // slice_chunks)


def rotated_linear(mod, table, tag, N, k):
    """A linear of `tag` on a random [N, k] weight, rotated over copies > 3x L2, and its streamed bytes."""
    w = (torch.randn(N, k, device="cuda") * 0.05).to(torch.bfloat16)
    lin, w64, nbytes = make_linear(mod, table, tag, w, N, k)
    del w64, w
    return Rotation(lin, copies_for(nbytes)), nbytes


def errors_vs_first(rot, x, N, cfgs):
    """Each cfg's output on x (poisoned with NaN first) against cfgs[0]'s: relative error norms."""
    ys = {}
    for cfg in cfgs:
        ys[cfg] = torch.full((x.shape[0], N), float("nan"), dtype=torch.bfloat16, device="cuda")
        rot(0, x, ys[cfg], cfg)
    ref = ys[cfgs[0]].double()
    return {c: ((v.double() - ref).norm() / ref.norm()).item() for c, v in ys.items()}


def times(rot, x, y, cfg):
    """(isolated, back-to-back) µs of cfg."""
    fn = lambda i: rot(i, x, y, cfg)  # noqa: E731
    return time_rotating(fn, len(rot.lins)), time_back_to_back(fn, len(rot.lins))


ABLATE = [300, 390, 391, 392, 304, 394]  # tile_bench_op.cuh: 390-392 / 394 = cfg 300 / 304 with parts left out


def ablate(mod, table):
    """Where cfg 300's time goes: the same kernel without the chunk computation (390), without the
    cluster reduction (391), without both (392, a pure load loop on the same grid), and cfg 304
    (fp16 operands) without the computation (394). Timing only: those outputs are wrong."""
    print("ablation: us isolated / back to back; 390 no compute, 391 no reduction, 392 neither, 394 = 304 no compute")
    for tag in TAGS:
        for N, k in [(14336, 4096), (4096, 14336), (4096, 4096)]:
            rot, nbytes = rotated_linear(mod, table, tag, N, k)
            x = torch.randn(1, k, device="cuda").to(torch.bfloat16)
            y = torch.empty((1, N), dtype=torch.bfloat16, device="cuda")
            cells = ["{}: {:6.2f}/{:6.2f}".format(cfg, *times(rot, x, y, cfg)) for cfg in ABLATE]
            print(f"{tag:16s} {N:5d}x{k:<5d} {nbytes / 1e6:6.1f} MB  " + "  ".join(cells), flush=True)
            del rot
            torch.cuda.empty_cache()


EXPLORE = [48, 300, 304, 380, 381, 382]
EXPLORE_TAGS = ["int4_plain_g128", "int8_row", "fp8_row", "nvfp4_pts", "mxfp4"]


def explore(mod, table):
    """Candidate v11 geometries (tile_bench_op.cuh 380-382) against cfg 300 / 304 and v5 (48) at the
    #7 shapes, M = 1: outputs checked against cfg 48's (relative error < 1e-2), then timed."""
    print("explore: us isolated / back to back, M=1")
    for tag in EXPLORE_TAGS:
        for N, k in [(14336, 4096), (4096, 14336), (4096, 4096), (6144, 4096)]:
            rot, nbytes = rotated_linear(mod, table, tag, N, k)
            x = torch.randn(1, k, device="cuda").to(torch.bfloat16)
            bad = {c: e for c, e in errors_vs_first(rot, x, N, EXPLORE).items() if not e < 1e-2}
            y = torch.empty((1, N), dtype=torch.bfloat16, device="cuda")
            cells = ["{}: {:6.2f}/{:6.2f}".format(cfg, *times(rot, x, y, cfg)) for cfg in EXPLORE]
            print(f"{tag:16s} {N:5d}x{k:<5d} {nbytes / 1e6:6.1f} MB  " + "  ".join(cells)
                  + (f"  FAIL {bad}" if bad else ""), flush=True)
            del rot
            torch.cuda.empty_cache()


def main():
    mod, table = qf_module.load(sys.argv[1])
    if "--ablate" in sys.argv:
        return ablate(mod, table)
    if "--explore" in sys.argv:
        return explore(mod, table)
    print(f"card {torch.cuda.get_device_name(0)}; M=1, K={K}; us isolated / back to back, GB/s on the streamed bytes")
    for tag in TAGS:
        for N in NS:
            rot, nbytes = rotated_linear(mod, table, tag, N, K)
            x = torch.randn(1, K, device="cuda").to(torch.bfloat16)
            errs = errors_vs_first(rot, x, N, CFGS)  # against v5 (cfg 48): the grid change keeps the sums
            bad = [c for c, e in errs.items() if not e < 1e-2]
            if bad:
                print(f"FAIL {tag} N={N}: cfg {bad} differ from cfg {CFGS[0]}: {errs}", flush=True)
            y = torch.empty((1, N), dtype=torch.bfloat16, device="cuda")
            cells = []
            for cfg in CFGS:
                t, tb = times(rot, x, y, cfg)
                cells.append(f"{cfg}: {t:6.2f}/{tb:6.2f} ({nbytes / t / 1e3:5.0f}/{nbytes / tb / 1e3:5.0f})")
            print(f"{tag:16s} N={N:5d} {nbytes / 1e6:6.1f} MB  v11 blocks {blocks(N):4d} / 528  " + "  ".join(cells),
                  flush=True)
            del rot
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
