// quantize_weight__mx__bf16__148f39be: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"blockSize":32,"element":"fp4_e2m1","kind":"mx","scaling":"RCEIL"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"fp4_e2m1","layout":"mx","scaling":"RCEIL"}}
static void k_quantize_weight__mx__bf16__148f39be(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::mx::quantize_weight<qf::Dt::BF16, qf::kE2M1, qf::mx::Mode::Rceil, true>("quantize_weight__mx__bf16__148f39be", weight, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__mx__bf16__148f39be, k_quantize_weight__mx__bf16__148f39be);

// dequantize__mx__bf16__b2418ea6: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"blockSize":32,"element":"fp4_e2m1","kind":"mx","scaling":"RCEIL"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"fp4_e2m1","layout":"mx","scaling":"RCEIL"}}
static void k_dequantize__mx__bf16__b2418ea6(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::mx::dequantize<qf::Dt::BF16, qf::kE2M1, true>("dequantize__mx__bf16__b2418ea6", qdata, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__mx__bf16__b2418ea6, k_dequantize__mx__bf16__b2418ea6);

// linear__mx__bf16__abcf4254: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"blockSize":32,"element":"fp4_e2m1","kind":"mx","scaling":"RCEIL"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"fp4_e2m1","layout":"mx","scaling":"RCEIL"}}
static void k_linear__mx__bf16__abcf4254(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::mx::linear<qf::Dt::BF16, qf::kE2M1, qf::mx::Mode::Rceil, true, 4>("linear__mx__bf16__abcf4254", x, qdata, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__mx__bf16__abcf4254, k_linear__mx__bf16__abcf4254);

// quantize_activation__mx__bf16__b1b19df6: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"blockSize":32,"element":"fp4_e2m1","kind":"mx","scaling":"RCEIL"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"fp4_e2m1","layout":"mx","scaling":"RCEIL"}}
static void k_quantize_activation__mx__bf16__b1b19df6(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::mx::quantize_activation<qf::Dt::BF16, qf::kE2M1, qf::mx::Mode::Rceil, true>("quantize_activation__mx__bf16__b1b19df6", x, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__mx__bf16__b1b19df6, k_quantize_activation__mx__bf16__b1b19df6);
