// quantize_weight__int4_plain__bf16__247ee0f6: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"mslk_int4"},"weight":{"groupSize":32,"layout":"int4_plain","mapping":"asymmetric"}}
static void k_quantize_weight__int4_plain__bf16__247ee0f6(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::int4::quantize_weight<qf::Dt::BF16, 32, false>("quantize_weight__int4_plain__bf16__247ee0f6", weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int4_plain__bf16__247ee0f6, k_quantize_weight__int4_plain__bf16__247ee0f6);

// dequantize__int4_plain__bf16__be6dfe7e: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"mslk_int4"},"weight":{"groupSize":32,"layout":"int4_plain","mapping":"asymmetric"}}
static void k_dequantize__int4_plain__bf16__be6dfe7e(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::int4::dequantize<qf::Dt::BF16, 32>("dequantize__int4_plain__bf16__be6dfe7e", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int4_plain__bf16__be6dfe7e, k_dequantize__int4_plain__bf16__be6dfe7e);

// linear__int4_plain__bf16__19e427ac: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"mslk_int4"},"weight":{"groupSize":32,"layout":"int4_plain","mapping":"asymmetric"}}
static void k_linear__int4_plain__bf16__19e427ac(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int4::linear<qf::Dt::BF16, 32, 4>("linear__int4_plain__bf16__19e427ac", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int4_plain__bf16__19e427ac, k_linear__int4_plain__bf16__19e427ac);
