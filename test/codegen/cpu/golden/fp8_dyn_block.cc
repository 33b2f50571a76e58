// quantize_weight__float8__bf16__13b8065d: quantize_weight, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"blockSize":[1,128],"kind":"PerBlock"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"blockwise_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"blockSize":[128,128],"kind":"PerBlock"},"layout":"float8"}}
static void k_quantize_weight__float8__bf16__13b8065d(tvm::ffi::TensorView weight, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::blocks::quantize_weight<qf::Dt::BF16, qf::kE4M3, 128, 128>("quantize_weight__float8__bf16__13b8065d", weight, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_weight__float8__bf16__13b8065d, k_quantize_weight__float8__bf16__13b8065d);

// dequantize__float8__bf16__662012d3: dequantize, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"blockSize":[1,128],"kind":"PerBlock"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"blockwise_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"blockSize":[128,128],"kind":"PerBlock"},"layout":"float8"}}
static void k_dequantize__float8__bf16__662012d3(tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView out) {
  qf::float8::blocks::dequantize<qf::Dt::BF16, qf::kE4M3, 128, 128>("dequantize__float8__bf16__662012d3", qdata, scale, out);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dequantize__float8__bf16__662012d3, k_dequantize__float8__bf16__662012d3);

// linear__float8__bf16__2a4aa7dd: linear, bfloat16, tile rows 4, tokens 4
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"blockSize":[1,128],"kind":"PerBlock"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"blockwise_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"blockSize":[128,128],"kind":"PerBlock"},"layout":"float8"}}
static void k_linear__float8__bf16__2a4aa7dd(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale, tvm::ffi::TensorView bias, tvm::ffi::TensorView y) {
  qf::float8::blocks::linear_blockwise<qf::Dt::BF16, qf::kE4M3, qf::kE4M3, 128, 128, 4>("linear__float8__bf16__2a4aa7dd", NAN, NAN, x, qdata, scale, bias, y);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__float8__bf16__2a4aa7dd, k_linear__float8__bf16__2a4aa7dd);

// quantize_activation__float8__bf16__1e049569: quantize_activation, bfloat16, tile rows 4, tokens 1
//   format {"activation":{"element":"float8_e4m3fn","granularity":{"blockSize":[1,128],"kind":"PerBlock"},"kind":"float8","lowerBound":null,"upperBound":null},"linear":{"kind":"blockwise_scaled_mm"},"weight":{"element":"float8_e4m3fn","granularity":{"blockSize":[128,128],"kind":"PerBlock"},"layout":"float8"}}
static void k_quantize_activation__float8__bf16__1e049569(tvm::ffi::TensorView x, tvm::ffi::TensorView qdata, tvm::ffi::TensorView scale) {
  qf::float8::blocks::quantize_activation<qf::Dt::BF16, qf::kE4M3, 128>("quantize_activation__float8__bf16__1e049569", NAN, NAN, x, qdata, scale);
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(quantize_activation__float8__bf16__1e049569, k_quantize_activation__float8__bf16__1e049569);
