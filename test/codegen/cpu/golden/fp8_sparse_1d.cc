// quantize_weight__float8_sparse_2x4__bf16__e55f6756: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"layout":"float8_sparse_2x4","metadata":"1d"}}
static void k_quantize_weight__float8_sparse_2x4__bf16__e55f6756(tvm::ffi::TensorView weight, tvm::ffi::TensorView packed, tvm::ffi::TensorView scale) {
  qf::float8::sparse::quantize_weight_1d<qf::Dt::BF16, qf::kE4M3, true>("quantize_weight__float8_sparse_2x4__bf16__e55f6756", weight, packed, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__float8_sparse_2x4__bf16__e55f6756, k_quantize_weight__float8_sparse_2x4__bf16__e55f6756);

// dequantize__float8_sparse_2x4__bf16__e1d8fa9e: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"layout":"float8_sparse_2x4","metadata":"1d"}}
static void k_dequantize__float8_sparse_2x4__bf16__e1d8fa9e(tvm::ffi::TensorView packed, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::float8::sparse::dequantize_1d<qf::Dt::BF16, qf::kE4M3, true>("dequantize__float8_sparse_2x4__bf16__e1d8fa9e", packed, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__float8_sparse_2x4__bf16__e1d8fa9e, k_dequantize__float8_sparse_2x4__bf16__e1d8fa9e);

// linear__float8_sparse_2x4__bf16__fb34dccc: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"layout":"float8_sparse_2x4","metadata":"1d"}}
static void k_linear__float8_sparse_2x4__bf16__fb34dccc(tvm::ffi::TensorView x, tvm::ffi::TensorView packed, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::float8::sparse::linear_1d<qf::Dt::BF16, qf::kE4M3, qf::kE4M3, true, 4>("linear__float8_sparse_2x4__bf16__fb34dccc", NAN, NAN, x, packed, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__fb34dccc, k_linear__float8_sparse_2x4__bf16__fb34dccc);

// quantize_activation__float8_sparse_2x4__bf16__cb76042e: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"kind":"PerTensor"},"layout":"float8_sparse_2x4","metadata":"1d"}}
static void k_quantize_activation__float8_sparse_2x4__bf16__cb76042e(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::quantize_activation<qf::Dt::BF16, qf::kE4M3, true>("quantize_activation__float8_sparse_2x4__bf16__cb76042e", NAN, NAN, x, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__float8_sparse_2x4__bf16__cb76042e, k_quantize_activation__float8_sparse_2x4__bf16__cb76042e);
