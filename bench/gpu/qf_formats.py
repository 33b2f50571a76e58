"""Reference quantizers (torchao formulas, torchao-semantics.md) that build the torchao-layout
inner tensors the CUDA kernels take, plus their float64 dequantization for the checks.

Used only by the GPU benchmark and checks (bench/gpu/*.py); they run on the GPU machine with
PyTorch. Each returns (inner: dict of torchao-named tensors, w64: float64 dequantized weight).
"""
import torch


def int4_plain(w: torch.Tensor, g: int):
    """Int4Tensor (mslk int4_row_quantize_zp): u in [0,15], stored s = u - 8, even-low nibbles."""
    N, K = w.shape
    wg = w.float().reshape(N, K // g, g)
    mn, mx = wg.amin(-1), wg.amax(-1)
    scale = (mx - mn).clamp(min=1e-6) / 15
    zero = mn + scale * 8
    u = ((wg - mn[..., None]) / scale[..., None]).round().clamp(0, 15).to(torch.int32).reshape(N, K)
    s = (u - 8).to(torch.int8)
    qdata = ((s[:, 0::2] & 0xF) | (s[:, 1::2] << 4)).to(torch.int8)
    scale_b = scale.t().contiguous().to(torch.bfloat16)
    zero_b = zero.t().contiguous().to(torch.bfloat16)
    w64 = (u.double() - 8).reshape(N, K // g, g) * scale_b.t().double()[..., None] + zero_b.t().double()[..., None]
    return {"qdata": qdata, "scale": scale_b, "zero_point": zero_b}, w64.reshape(N, K), u


def int4_tinygemm(w: torch.Tensor, g: int):
    """Int4TilePackedTo4dTensor: tinygemm qparams in bf16, aten._convert_weight_to_int4pack."""
    N, K = w.shape
    wg = w.bfloat16().reshape(N, K // g, g)
    mn, mx = wg.amin(-1), wg.amax(-1)
    eps = torch.finfo(torch.bfloat16).tiny
    scale = ((mx - mn) / 15).clamp(min=eps)
    zero = mn + scale * 8
    u = ((wg - (zero - scale * 8)[..., None]) / scale[..., None]).round().clamp(0, 15).to(torch.int32).reshape(N, K)
    b = ((u[:, 0::2] << 4) | u[:, 1::2]).to(torch.uint8)
    qdata = torch.ops.aten._convert_weight_to_int4pack(b, 8)
    sz = torch.stack([scale, zero], -1).transpose(0, 1).contiguous().to(torch.bfloat16)
    w64 = (u.double() - 8).reshape(N, K // g, g) * scale.double()[..., None] + zero.double()[..., None]
    return {"qdata": qdata, "scale_and_zero": sz}, w64.reshape(N, K), u


def int8_row(w: torch.Tensor):
    amax = w.abs().amax(-1, keepdim=True)
    scale = (amax / 127.5).clamp(min=1.1920929e-07).float()
    q = (w.float() * (1.0 / scale)).round().clamp(-128, 127).to(torch.int8)
    return {"qdata": q, "scale": scale, "zero_point": torch.zeros_like(scale, dtype=torch.int8)}, q.double() * scale.double()


def fp8(w: torch.Tensor, per_tensor: bool):
    amax = w.abs().amax() if per_tensor else w.abs().amax(-1, keepdim=True)
    scale = (amax / 448.0).float().reshape(1, 1) if per_tensor else (amax / 448.0).float()
    q = (w.float() / scale).clamp(-448, 448).to(torch.float8_e4m3fn)
    return {"qdata": q, "scale": scale}, q.double() * scale.double()


def make(tag: str, w: torch.Tensor):
    if tag.startswith("int4_plain_g"):
        inner, w64, _ = int4_plain(w, int(tag.rsplit("g", 1)[1]))
    elif tag.startswith("int4_tinygemm_g"):
        inner, w64, _ = int4_tinygemm(w, int(tag.rsplit("g", 1)[1]))
    elif tag == "int8_row":
        inner, w64 = int8_row(w)
    elif tag == "fp8_row":
        inner, w64 = fp8(w, False)
    elif tag == "fp8_tensor":
        inner, w64 = fp8(w, True)
    else:
        raise ValueError(f"unknown format tag {tag}")
    return inner, w64


def weight_bytes(tag: str, N: int, K: int) -> int:
    """Bytes the kernel must stream: weight elements plus scales (and zeros)."""
    if tag.startswith("int4"):
        g = int(tag.rsplit("g", 1)[1])
        return N * K // 2 + (K // g) * N * 4
    if tag in ("int8_row", "fp8_row"):
        return N * K + N * 4
    if tag == "fp8_tensor":
        return N * K + 4
    raise ValueError(tag)
