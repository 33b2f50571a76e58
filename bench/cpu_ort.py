"""onnxruntime CPU baseline for `npm run bench -- cpu` (run with .venv-bench, see setup-torch.sh).

Prints one JSON object: {"onnxruntime": version, "rows": [{name, N, K, M, ms_median, ms_min, variant}]}.
The int4 g128 row is com.microsoft MatMulNBits (bits 4, block_size 128, uint8 zero points, fp32
scales), a one-node graph built with onnx.helper, run by the CPU execution provider with the
given number of intra-op threads:
  accuracy_level 0  fp32 activations (MLAS dequantizes each block and runs an fp32 GEMM/GEMV)
  accuracy_level 4  int8 activations (MLAS quantizes x per block and runs int8 dot products;
                    numerics differ from torchao's int4 weight-only linear)
A is fp32 (the CPU kernels of MatMulNBits take fp32 or fp16, not bf16).
"""
import json
import statistics
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
G = 128


def session(N, K, accuracy_level, rng):
    blocks = K // G
    q = rng.integers(0, 256, size=(N, blocks, G // 2), dtype=np.uint8)
    scales = (rng.random(N * blocks, dtype=np.float32) * 0.01 + 0.001).astype(np.float32)
    zeros = rng.integers(0, 256, size=N * ((blocks + 1) // 2), dtype=np.uint8)
    node = helper.make_node(
        "MatMulNBits", ["A", "B", "scales", "zero_points"], ["Y"], domain="com.microsoft",
        K=K, N=N, bits=4, block_size=G, accuracy_level=accuracy_level,
    )
    graph = helper.make_graph(
        [node], "int4_g128",
        [helper.make_tensor_value_info("A", TensorProto.FLOAT, ["M", K])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["M", N])],
        initializer=[numpy_helper.from_array(q, "B"), numpy_helper.from_array(scales, "scales"),
                     numpy_helper.from_array(zeros, "zero_points")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = THREADS
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])


def timed(fn):
    for _ in range(5):  # the first runs pack the weights and size the thread pool's buffers
        fn()
    ts = []
    for _ in range(REPS):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1e3)
    return statistics.median(ts), min(ts)


rows = []
rng = np.random.default_rng(0)
for N, K in [(14336, 4096), (4096, 14336)]:
    for level in (0, 4):
        sess = session(N, K, level, rng)
        for M in (1, 16):
            x = rng.standard_normal((M, K), dtype=np.float32)
            med, mn = timed(lambda: sess.run(None, {"A": x}))
            rows.append({"name": "int4_g128", "N": N, "K": K, "M": M, "ms_median": med, "ms_min": mn,
                         "variant": f"MatMulNBits accuracy_level {level}"})
        del sess

print(json.dumps({"onnxruntime": ort.__version__, "onnx": onnx.__version__, "threads": THREADS, "rows": rows}))
