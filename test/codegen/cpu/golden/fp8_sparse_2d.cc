// quantize_weight__float8_sparse_2x4__bf16__8588ecd9: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8_sparse_2x4","metadata":"2d"}}
static void k_quantize_weight__float8_sparse_2x4__bf16__8588ecd9(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView sparse_metadata, tvm::ffi::TensorView scale) {
  qf::float8::sparse::quantize_weight_2d<qf::Dt::BF16, qf::kE4M3, false>("quantize_weight__float8_sparse_2x4__bf16__8588ecd9", weight, qdata, sparse_metadata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__float8_sparse_2x4__bf16__8588ecd9, k_quantize_weight__float8_sparse_2x4__bf16__8588ecd9);

// dequantize__float8_sparse_2x4__bf16__d401e5cf: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8_sparse_2x4","metadata":"2d"}}
static void k_dequantize__float8_sparse_2x4__bf16__d401e5cf(tvm::ffi::TensorView qdata, tvm::ffi::TensorView sparse_metadata, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::float8::sparse::dequantize_2d<qf::Dt::BF16, qf::kE4M3, false>("dequantize__float8_sparse_2x4__bf16__d401e5cf", qdata, sparse_metadata, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__float8_sparse_2x4__bf16__d401e5cf, k_dequantize__float8_sparse_2x4__bf16__d401e5cf);

// linear__float8_sparse_2x4__bf16__40c1e749: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8_sparse_2x4","metadata":"2d"}}
static void k_linear__float8_sparse_2x4__bf16__40c1e749(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView sparse_metadata, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::float8::sparse::linear_2d<qf::Dt::BF16, qf::kE4M3, qf::kE4M3, false, 4>("linear__float8_sparse_2x4__bf16__40c1e749", NAN, NAN, x, qdata, sparse_metadata, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8_sparse_2x4__bf16__40c1e749, k_linear__float8_sparse_2x4__bf16__40c1e749);

// quantize_activation__float8_sparse_2x4__bf16__708bcb4d: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"sparse_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8_sparse_2x4","metadata":"2d"}}
static void k_quantize_activation__float8_sparse_2x4__bf16__708bcb4d(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::quantize_activation<qf::Dt::BF16, qf::kE4M3, false>("quantize_activation__float8_sparse_2x4__bf16__708bcb4d", NAN, NAN, x, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__float8_sparse_2x4__bf16__708bcb4d, k_quantize_activation__float8_sparse_2x4__bf16__708bcb4d);
