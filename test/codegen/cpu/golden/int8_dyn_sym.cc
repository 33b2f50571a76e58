// quantize_weight__int8__bf16__1df4ddf2: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"granularity":{"dim":-1,"kind":"PerRow"},"kind":"int8","mapping":"SYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_quantize_weight__int8__bf16__1df4ddf2(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int8::quantize_weight<qf::Dt::BF16, 0, false>("quantize_weight__int8__bf16__1df4ddf2", weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int8__bf16__1df4ddf2, k_quantize_weight__int8__bf16__1df4ddf2);

// dequantize__int8__bf16__1221c22a: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"granularity":{"dim":-1,"kind":"PerRow"},"kind":"int8","mapping":"SYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_dequantize__int8__bf16__1221c22a(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::int8::dequantize<qf::Dt::BF16, 0>("dequantize__int8__bf16__1221c22a", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int8__bf16__1221c22a, k_dequantize__int8__bf16__1221c22a);

// linear__int8__bf16__e6bddea8: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"granularity":{"dim":-1,"kind":"PerRow"},"kind":"int8","mapping":"SYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_linear__int8__bf16__e6bddea8(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int8::linear_dynamic<qf::Dt::BF16, false, false, false, false, 4>("linear__int8__bf16__e6bddea8", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__e6bddea8, k_linear__int8__bf16__e6bddea8);

// quantize_activation__int8__bf16__bb97ff52: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"granularity":{"dim":-1,"kind":"PerRow"},"kind":"int8","mapping":"SYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_quantize_activation__int8__bf16__bb97ff52(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int8::quantize_activation<qf::Dt::BF16, false, false, false>("quantize_activation__int8__bf16__bb97ff52", x, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__int8__bf16__bb97ff52, k_quantize_activation__int8__bf16__bb97ff52);
