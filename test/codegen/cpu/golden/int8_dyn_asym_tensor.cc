// quantize_weight__int8__bf16__de79463c: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"granularity":{"kind":"PerTensor"},"kind":"int8","mapping":"ASYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_quantize_weight__int8__bf16__de79463c(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int8::quantize_weight<qf::Dt::BF16, 0, false>("quantize_weight__int8__bf16__de79463c", weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int8__bf16__de79463c, k_quantize_weight__int8__bf16__de79463c);

// dequantize__int8__bf16__2fefa36c: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"granularity":{"kind":"PerTensor"},"kind":"int8","mapping":"ASYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_dequantize__int8__bf16__2fefa36c(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::int8::dequantize<qf::Dt::BF16, 0>("dequantize__int8__bf16__2fefa36c", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int8__bf16__2fefa36c, k_dequantize__int8__bf16__2fefa36c);

// linear__int8__bf16__3c692f5a: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"granularity":{"kind":"PerTensor"},"kind":"int8","mapping":"ASYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_linear__int8__bf16__3c692f5a(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int8::linear_dynamic<qf::Dt::BF16, true, false, true, false, 4>("linear__int8__bf16__3c692f5a", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__3c692f5a, k_linear__int8__bf16__3c692f5a);

// quantize_activation__int8__bf16__6cce28e4: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"granularity":{"kind":"PerTensor"},"kind":"int8","mapping":"ASYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}}
static void k_quantize_activation__int8__bf16__6cce28e4(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int8::quantize_activation<qf::Dt::BF16, true, true, false>("quantize_activation__int8__bf16__6cce28e4", x, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__int8__bf16__6cce28e4, k_quantize_activation__int8__bf16__6cce28e4);
