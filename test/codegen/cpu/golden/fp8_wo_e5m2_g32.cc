// quantize_weight__float8__bf16__f0b4d962: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"element":"float8_e5m2","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"float8"}}
static void k_quantize_weight__float8__bf16__f0b4d962(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::quantize_weight<qf::Dt::BF16, qf::kE5M2, 32>("quantize_weight__float8__bf16__f0b4d962", weight, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__float8__bf16__f0b4d962, k_quantize_weight__float8__bf16__f0b4d962);

// dequantize__float8__bf16__1e89141a: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"element":"float8_e5m2","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"float8"}}
static void k_dequantize__float8__bf16__1e89141a(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::float8::dequantize<qf::Dt::BF16, qf::kE5M2, 32>("dequantize__float8__bf16__1e89141a", qdata, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__float8__bf16__1e89141a, k_dequantize__float8__bf16__1e89141a);

// linear__float8__bf16__ccaf6af8: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"element":"float8_e5m2","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"float8"}}
static void k_linear__float8__bf16__ccaf6af8(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::float8::linear_weight_only<qf::Dt::BF16, qf::kE5M2, 32, 4>("linear__float8__bf16__ccaf6af8", x, qdata, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8__bf16__ccaf6af8, k_linear__float8__bf16__ccaf6af8);
