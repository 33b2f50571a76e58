// quantize_weight__mx__bf16__3877cbe0: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"blockSize":32,"element":"float8_e4m3fn","kind":"mx","scaling":"FLOOR"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"float8_e4m3fn","layout":"mx","scaling":"FLOOR"}}
static void k_quantize_weight__mx__bf16__3877cbe0(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::mx::quantize_weight<qf::Dt::BF16, qf::kE4M3, qf::mx::Mode::Floor, false>("quantize_weight__mx__bf16__3877cbe0", weight, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__mx__bf16__3877cbe0, k_quantize_weight__mx__bf16__3877cbe0);

// dequantize__mx__bf16__6601e6c0: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"blockSize":32,"element":"float8_e4m3fn","kind":"mx","scaling":"FLOOR"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"float8_e4m3fn","layout":"mx","scaling":"FLOOR"}}
static void k_dequantize__mx__bf16__6601e6c0(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::mx::dequantize<qf::Dt::BF16, qf::kE4M3, false>("dequantize__mx__bf16__6601e6c0", qdata, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__mx__bf16__6601e6c0, k_dequantize__mx__bf16__6601e6c0);

// linear__mx__bf16__a618dc1e: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"blockSize":32,"element":"float8_e4m3fn","kind":"mx","scaling":"FLOOR"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"float8_e4m3fn","layout":"mx","scaling":"FLOOR"}}
static void k_linear__mx__bf16__a618dc1e(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::mx::linear<qf::Dt::BF16, qf::kE4M3, qf::mx::Mode::Floor, false, 4>("linear__mx__bf16__a618dc1e", x, qdata, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__mx__bf16__a618dc1e, k_linear__mx__bf16__a618dc1e);

// quantize_activation__mx__bf16__867041f0: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"blockSize":32,"element":"float8_e4m3fn","kind":"mx","scaling":"FLOOR"},"linear":{"kind":"dequantize_then_matmul"},"weight":{"blockSize":32,"element":"float8_e4m3fn","layout":"mx","scaling":"FLOOR"}}
static void k_quantize_activation__mx__bf16__867041f0(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::mx::quantize_activation<qf::Dt::BF16, qf::kE4M3, qf::mx::Mode::Floor, false>("quantize_activation__mx__bf16__867041f0", x, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__mx__bf16__867041f0, k_quantize_activation__mx__bf16__867041f0);
