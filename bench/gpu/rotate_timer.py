"""Timing of memory-bound kernels without an L2 flush: rotation among input copies.

triton's do_bench zeroes a 256 MB buffer before every repetition; that leaves the L2 full of
dirty lines whose write-back during the timed kernel is charged to it (codegen/cuda/NOTES.md,
v5). Here every repetition reads a different copy of the inputs, and the copies together exceed
3x the L2, so each read comes from DRAM and nothing else is written back.

Each repetition is bracketed by its own CUDA events; a sleep kernel queued first lets the host
run ahead, so the events measure device time, not launch gaps. Median over repetitions.
"""
import math

import torch


def l2_bytes() -> int:
    return torch.cuda.get_device_properties(0).L2_cache_size


def copies_for(bytes_per_copy: int, factor: float = 3.0, at_least: int = 2) -> int:
    """How many copies of an input of this size make the rotation exceed factor x L2."""
    return max(at_least, math.ceil(factor * l2_bytes() / max(1, bytes_per_copy)) + 1)


def time_rotating(fn, copies: int, reps: int = 60, warmup: int = 10, sleep_cycles: int = 3_000_000) -> float:
    """Median device time in microseconds of fn(i) for i cycling over range(copies).
    sleep_cycles must cover the host's time to queue all repetitions (a call that launches several
    kernels needs more than the default), else an event pair also times the host's enqueue."""
    for w in range(warmup):
        fn(w % copies)
    torch.cuda.synchronize()
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    torch.cuda._sleep(sleep_cycles)  # default ~1.5 ms: the host queues the repetitions meanwhile
    for r in range(reps):
        starts[r].record()
        fn((warmup + r) % copies)
        ends[r].record()
    torch.cuda.synchronize()
    times = sorted(s.elapsed_time(e) for s, e in zip(starts, ends))
    return times[len(times) // 2] * 1e3


def time_back_to_back(fn, copies: int, launches: int = 20, reps: int = 15) -> float:
    """Median over reps of (time of `launches` back-to-back calls) / launches, in microseconds:
    the launch gaps of a model's forward pass instead of one isolated launch."""
    fn(0)
    torch.cuda.synchronize()
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    torch.cuda._sleep(3_000_000)
    n = 0
    for r in range(reps):
        starts[r].record()
        for _ in range(launches):
            fn(n % copies)
            n += 1
        ends[r].record()
    torch.cuda.synchronize()
    times = sorted(s.elapsed_time(e) for s, e in zip(starts, ends))
    return times[len(times) // 2] * 1e3 / launches


def copy_bandwidth() -> float:
    """Device-to-device copy of 1 GiB, timed like the kernels; GB/s counting read + write bytes."""
    a = torch.randint(0, 255, (1 << 30,), dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    t = time_rotating(lambda i: b.copy_(a), copies=1, reps=20, warmup=3)
    del a, b
    torch.cuda.empty_cache()
    return 2 * (1 << 30) / (t * 1e-6) / 1e9
