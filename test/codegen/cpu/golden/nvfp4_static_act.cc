// quantize_weight__nvfp4__bf16__541e4e18: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"dynamicPerTensorScale":false,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_quantize_weight__nvfp4__bf16__541e4e18(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView act_per_tensor_scale) {
  qf::nvfp4::quantize_weight<qf::Dt::BF16, true>("quantize_weight__nvfp4__bf16__541e4e18", weight, qdata, scale, per_tensor_scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__nvfp4__bf16__541e4e18, k_quantize_weight__nvfp4__bf16__541e4e18);

// dequantize__nvfp4__bf16__57a8b198: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"dynamicPerTensorScale":false,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_dequantize__nvfp4__bf16__57a8b198(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView act_per_tensor_scale, tvm::ffi::TensorView out) {
  qf::nvfp4::dequantize<qf::Dt::BF16, true>("dequantize__nvfp4__bf16__57a8b198", qdata, scale, per_tensor_scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__nvfp4__bf16__57a8b198, k_dequantize__nvfp4__bf16__57a8b198);

// linear__nvfp4__bf16__fc883816: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"dynamicPerTensorScale":false,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_linear__nvfp4__bf16__fc883816(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView act_per_tensor_scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::nvfp4::linear_dynamic<qf::Dt::BF16, true, false, 4>("linear__nvfp4__bf16__fc883816", x, qdata, scale, per_tensor_scale, &act_per_tensor_scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__nvfp4__bf16__fc883816, k_linear__nvfp4__bf16__fc883816);

// quantize_activation__nvfp4__bf16__575936e8: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"dynamicPerTensorScale":false,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_quantize_activation__nvfp4__bf16__575936e8(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::nvfp4::quantize_activation<qf::Dt::BF16, false>("quantize_activation__nvfp4__bf16__575936e8", x, qdata, scale, nullptr);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__nvfp4__bf16__575936e8, k_quantize_activation__nvfp4__bf16__575936e8);
