"""torchao's quantize_ on CPU for the same model and config as `npm run bench -- build`.

usage: .venv-bench/bin/python bench/torchao_quantize.py MODEL_DIR int8|int4

Loads every 2-D linear weight of the model folder (safetensors, bf16) into nn.Linear modules,
times torchao.quantization.quantize_ with the config the build used, and prints one JSON line:
quantize seconds, load seconds, the linear weights' bytes and the process's peak RSS.
"""
import glob
import json
import os
import resource
import sys
import time

import torch
from safetensors.torch import load_file
from torchao.quantization import Int8WeightOnlyConfig, IntxWeightOnlyConfig, quantize_
from torchao.quantization.granularity import PerGroup

EMBEDDING_NAMES = ("embed_tokens", "word_embeddings", "wte", "embeddings")


def linear_weights(model_dir):
    for path in sorted(glob.glob(os.path.join(model_dir, "*.safetensors"))):
        for name, t in load_file(path).items():
            module = name.rsplit(".", 1)[0]
            if name.endswith(".weight") and t.dim() == 2 and not module.endswith(EMBEDDING_NAMES):
                yield name, t


def main():
    model_dir, config_name = sys.argv[1], sys.argv[2]
    config = {
        "int8": lambda: Int8WeightOnlyConfig(),
        "int4": lambda: IntxWeightOnlyConfig(weight_dtype=torch.int4, granularity=PerGroup(32)),
    }[config_name]()
    torch.set_num_threads(os.cpu_count())
    t0 = time.perf_counter()
    model = torch.nn.ModuleList()
    nbytes = 0
    with torch.no_grad():
        for _, w in linear_weights(model_dir):
            lin = torch.nn.Linear(w.shape[1], w.shape[0], bias=False, dtype=w.dtype, device="meta")
            lin.weight = torch.nn.Parameter(w, requires_grad=False)
            model.append(lin)
            nbytes += w.numel() * w.element_size()
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    quantize_(model, config)
    quant_s = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": quant_s, "loadSeconds": load_s, "linearBytes": nbytes,
                      "mbps": nbytes / 1e6 / quant_s, "peakRssMiB": peak, "modules": len(model),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
