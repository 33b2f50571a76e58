// quantize_weight__int4_tile_packed_to_4d__bf16__290f1cb3: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"tinygemm_int4"},"weight":{"groupSize":64,"layout":"int4_tile_packed_to_4d","ntile":8,"qparams":"hqq"}}
static void k_quantize_weight__int4_tile_packed_to_4d__bf16__290f1cb3(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale_and_zero) {
  qf::int4_tiled::quantize_weight<qf::int4_tiled::Qparams::Hqq, 64, 8>("quantize_weight__int4_tile_packed_to_4d__bf16__290f1cb3", qf::smallest_normal<qf::Dt::BF16>(), weight, qdata, scale_and_zero);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int4_tile_packed_to_4d__bf16__290f1cb3, k_quantize_weight__int4_tile_packed_to_4d__bf16__290f1cb3);

// dequantize__int4_tile_packed_to_4d__bf16__d2e8e989: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"tinygemm_int4"},"weight":{"groupSize":64,"layout":"int4_tile_packed_to_4d","ntile":8,"qparams":"hqq"}}
static void k_dequantize__int4_tile_packed_to_4d__bf16__d2e8e989(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale_and_zero, tvm::ffi::TensorView out) {
  qf::int4_tiled::dequantize<qf::Dt::BF16, 64>("dequantize__int4_tile_packed_to_4d__bf16__d2e8e989", qdata, scale_and_zero, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int4_tile_packed_to_4d__bf16__d2e8e989, k_dequantize__int4_tile_packed_to_4d__bf16__d2e8e989);

// linear__int4_tile_packed_to_4d__bf16__34049923: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"tinygemm_int4"},"weight":{"groupSize":64,"layout":"int4_tile_packed_to_4d","ntile":8,"qparams":"hqq"}}
static void k_linear__int4_tile_packed_to_4d__bf16__34049923(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale_and_zero, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int4_tiled::linear<64, 4>("linear__int4_tile_packed_to_4d__bf16__34049923", x, qdata, scale_and_zero, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int4_tile_packed_to_4d__bf16__34049923, k_linear__int4_tile_packed_to_4d__bf16__34049923);
