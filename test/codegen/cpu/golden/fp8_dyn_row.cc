// quantize_weight__float8__bf16__0c746f07: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":0.5,"upperBound":null},"linear":{"kind":"scaled_mm","useFastAccum":true},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8"}}
static void k_quantize_weight__float8__bf16__0c746f07(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::quantize_weight<qf::Dt::BF16, qf::kE4M3, 0>("quantize_weight__float8__bf16__0c746f07", weight, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__float8__bf16__0c746f07, k_quantize_weight__float8__bf16__0c746f07);

// dequantize__float8__bf16__9458eddd: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":0.5,"upperBound":null},"linear":{"kind":"scaled_mm","useFastAccum":true},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8"}}
static void k_dequantize__float8__bf16__9458eddd(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::float8::dequantize<qf::Dt::BF16, qf::kE4M3, 0>("dequantize__float8__bf16__9458eddd", qdata, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__float8__bf16__9458eddd, k_dequantize__float8__bf16__9458eddd);

// linear__float8__bf16__86e8b557: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":0.5,"upperBound":null},"linear":{"kind":"scaled_mm","useFastAccum":true},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8"}}
static void k_linear__float8__bf16__86e8b557(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::float8::linear_dynamic<qf::Dt::BF16, qf::kE4M3, qf::kE4M3, false, 4>("linear__float8__bf16__86e8b557", float(0.5), NAN, x, qdata, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8__bf16__86e8b557, k_linear__float8__bf16__86e8b557);

// quantize_activation__float8__bf16__7e4be6eb: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"kind":"float8","lowerBound":0.5,"upperBound":null},"linear":{"kind":"scaled_mm","useFastAccum":true},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8"}}
static void k_quantize_activation__float8__bf16__7e4be6eb(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::quantize_activation<qf::Dt::BF16, qf::kE4M3, false>("quantize_activation__float8__bf16__7e4be6eb", float(0.5), NAN, x, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__float8__bf16__7e4be6eb, k_quantize_activation__float8__bf16__7e4be6eb);
