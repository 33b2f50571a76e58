// quantize_weight__nvfp4__bf16__9a33a713: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"dynamicPerTensorScale":true,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_quantize_weight__nvfp4__bf16__9a33a713(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale) {
  qf::nvfp4::quantize_weight<qf::Dt::BF16, true>("quantize_weight__nvfp4__bf16__9a33a713", weight, qdata, scale, per_tensor_scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__nvfp4__bf16__9a33a713, k_quantize_weight__nvfp4__bf16__9a33a713);

// dequantize__nvfp4__bf16__de9a36a9: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"dynamicPerTensorScale":true,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_dequantize__nvfp4__bf16__de9a36a9(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView out) {
  qf::nvfp4::dequantize<qf::Dt::BF16, true>("dequantize__nvfp4__bf16__de9a36a9", qdata, scale, per_tensor_scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__nvfp4__bf16__de9a36a9, k_dequantize__nvfp4__bf16__de9a36a9);

// linear__nvfp4__bf16__38288643: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"dynamicPerTensorScale":true,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_linear__nvfp4__bf16__38288643(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::nvfp4::linear_dynamic<qf::Dt::BF16, true, true, 4>("linear__nvfp4__bf16__38288643", x, qdata, scale, per_tensor_scale, nullptr, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__nvfp4__bf16__38288643, k_linear__nvfp4__bf16__38288643);

// quantize_activation__nvfp4__bf16__ed10640f: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"dynamicPerTensorScale":true,"kind":"nvfp4"},"linear":{"kind":"nvfp4_scaled_mm"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_quantize_activation__nvfp4__bf16__ed10640f(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale) {
  qf::nvfp4::quantize_activation<qf::Dt::BF16, true>("quantize_activation__nvfp4__bf16__ed10640f", x, qdata, scale, &per_tensor_scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__nvfp4__bf16__ed10640f, k_quantize_activation__nvfp4__bf16__ed10640f);
