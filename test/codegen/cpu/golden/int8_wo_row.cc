// quantize_weight__int8__bf16__9a9a0676: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"int8_weight_only_scaled"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_quantize_weight__int8__bf16__9a9a0676(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int8::quantize_weight<qf::Dt::BF16, 0, false>("quantize_weight__int8__bf16__9a9a0676", weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int8__bf16__9a9a0676, k_quantize_weight__int8__bf16__9a9a0676);

// dequantize__int8__bf16__7b696afe: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"int8_weight_only_scaled"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_dequantize__int8__bf16__7b696afe(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::int8::dequantize<qf::Dt::BF16, 0>("dequantize__int8__bf16__7b696afe", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int8__bf16__7b696afe, k_dequantize__int8__bf16__7b696afe);

// linear__int8__bf16__3b09cc2c: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"int8_weight_only_scaled"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_linear__int8__bf16__3b09cc2c(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int8::linear_weight_only<qf::Dt::BF16, 0, 4>("linear__int8__bf16__3b09cc2c", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__3b09cc2c, k_linear__int8__bf16__3b09cc2c);
