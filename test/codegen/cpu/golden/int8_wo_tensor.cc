// quantize_weight__int8__bf16__d4b2b14b: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"int8_weight_only_scaled"},"weight":{"granularity":{"kind":"PerTensor"},"layout":"int8","reduceRange":false}}
static void k_quantize_weight__int8__bf16__d4b2b14b(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int8::quantize_weight<qf::Dt::BF16, -1, false>("quantize_weight__int8__bf16__d4b2b14b", weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int8__bf16__d4b2b14b, k_quantize_weight__int8__bf16__d4b2b14b);

// dequantize__int8__bf16__94e7eae1: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"int8_weight_only_scaled"},"weight":{"granularity":{"kind":"PerTensor"},"layout":"int8","reduceRange":false}}
static void k_dequantize__int8__bf16__94e7eae1(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::int8::dequantize<qf::Dt::BF16, -1>("dequantize__int8__bf16__94e7eae1", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int8__bf16__94e7eae1, k_dequantize__int8__bf16__94e7eae1);

// linear__int8__bf16__2f3ff1bb: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"int8_weight_only_scaled"},"weight":{"granularity":{"kind":"PerTensor"},"layout":"int8","reduceRange":false}}
static void k_linear__int8__bf16__2f3ff1bb(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int8::linear_weight_only<qf::Dt::BF16, -1, 4>("linear__int8__bf16__2f3ff1bb", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__2f3ff1bb, k_linear__int8__bf16__2f3ff1bb);
