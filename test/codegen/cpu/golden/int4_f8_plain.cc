// quantize_weight__int4_plain__bf16__d0bd59f9: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"kind":"float8_row_mslk"},"linear":{"kind":"mslk_int4"},"weight":{"groupSize":128,"layout":"int4_plain","mapping":"symmetric"}}
static void k_quantize_weight__int4_plain__bf16__d0bd59f9(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int4::quantize_weight<qf::Dt::BF16, 128, true>("quantize_weight__int4_plain__bf16__d0bd59f9", weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int4_plain__bf16__d0bd59f9, k_quantize_weight__int4_plain__bf16__d0bd59f9);

// dequantize__int4_plain__bf16__0dce492f: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"kind":"float8_row_mslk"},"linear":{"kind":"mslk_int4"},"weight":{"groupSize":128,"layout":"int4_plain","mapping":"symmetric"}}
static void k_dequantize__int4_plain__bf16__0dce492f(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::int4::dequantize<qf::Dt::BF16, 128>("dequantize__int4_plain__bf16__0dce492f", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int4_plain__bf16__0dce492f, k_dequantize__int4_plain__bf16__0dce492f);

// linear__int4_plain__bf16__3f00f6a9: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"kind":"float8_row_mslk"},"linear":{"kind":"mslk_int4"},"weight":{"groupSize":128,"layout":"int4_plain","mapping":"symmetric"}}
static void k_linear__int4_plain__bf16__3f00f6a9(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int4::linear_f8<128, 4>("linear__int4_plain__bf16__3f00f6a9", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int4_plain__bf16__3f00f6a9, k_linear__int4_plain__bf16__3f00f6a9);

// quantize_activation__int4_plain__bf16__a618ee6d: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"kind":"float8_row_mslk"},"linear":{"kind":"mslk_int4"},"weight":{"groupSize":128,"layout":"int4_plain","mapping":"symmetric"}}
static void k_quantize_activation__int4_plain__bf16__a618ee6d(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::int4::quantize_activation_f8_row<qf::Dt::BF16>("quantize_activation__int4_plain__bf16__a618ee6d", x, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__int4_plain__bf16__a618ee6d, k_quantize_activation__int4_plain__bf16__a618ee6d);
