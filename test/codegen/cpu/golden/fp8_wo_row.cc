// quantize_weight__float8__bf16__53ca3180: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8"}}
static void k_quantize_weight__float8__bf16__53ca3180(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::quantize_weight<qf::Dt::BF16, qf::kE4M3, 0>("quantize_weight__float8__bf16__53ca3180", weight, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__float8__bf16__53ca3180, k_quantize_weight__float8__bf16__53ca3180);

// dequantize__float8__bf16__c46634a0: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8"}}
static void k_dequantize__float8__bf16__c46634a0(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::float8::dequantize<qf::Dt::BF16, qf::kE4M3, 0>("dequantize__float8__bf16__c46634a0", qdata, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__float8__bf16__c46634a0, k_dequantize__float8__bf16__c46634a0);

// linear__float8__bf16__6818417e: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"element":"float8_e4m3fn","granularity":{"dim":-1,"kind":"PerRow"},"layout":"float8"}}
static void k_linear__float8__bf16__6818417e(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::float8::linear_weight_only<qf::Dt::BF16, qf::kE4M3, 0, 4>("linear__float8__bf16__6818417e", x, qdata, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8__bf16__6818417e, k_linear__float8__bf16__6818417e);
