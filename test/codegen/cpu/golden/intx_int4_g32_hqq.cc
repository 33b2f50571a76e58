// quantize_weight__intx_unpacked_to_int8__bf16__93c8bfb9: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"hqq_scale_only","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC","scaleDtype":null}}
static void k_quantize_weight__intx_unpacked_to_int8__bf16__93c8bfb9(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::intx::quantize_weight_hqq<qf::Dt::BF16, qf::Dt::BF16, 32>("quantize_weight__intx_unpacked_to_int8__bf16__93c8bfb9", -8.0f, 7.0f, weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__intx_unpacked_to_int8__bf16__93c8bfb9, k_quantize_weight__intx_unpacked_to_int8__bf16__93c8bfb9);

// dequantize__intx_unpacked_to_int8__bf16__a51ebaef: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"hqq_scale_only","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC","scaleDtype":null}}
static void k_dequantize__intx_unpacked_to_int8__bf16__a51ebaef(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::intx::dequantize<qf::Dt::BF16, qf::Dt::BF16, 32>("dequantize__intx_unpacked_to_int8__bf16__a51ebaef", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__intx_unpacked_to_int8__bf16__a51ebaef, k_dequantize__intx_unpacked_to_int8__bf16__a51ebaef);

// linear__intx_unpacked_to_int8__bf16__d1e8f569: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"hqq_scale_only","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC","scaleDtype":null}}
static void k_linear__intx_unpacked_to_int8__bf16__d1e8f569(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::intx::linear<qf::Dt::BF16, qf::Dt::BF16, 32, false, 4>("linear__intx_unpacked_to_int8__bf16__d1e8f569", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__d1e8f569, k_linear__intx_unpacked_to_int8__bf16__d1e8f569);
