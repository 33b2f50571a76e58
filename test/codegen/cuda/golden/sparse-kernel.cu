// {"format":{"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8_sparse_2x4","metadata":"2d"}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__float8_sparse_2x4__bf16__c0de32ab {
using Op = qf::SparseFp8Op;
const qf::ActQuantParams kAct{std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::quiet_NaN()};

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
}  // namespace k_linear__float8_sparse_2x4__bf16__c0de32ab
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab, k_linear__float8_sparse_2x4__bf16__c0de32ab::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__cfg, k_linear__float8_sparse_2x4__bf16__c0de32ab::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__quantize_activation, k_linear__float8_sparse_2x4__bf16__c0de32ab::quantize_activation);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__packed_bytes, k_linear__float8_sparse_2x4__bf16__c0de32ab::packed_bytes);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__repack, k_linear__float8_sparse_2x4__bf16__c0de32ab::repack);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__decompress, k_linear__float8_sparse_2x4__bf16__c0de32ab::decompress);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__library_version, k_linear__float8_sparse_2x4__bf16__c0de32ab::library_version);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__max_alg, k_linear__float8_sparse_2x4__bf16__c0de32ab::max_alg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__c0de32ab__chosen_alg, k_linear__float8_sparse_2x4__bf16__c0de32ab::chosen_alg);
