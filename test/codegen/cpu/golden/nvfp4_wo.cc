// quantize_weight__nvfp4__bf16__f61b01a0: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_quantize_weight__nvfp4__bf16__f61b01a0(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale) {
  qf::nvfp4::quantize_weight<qf::Dt::BF16, true>("quantize_weight__nvfp4__bf16__f61b01a0", weight, qdata, scale, per_tensor_scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__nvfp4__bf16__f61b01a0, k_quantize_weight__nvfp4__bf16__f61b01a0);

// dequantize__nvfp4__bf16__96483180: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_dequantize__nvfp4__bf16__96483180(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView out) {
  qf::nvfp4::dequantize<qf::Dt::BF16, true>("dequantize__nvfp4__bf16__96483180", qdata, scale, per_tensor_scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__nvfp4__bf16__96483180, k_dequantize__nvfp4__bf16__96483180);

// linear__nvfp4__bf16__aafeefde: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":true}}
static void k_linear__nvfp4__bf16__aafeefde(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::nvfp4::linear<qf::Dt::BF16, true, 4>("linear__nvfp4__bf16__aafeefde", x, qdata, scale, per_tensor_scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__nvfp4__bf16__aafeefde, k_linear__nvfp4__bf16__aafeefde);
