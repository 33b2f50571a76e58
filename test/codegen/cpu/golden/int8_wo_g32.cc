// quantize_weight__int8__bf16__46a4aa59: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"int8","reduceRange":false}}
static void k_quantize_weight__int8__bf16__46a4aa59(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int8::quantize_weight<qf::Dt::BF16, 32, false>("quantize_weight__int8__bf16__46a4aa59", weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int8__bf16__46a4aa59, k_quantize_weight__int8__bf16__46a4aa59);

// dequantize__int8__bf16__e388da4f: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"int8","reduceRange":false}}
static void k_dequantize__int8__bf16__e388da4f(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::int8::dequantize<qf::Dt::BF16, 32>("dequantize__int8__bf16__e388da4f", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int8__bf16__e388da4f, k_dequantize__int8__bf16__e388da4f);

// linear__int8__bf16__1f4a93c9: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"int8","reduceRange":false}}
static void k_linear__int8__bf16__1f4a93c9(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int8::linear_weight_only<qf::Dt::BF16, 32, 4>("linear__int8__bf16__1f4a93c9", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__1f4a93c9, k_linear__int8__bf16__1f4a93c9);
