"""Runs a few decode launches for Nsight Compute: int4 g128 and fp8 per-row, N=14336 K=4096,
M=1, default configuration and cfg 2. usage (GPU machine):
  ncu --clock-control none -k regex:decode_linear --section SpeedOfLight --section Occupancy \
      --section WarpStateStats --section MemoryWorkloadAnalysis python3 bench/gpu/profile_decode.py build/gpu
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qf_formats  # noqa: E402
import qf_module  # noqa: E402

mod, table = qf_module.load(sys.argv[1])
N, K = 14336, 4096
w = (torch.randn(N, K, device="cuda") * 0.05).to(torch.bfloat16)
x = torch.randn(1, K, device="cuda").to(torch.bfloat16)
y = torch.empty(1, N, device="cuda", dtype=torch.bfloat16)
for tag in ("int4_plain_g128", "fp8_row"):
    inner, _ = qf_formats.make(tag, w)
    lin = qf_module.QfLinear(mod, table[tag], inner, N, K)
    for cfg in (0, 2):
        lin(x, y, cfg=cfg)
torch.cuda.synchronize()
