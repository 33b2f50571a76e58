"""A few decode launches for Nsight Compute (scripts/gpu/decode-check.sh, DECODE_NCU=1): one
weight format and shape, M=1, one launch per listed configuration, on random data.

usage (GPU machine):
  ncu --clock-control none -k regex:decode_ --section SpeedOfLight --section WarpStateStats \\
      python3 bench/gpu/profile_decode.py <build-dir> <tag> <N> <K> <cfg> [<cfg> ...]
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_formats  # noqa: E402
import qf_module  # noqa: E402


def main():
    build_dir, tag, N, K = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    cfgs = [int(c) for c in sys.argv[5:]]
    mod, table = qf_module.load(build_dir)
    w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
    x = torch.randn(1, K, device="cuda").to(torch.bfloat16)
    y = torch.empty(1, N, device="cuda", dtype=torch.bfloat16)
    inner, _ = qf_formats.make(tag, w)
    lin = qf_module.QfLinear(mod, table[tag], inner, N, K)
    for cfg in cfgs:
        lin(x, y, cfg=cfg)
    torch.cuda.synchronize()


if __name__ == "__main__":
    main()
