// quantize_weight__intx_unpacked_to_int8__bf16__b7d59061: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"kind":"int8_asym_per_token_fake_quant"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int3","granularity":{"axis":0,"kind":"PerAxis"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC_NO_CLIPPING_ERR","scaleDtype":"float32"}}
static void k_quantize_weight__intx_unpacked_to_int8__bf16__b7d59061(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point) {
  qf::intx::quantize_weight<qf::Dt::BF16, qf::Dt::F32, qf::intx::Mapping::SymNoClip, 0>("quantize_weight__intx_unpacked_to_int8__bf16__b7d59061", -4.0f, 3.0f, weight, qdata, scale, zero_point);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__intx_unpacked_to_int8__bf16__b7d59061, k_quantize_weight__intx_unpacked_to_int8__bf16__b7d59061);

// dequantize__intx_unpacked_to_int8__bf16__0ebd5177: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"kind":"int8_asym_per_token_fake_quant"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int3","granularity":{"axis":0,"kind":"PerAxis"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC_NO_CLIPPING_ERR","scaleDtype":"float32"}}
static void k_dequantize__intx_unpacked_to_int8__bf16__0ebd5177(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView out) {
  qf::intx::dequantize<qf::Dt::BF16, qf::Dt::F32, 0>("dequantize__intx_unpacked_to_int8__bf16__0ebd5177", qdata, scale, zero_point, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__intx_unpacked_to_int8__bf16__0ebd5177, k_dequantize__intx_unpacked_to_int8__bf16__0ebd5177);

// linear__intx_unpacked_to_int8__bf16__9f5d8c11: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"kind":"int8_asym_per_token_fake_quant"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int3","granularity":{"axis":0,"kind":"PerAxis"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC_NO_CLIPPING_ERR","scaleDtype":"float32"}}
static void k_linear__intx_unpacked_to_int8__bf16__9f5d8c11(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::intx::linear<qf::Dt::BF16, qf::Dt::F32, 0, true, 4>("linear__intx_unpacked_to_int8__bf16__9f5d8c11", x, qdata, scale, zero_point, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__9f5d8c11, k_linear__intx_unpacked_to_int8__bf16__9f5d8c11);

// quantize_activation__intx_unpacked_to_int8__bf16__3b975275: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"kind":"int8_asym_per_token_fake_quant"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int3","granularity":{"axis":0,"kind":"PerAxis"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC_NO_CLIPPING_ERR","scaleDtype":"float32"}}
static void k_quantize_activation__intx_unpacked_to_int8__bf16__3b975275(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView zero_point, tvm::ffi::TensorView dequantized) {
  qf::intx::quantize_activation<qf::Dt::BF16>("quantize_activation__intx_unpacked_to_int8__bf16__3b975275", x, qdata, scale, zero_point, dequantized);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__intx_unpacked_to_int8__bf16__3b975275, k_quantize_activation__intx_unpacked_to_int8__bf16__3b975275);
