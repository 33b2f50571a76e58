#include "qf/dynamic_int8_op.cuh"

// {"format":{"activation":{"granularity":{"dim":-1,"kind":"PerRow"},"kind":"int8","mapping":"SYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__int8__bf16__0fad286a {
using Op = qf::DynamicInt8Op<false, false>;
constexpr bool kActPerTensor = false;

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y,
                int64_t cfg) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, static_cast<int>(cfg));
}

void quantize_activation(TensorView x, TensorView xq, TensorView xs, TensorView xz) {
  Op::quantize_activation(x, xq, xs, xz, kActPerTensor);
}
}  // namespace k_linear__int8__bf16__0fad286a
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__0fad286a, k_linear__int8__bf16__0fad286a::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__0fad286a__cfg, k_linear__int8__bf16__0fad286a::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__0fad286a__quantize_activation, k_linear__int8__bf16__0fad286a::quantize_activation);

#include "qf/dynamic_int8_op.cuh"

// {"format":{"activation":{"granularity":{"kind":"PerTensor"},"kind":"int8","mapping":"SYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"kind":"PerTensor"},"layout":"int8","reduceRange":false}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__int8__bf16__1b9b334e {
using Op = qf::DynamicInt8Op<false, false>;
constexpr bool kActPerTensor = true;

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y,
                int64_t cfg) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, static_cast<int>(cfg));
}

void quantize_activation(TensorView x, TensorView xq, TensorView xs, TensorView xz) {
  Op::quantize_activation(x, xq, xs, xz, kActPerTensor);
}
}  // namespace k_linear__int8__bf16__1b9b334e
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__1b9b334e, k_linear__int8__bf16__1b9b334e::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__1b9b334e__cfg, k_linear__int8__bf16__1b9b334e::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__1b9b334e__quantize_activation, k_linear__int8__bf16__1b9b334e::quantize_activation);

#include "qf/dynamic_int8_op.cuh"

// {"format":{"activation":{"granularity":{"dim":-1,"kind":"PerRow"},"kind":"int8","mapping":"ASYMMETRIC","reduceRange":false},"linear":{"kind":"int8_int_mm"},"weight":{"granularity":{"dim":-1,"kind":"PerRow"},"layout":"int8","reduceRange":false}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__int8__bf16__ab567e75 {
using Op = qf::DynamicInt8Op<true, false>;
constexpr bool kActPerTensor = false;

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y,
                int64_t cfg) {
  Op::run(x, qdata, scale, zero_point, bias, y, kActPerTensor, static_cast<int>(cfg));
}

void quantize_activation(TensorView x, TensorView xq, TensorView xs, TensorView xz) {
  Op::quantize_activation(x, xq, xs, xz, kActPerTensor);
}
}  // namespace k_linear__int8__bf16__ab567e75
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__ab567e75, k_linear__int8__bf16__ab567e75::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__ab567e75__cfg, k_linear__int8__bf16__ab567e75::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__int8__bf16__ab567e75__quantize_activation, k_linear__int8__bf16__ab567e75::quantize_activation);
