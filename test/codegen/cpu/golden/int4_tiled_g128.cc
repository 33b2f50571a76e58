// quantize_weight__int4_tile_packed_to_4d__bf16__6d9ded12: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"tinygemm_int4"},"weight":{"groupSize":128,"layout":"int4_tile_packed_to_4d","ntile":8,"qparams":"tinygemm"}}
static void k_quantize_weight__int4_tile_packed_to_4d__bf16__6d9ded12(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale_and_zero) {
  qf::int4_tiled::quantize_weight<qf::int4_tiled::Qparams::Tinygemm, 128, 8>("quantize_weight__int4_tile_packed_to_4d__bf16__6d9ded12", qf::smallest_normal<qf::Dt::BF16>(), weight, qdata, scale_and_zero);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__int4_tile_packed_to_4d__bf16__6d9ded12, k_quantize_weight__int4_tile_packed_to_4d__bf16__6d9ded12);

// dequantize__int4_tile_packed_to_4d__bf16__f168d90a: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":null,"linear":{"kind":"tinygemm_int4"},"weight":{"groupSize":128,"layout":"int4_tile_packed_to_4d","ntile":8,"qparams":"tinygemm"}}
static void k_dequantize__int4_tile_packed_to_4d__bf16__f168d90a(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale_and_zero, tvm::ffi::TensorView out) {
  qf::int4_tiled::dequantize<qf::Dt::BF16, 128>("dequantize__int4_tile_packed_to_4d__bf16__f168d90a", qdata, scale_and_zero, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__int4_tile_packed_to_4d__bf16__f168d90a, k_dequantize__int4_tile_packed_to_4d__bf16__f168d90a);

// linear__int4_tile_packed_to_4d__bf16__402f7688: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":null,"linear":{"kind":"tinygemm_int4"},"weight":{"groupSize":128,"layout":"int4_tile_packed_to_4d","ntile":8,"qparams":"tinygemm"}}
static void k_linear__int4_tile_packed_to_4d__bf16__402f7688(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale_and_zero, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::int4_tiled::linear<128, 4>("linear__int4_tile_packed_to_4d__bf16__402f7688", x, qdata, scale_and_zero, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int4_tile_packed_to_4d__bf16__402f7688, k_linear__int4_tile_packed_to_4d__bf16__402f7688);
