// Argument validation for exported kernels: every failure names the kernel, the argument and
// what was expected, as a tvm-ffi ValueError/TypeError the runtime turns into a JS error.
#pragma once
#include <tvm/ffi/tvm_ffi.h>

#include <initializer_list>
#include <sstream>
#include <string>

#include "base.h"

namespace qf {

using tvm::ffi::TensorView;

inline const char* dl_name(DLDataType t) {
  switch (t.code) {
    case kDLFloat: return t.bits == 32 ? "float32" : t.bits == 16 ? "float16" : t.bits == 64 ? "float64" : "float?";
    case kDLBfloat: return "bfloat16";
    case kDLInt: return t.bits == 8 ? "int8" : t.bits == 32 ? "int32" : "int?";
    case kDLUInt: return t.bits == 8 ? "uint8" : "uint?";
    case kDLFloat8_e4m3fn: return "float8_e4m3fn";
    case kDLFloat8_e5m2: return "float8_e5m2";
    case kDLFloat8_e8m0fnu: return "float8_e8m0fnu";
    default: return "unsupported";
  }
}

constexpr DLDataType kF32{kDLFloat, 32, 1}, kBF16{kDLBfloat, 16, 1}, kF16{kDLFloat, 16, 1};
constexpr DLDataType kI8{kDLInt, 8, 1}, kU8{kDLUInt, 8, 1}, kI32{kDLInt, 32, 1};
constexpr DLDataType kDlE4M3{kDLFloat8_e4m3fn, 8, 1}, kDlE5M2{kDLFloat8_e5m2, 8, 1}, kDlE8M0{kDLFloat8_e8m0fnu, 8, 1};

template <Dt D> constexpr DLDataType dl_of() { return D == Dt::F32 ? kF32 : D == Dt::BF16 ? kBF16 : kF16; }

inline bool same(DLDataType a, DLDataType b) { return a.code == b.code && a.bits == b.bits && a.lanes == b.lanes; }

/** Checks dtype, CPU placement, contiguity and exact shape of one argument. */
inline void expect(const char* kernel, const char* arg, const TensorView& t, DLDataType dtype,
                   std::initializer_list<int64_t> shape) {
  std::ostringstream want;
  want << "[";
  bool first = true;
  for (int64_t s : shape) { want << (first ? "" : ", ") << s; first = false; }
  want << "]";
  std::ostringstream got;
  got << "[";
  for (int i = 0; i < t.ndim(); ++i) got << (i ? ", " : "") << t.size(i);
  got << "]";
  TVM_FFI_CHECK(t.device().device_type == kDLCPU, ValueError)
      << kernel << ": argument '" << arg << "' must be a CPU tensor";
  TVM_FFI_CHECK(same(t.dtype(), dtype), TypeError)
      << kernel << ": argument '" << arg << "' must be " << dl_name(dtype) << ", got " << dl_name(t.dtype());
  bool ok = t.ndim() == int(shape.size());
  int i = 0;
  for (int64_t s : shape) { ok = ok && t.size(i) == s; ++i; }
  TVM_FFI_CHECK(ok, ValueError) << kernel << ": argument '" << arg << "' must have shape " << want.str()
                                << ", got " << got.str();
  TVM_FFI_CHECK(t.IsContiguous(), ValueError) << kernel << ": argument '" << arg << "' must be contiguous";
}

/** A 2-D high-precision matrix; returns its rows and columns. */
inline void expect_matrix(const char* kernel, const char* arg, const TensorView& t, DLDataType dtype,
                          int64_t* rows, int64_t* cols) {
  TVM_FFI_CHECK(t.ndim() == 2, ValueError) << kernel << ": argument '" << arg << "' must be 2-D, got "
                                            << t.ndim() << "-D";
  *rows = t.size(0);
  *cols = t.size(1);
  expect(kernel, arg, t, dtype, {*rows, *cols});
}

template <class T> inline T* ptr(const TensorView& t) { return static_cast<T*>(t.data_ptr()); }

}  // namespace qf
