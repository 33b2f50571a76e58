// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int3","granularity":{"axis":0,"kind":"PerAxis"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":null}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__059b45c4 {
using F = qf::IntxNibbles<0, __nv_bfloat16>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<__nv_bfloat16, 0>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_intx_nibbles(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__059b45c4
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__059b45c4, k_linear__intx_unpacked_to_int8__bf16__059b45c4::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__059b45c4__cfg, k_linear__intx_unpacked_to_int8__bf16__059b45c4::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__059b45c4__dequantize, k_linear__intx_unpacked_to_int8__bf16__059b45c4::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__059b45c4__repack, k_linear__intx_unpacked_to_int8__bf16__059b45c4::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int4","granularity":{"groupSize":128,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":null}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__27e931df {
using F = qf::IntxNibbles<128, __nv_bfloat16>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<__nv_bfloat16, 128>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_intx_nibbles(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__27e931df
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__27e931df, k_linear__intx_unpacked_to_int8__bf16__27e931df::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__27e931df__cfg, k_linear__intx_unpacked_to_int8__bf16__27e931df::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__27e931df__dequantize, k_linear__intx_unpacked_to_int8__bf16__27e931df::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__27e931df__repack, k_linear__intx_unpacked_to_int8__bf16__27e931df::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int8","granularity":{"axis":0,"kind":"PerAxis"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC","scaleDtype":null}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__2893895e {
using F = qf::IntxBytes<0, __nv_bfloat16>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<__nv_bfloat16, 0>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_bytes8(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__2893895e
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__2893895e, k_linear__intx_unpacked_to_int8__bf16__2893895e::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__2893895e__cfg, k_linear__intx_unpacked_to_int8__bf16__2893895e::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__2893895e__dequantize, k_linear__intx_unpacked_to_int8__bf16__2893895e::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__2893895e__repack, k_linear__intx_unpacked_to_int8__bf16__2893895e::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int6","granularity":{"groupSize":8,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":"float32"}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__4e45f850 {
using F = qf::IntxBytes<8, float>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<float, 8>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_bytes8(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__4e45f850
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__4e45f850, k_linear__intx_unpacked_to_int8__bf16__4e45f850::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__4e45f850__cfg, k_linear__intx_unpacked_to_int8__bf16__4e45f850::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__4e45f850__dequantize, k_linear__intx_unpacked_to_int8__bf16__4e45f850::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__4e45f850__repack, k_linear__intx_unpacked_to_int8__bf16__4e45f850::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int8","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":null}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__8713844b {
using F = qf::IntxBytes<32, __nv_bfloat16>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<__nv_bfloat16, 32>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_bytes8(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__8713844b
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8713844b, k_linear__intx_unpacked_to_int8__bf16__8713844b::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8713844b__cfg, k_linear__intx_unpacked_to_int8__bf16__8713844b::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8713844b__dequantize, k_linear__intx_unpacked_to_int8__bf16__8713844b::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8713844b__repack, k_linear__intx_unpacked_to_int8__bf16__8713844b::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC","scaleDtype":"float32"}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__8e0c7efc {
using F = qf::IntxNibbles<32, float>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<float, 32>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_intx_nibbles(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__8e0c7efc
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8e0c7efc, k_linear__intx_unpacked_to_int8__bf16__8e0c7efc::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8e0c7efc__cfg, k_linear__intx_unpacked_to_int8__bf16__8e0c7efc::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8e0c7efc__dequantize, k_linear__intx_unpacked_to_int8__bf16__8e0c7efc::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__8e0c7efc__repack, k_linear__intx_unpacked_to_int8__bf16__8e0c7efc::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int4","granularity":{"groupSize":32,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC","scaleDtype":null}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__bbfb1edc {
using F = qf::IntxNibbles<32, __nv_bfloat16>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<__nv_bfloat16, 32>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_intx_nibbles(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__bbfb1edc
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__bbfb1edc, k_linear__intx_unpacked_to_int8__bf16__bbfb1edc::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__bbfb1edc__cfg, k_linear__intx_unpacked_to_int8__bf16__bbfb1edc::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__bbfb1edc__dequantize, k_linear__intx_unpacked_to_int8__bf16__bbfb1edc::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__bbfb1edc__repack, k_linear__intx_unpacked_to_int8__bf16__bbfb1edc::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int2","granularity":{"groupSize":16,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"ASYMMETRIC","scaleDtype":null}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__cd54c1b3 {
using F = qf::IntxNibbles<16, __nv_bfloat16>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<__nv_bfloat16, 16>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_intx_nibbles(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__cd54c1b3
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__cd54c1b3, k_linear__intx_unpacked_to_int8__bf16__cd54c1b3::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__cd54c1b3__cfg, k_linear__intx_unpacked_to_int8__bf16__cd54c1b3::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__cd54c1b3__dequantize, k_linear__intx_unpacked_to_int8__bf16__cd54c1b3::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__cd54c1b3__repack, k_linear__intx_unpacked_to_int8__bf16__cd54c1b3::repack);

// {"format":{"activation":null,"linear":{"kind":"dequantize_then_matmul"},"weight":{"algorithm":"affine","element":"int5","granularity":{"groupSize":64,"kind":"PerGroup"},"layout":"intx_unpacked_to_int8","mapping":"SYMMETRIC","scaleDtype":null}},"op":"linear","shapeClass":{"dtype":"bfloat16"},"target":"cuda","tile":{"rows":8,"tokens":16}}
namespace k_linear__intx_unpacked_to_int8__bf16__ce23cd82 {
using F = qf::IntxBytes<64, __nv_bfloat16>;
using Op = qf::LinearOp<F>;

F::Args args(const TensorView& qdata, const TensorView& scale, const TensorView& zero_point) {
  int N, K;
  Op::dims(qdata, &N, &K);
  return qf::intx_args<__nv_bfloat16, 64>(scale, zero_point, N, K);
}

void linear(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, -1);
}

void linear_cfg(TensorView x, TensorView qdata, TensorView scale, TensorView zero_point, TensorView bias, TensorView y, int64_t cfg) {
  Op::run(x, qdata, args(qdata, scale, zero_point), bias, y, static_cast<int>(cfg));
}

void dequantize(TensorView qdata, TensorView scale, TensorView zero_point, TensorView out) {
  Op::dequantize(qdata, args(qdata, scale, zero_point), out);
}

void repack(TensorView src, TensorView dst) { qf::repack_bytes8(src, dst); }
}  // namespace k_linear__intx_unpacked_to_int8__bf16__ce23cd82
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__ce23cd82, k_linear__intx_unpacked_to_int8__bf16__ce23cd82::linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__ce23cd82__cfg, k_linear__intx_unpacked_to_int8__bf16__ce23cd82::linear_cfg);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__ce23cd82__dequantize, k_linear__intx_unpacked_to_int8__bf16__ce23cd82::dequantize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(linear__intx_unpacked_to_int8__bf16__ce23cd82__repack, k_linear__intx_unpacked_to_int8__bf16__ce23cd82::repack);
