"""Torch CPU baselines for `npm run bench -- cpu` (run with .venv-bench, see setup-torch.sh).

Prints one JSON object: {"torch": version, "rows": [{name, N, K, M, ms_median, ms_min}]}.
Each baseline is what a PyTorch user runs on CPU for the same configuration:
  int4 g128     aten._weight_int4pack_mm_for_cpu (tinygemm-style packed int4, bf16 x)
  int8 wo       aten._weight_int8pack_mm (bf16 x, per-channel bf16 scales)
  int8 dynamic  quantize_dynamic nn.Linear (FBGEMM, fp32 x)
  float8 wo     torchao's path: dequantize (fp8 -> bf16 * scale) then F.linear
  fp32 / bf16   F.linear
  quantize      eager ops of torchao's int8 per-row and mslk int4 g128 quantizers on bf16 W
"""
import json
import warnings
import statistics
import sys
import time

import torch
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(0)
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 10


def timed(fn):
    fn()
    fn()
    ts = []
    for _ in range(REPS):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1e3)
    return statistics.median(ts), min(ts)


rows = []


def add(name, N, K, M, fn):
    med, mn = timed(fn)
    rows.append({"name": name, "N": N, "K": K, "M": M, "ms_median": med, "ms_min": mn})


for N, K in [(14336, 4096), (4096, 14336)]:
    w = torch.randn(N, K, dtype=torch.bfloat16)
    # int4 g128 (values 0..15 per group, bf16 scale and zero)
    g = 128
    wg = w.float().reshape(N, K // g, g)
    mn, mx = wg.amin(-1, keepdim=True), wg.amax(-1, keepdim=True)
    scale = ((mx - mn).clamp(min=1e-6) / 15)
    u = ((wg - mn) / scale).round().clamp(0, 15).to(torch.int32).reshape(N, K)
    packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(u, 2)
    sz = torch.stack([scale.reshape(N, -1), (mn + 8 * scale).reshape(N, -1)], -1).transpose(0, 1).contiguous().to(torch.bfloat16)
    w8 = (w.float() / (w.float().abs().amax(1, keepdim=True) / 127)).round().clamp(-128, 127).to(torch.int8)
    s8 = (w.float().abs().amax(1) / 127).to(torch.bfloat16)
    lin = torch.nn.Linear(K, N, bias=False)
    lin.weight.data = w.float()
    dyn = torch.ao.quantization.quantize_dynamic(torch.nn.Sequential(lin), {torch.nn.Linear}, dtype=torch.qint8)
    wf8 = (w.float() / (w.float().abs().amax(1, keepdim=True) / 448)).to(torch.float8_e4m3fn)
    sf8 = (w.float().abs().amax(1, keepdim=True) / 448)
    w32 = w.float()
    for M in (1, 16):
        x = torch.randn(M, K, dtype=torch.bfloat16)
        x32 = x.float()
        add("int4_g128", N, K, M, lambda: torch.ops.aten._weight_int4pack_mm_for_cpu(x, packed, g, sz))
        add("int8_weight_only", N, K, M, lambda: torch.ops.aten._weight_int8pack_mm(x, w8, s8))
        add("int8_dynamic", N, K, M, lambda: dyn(x32))
        add("float8_weight_only", N, K, M, lambda: F.linear(x, (wf8.to(torch.bfloat16) * sf8).to(torch.bfloat16)))
        add("fp32_linear", N, K, M, lambda: F.linear(x32, w32))
        add("bf16_linear", N, K, M, lambda: F.linear(x, w))

    def q_int8():
        a = w.abs().amax(1, keepdim=True)
        s = (a / 127.5).clamp(min=1.1920929e-07).float()
        return (w.float() * (1.0 / s)).round().clamp(-128, 127).to(torch.int8)

    def q_int4():
        x = w.float().reshape(N, K // 128, 128)
        lo, hi = x.amin(-1, keepdim=True), x.amax(-1, keepdim=True)
        s = (hi - lo).clamp(min=1e-6) / 15
        return ((x - lo) / s).round().clamp(0, 15).to(torch.int8)

    add("quantize_int8_weight_only", N, K, 0, q_int8)
    add("quantize_int4_g128", N, K, 0, q_int4)

print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "rows": rows}))
