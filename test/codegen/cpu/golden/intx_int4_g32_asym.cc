// quantize_weight__intx_unpacked_to_int8__bf16__2719db1d: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":null}}
static void k_quantize_weight__intx_unpacked_to_int8__bf16__2719db1d(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::intx::quantize_weight<qf::Dt::BF16, qf::Dt::BF16, qf::intx::Mapping::Asym, 32>("quantize_weight__intx_unpacked_to_int8__bf16__2719db1d", -8.0f, 7.0f, weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__intx_unpacked_to_int8__bf16__2719db1d, k_quantize_weight__intx_unpacked_to_int8__bf16__2719db1d);

// dequantize__intx_unpacked_to_int8__bf16__7742f593: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":null}}
static void k_dequantize__intx_unpacked_to_int8__bf16__7742f593(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::intx::dequantize<qf::Dt::BF16, qf::Dt::BF16, 32>("dequantize__intx_unpacked_to_int8__bf16__7742f593", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__intx_unpacked_to_int8__bf16__7742f593, k_dequantize__intx_unpacked_to_int8__bf16__7742f593);

// linear__intx_unpacked_to_int8__bf16__c8c6a79d: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":null}}
static void k_linear__intx_unpacked_to_int8__bf16__c8c6a79d(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::intx::linear<qf::Dt::BF16, qf::Dt::BF16, 32, false, 4>("linear__intx_unpacked_to_int8__bf16__c8c6a79d", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__c8c6a79d, k_linear__intx_unpacked_to_int8__bf16__c8c6a79d);
