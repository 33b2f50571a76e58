// quantize_weight__nvfp4__bf16__ab1fc585: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":false}}
static void k_quantize_weight__nvfp4__bf16__ab1fc585(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale) {
  qf::nvfp4::quantize_weight<qf::Dt::BF16, false>("quantize_weight__nvfp4__bf16__ab1fc585", weight, qdata, scale, per_tensor_scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__nvfp4__bf16__ab1fc585, k_quantize_weight__nvfp4__bf16__ab1fc585);

// dequantize__nvfp4__bf16__5255247b: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":false}}
static void k_dequantize__nvfp4__bf16__5255247b(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView out) {
  qf::nvfp4::dequantize<qf::Dt::BF16, false>("dequantize__nvfp4__bf16__5255247b", qdata, scale, per_tensor_scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__nvfp4__bf16__5255247b, k_dequantize__nvfp4__bf16__5255247b);

// linear__nvfp4__bf16__acabcee5: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":16,"layout":"nvfp4","perTensorScale":false}}
static void k_linear__nvfp4__bf16__acabcee5(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView per_tensor_scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::nvfp4::linear<qf::Dt::BF16, false, 4>("linear__nvfp4__bf16__acabcee5", x, qdata, scale, per_tensor_scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__nvfp4__bf16__acabcee5, k_linear__nvfp4__bf16__acabcee5);
