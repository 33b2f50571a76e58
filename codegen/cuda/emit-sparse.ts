// Emitter of the 2:4 sparse float8 kernels (sparse-format.ts -> include/qf/sparse_fp8_op.cuh).
// For a kernel named `<name>` the module exports
//   <name>(x, packed, scale, bias, y)                    packed: the cuSPARSELt weight of __repack
//   <name>__cfg(..., cfg)                                 alg (99: searched) + 100 * output mode (sparse_fp8_op.cuh)
//   <name>__quantize_activation(x, xq, xs)                e4m3 [M, K], fp32 [M] (the float8 dynamic one)
//   <name>__packed_bytes(N, K) -> int                     size of the packed weight on this device
//   <name>__repack(qdata, sparse_metadata, packed)        oracle/torchao tensors -> cuSPARSELt layout
//   <name>__decompress(qdata, sparse_metadata, dense)     dense pruned e4m3 [N, K] (tests)
//   <name>__library_version() -> int                      the loaded cuSPARSELt (e.g. 801)
//   <name>__max_alg(M, N, K) -> int                       largest cuSPARSELt algorithm id (tuning)
//   <name>__chosen_alg(M, N, K, mode) -> int              the algorithm a searched plan chose (tuning)
import type { CudaSparseFp8Format } from './sparse-format.js';

/** The header a module with sparse kernels includes (only then: cuSPARSELt stays optional). */
export const SPARSE_HEADER = '#include "qf/sparse_fp8_op.cuh"';

const cppFloat = (v: number | null): string =>
  v === null ? 'std::numeric_limits<float>::quiet_NaN()' : `${Number.isInteger(v) ? `${v}.0` : String(v)}f`;

export function emitSparseFp8(name: string, origin: string, f: CudaSparseFp8Format): string {
  const ns = `k_${name}`;
  return `// ${origin.replace(/\n/g, ' ')}
namespace ${ns} {
using Op = qf::SparseFp8Op;
const qf::ActQuantParams kAct{${cppFloat(f.lowerBound)}, ${cppFloat(f.upperBound)}};

void linear(TensorView x, TensorView packed, TensorView scale, TensorView bias, TensorView y) {
  Op::run(x, packed, scale, bias, y, kAct, -1);
}

void linear_cfg(TensorView x, TensorView packed, TensorView scale, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, packed, scale, bias, y, kAct, static_cast<int>(cfg));
}

void quantize_activation(TensorView x, TensorView xq, TensorView xs) { Op::quantize_activation(x, xq, xs, kAct); }
int64_t packed_bytes(int64_t N, int64_t K) { return Op::packed_bytes(N, K); }
void repack(TensorView qdata, TensorView sparse_metadata, TensorView packed) { Op::repack(qdata, sparse_metadata, packed); }
void decompress(TensorView qdata, TensorView sparse_metadata, TensorView dense) { Op::decompress(qdata, sparse_metadata, dense); }
int64_t library_version() { return Op::library_version(); }
int64_t max_alg(int64_t M, int64_t N, int64_t K) { return Op::max_alg(M, N, K); }
int64_t chosen_alg(int64_t M, int64_t N, int64_t K, int64_t mode) { return Op::chosen_alg(M, N, K, mode); }
}  // namespace ${ns}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}, ${ns}::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__cfg, ${ns}::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__quantize_activation, ${ns}::quantize_activation);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__packed_bytes, ${ns}::packed_bytes);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__repack, ${ns}::repack);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__decompress, ${ns}::decompress);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__library_version, ${ns}::library_version);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__max_alg, ${ns}::max_alg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(${name}__chosen_alg, ${ns}::chosen_alg);
`;
}
