#include "call_record.h"

#include <tvm/ffi/extra/c_env_api.h>

#include <cmath>
#include <cstring>

#include "cuda_driver.h"
#include "result.h"

namespace qf {
namespace {

Napi::Error ArgError(Napi::Env env, uint32_t index, const std::string& what) {
  return AddonError(env, "TypeError", "argument " + std::to_string(index) + ": " + what);
}

TVMFFIAny NoneAny() {
  TVMFFIAny a;
  std::memset(&a, 0, sizeof(a));
  a.type_index = kTVMFFINone;
  return a;
}

std::vector<int64_t> IntList(Napi::Env env, uint32_t index, Napi::Value v, const char* field) {
  if (!v.IsArray()) throw ArgError(env, index, std::string(field) + " must be an array of integers");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value e = a.Get(i);
    if (!e.IsNumber()) throw ArgError(env, index, std::string(field) + " must be an array of integers");
    out[i] = e.As<Napi::Number>().Int64Value();
  }
  return out;
}

}  // namespace

CallRecord::CallRecord(Napi::Env env, TVMFFIObjectHandle fn, Napi::Array args, Napi::Array streams, bool keep_alive)
    : fn_(fn), keep_alive_(keep_alive), result_(NoneAny()) {
  args_.reserve(args.Length());
  for (uint32_t i = 0; i < args.Length(); ++i) AddArg(env, i, args.Get(i));
  for (uint32_t i = 0; i < streams.Length(); ++i) {
    Napi::Array pair = streams.Get(i).As<Napi::Array>();
    bool lossless = false;
    uint64_t handle = pair.Get(1u).As<Napi::BigInt>().Uint64Value(&lossless);
    streams_.emplace_back(pair.Get(0u).As<Napi::Number>().Int32Value(), reinterpret_cast<void*>(handle));
  }
  // The function handle is owned by a JS External; hold our own reference while we may run.
  TVMFFIObjectIncRef(fn_);
}

CallRecord::~CallRecord() {
  if (result_.type_index >= kTVMFFIStaticObjectBegin) TVMFFIObjectDecRef(result_.v_obj);
  TVMFFIObjectDecRef(fn_);
}

void CallRecord::AddArg(Napi::Env env, uint32_t index, Napi::Value v) {
  TVMFFIAny a = NoneAny();
  if (v.IsNull() || v.IsUndefined()) {
    // None
  } else if (v.IsBoolean()) {
    a.type_index = kTVMFFIBool;
    a.v_int64 = v.As<Napi::Boolean>().Value() ? 1 : 0;
  } else if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::trunc(d) == d && std::fabs(d) <= 9007199254740991.0) {
      a.type_index = kTVMFFIInt;
      a.v_int64 = static_cast<int64_t>(d);
    } else {
      a.type_index = kTVMFFIFloat;
      a.v_float64 = d;
    }
  } else if (v.IsBigInt()) {
    bool lossless = false;
    a.type_index = kTVMFFIInt;
    a.v_int64 = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw ArgError(env, index, "bigint does not fit in int64");
  } else if (v.IsString()) {
    strings_.push_back(v.As<Napi::String>().Utf8Value());
    a.type_index = kTVMFFIRawStr;
    a.v_c_str = strings_.back().c_str();
  } else if (v.IsObject()) {
    Napi::Object o = v.As<Napi::Object>();
    std::string kind = o.Get("kind").IsString() ? o.Get("kind").As<Napi::String>().Utf8Value() : "";
    if (kind == "tensor") {
      AddTensor(env, index, o);
      return;
    }
    if (kind != "bytes") throw ArgError(env, index, "unsupported object (expected a tensor or bytes encoding)");
    size_t size = 0;
    void* data = BorrowBytes(env, index, o.Get("bytes"), &size);
    byte_arrays_.push_back(TVMFFIByteArray{static_cast<const char*>(data), size});
    a.type_index = kTVMFFIByteArrayPtr;
    a.v_ptr = &byte_arrays_.back();
  } else {
    throw ArgError(env, index, "unsupported JS value type");
  }
  args_.push_back(a);
}

void* CallRecord::BorrowBytes(Napi::Env env, uint32_t index, Napi::Value v, size_t* size) {
  if (!v.IsTypedArray()) throw ArgError(env, index, "expected a Uint8Array view of the data");
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  // ArrayBuffer().Data() also moves a small on-heap array off-heap, so the pointer is stable.
  uint8_t* base = static_cast<uint8_t*>(ta.ArrayBuffer().Data());
  *size = ta.ByteLength();
  if (keep_alive_) borrowed_.push_back(Napi::Persistent(v));
  return base == nullptr ? nullptr : base + ta.ByteOffset();
}

void CallRecord::AddTensor(Napi::Env env, uint32_t index, Napi::Object o) {
  DLTensor t;
  std::memset(&t, 0, sizeof(t));
  std::vector<int64_t> dtype = IntList(env, index, o.Get("dtype"), "dtype");
  std::vector<int64_t> device = IntList(env, index, o.Get("device"), "device");
  if (dtype.size() != 3 || device.size() != 2) throw ArgError(env, index, "malformed dtype/device encoding");
  dims_.push_back(IntList(env, index, o.Get("shape"), "shape"));
  std::vector<int64_t>& shape = dims_.back();
  dims_.push_back(IntList(env, index, o.Get("strides"), "strides"));
  std::vector<int64_t>& strides = dims_.back();
  if (shape.size() != strides.size()) throw ArgError(env, index, "shape and strides differ in length");
  t.ndim = static_cast<int32_t>(shape.size());
  t.shape = shape.data();
  t.strides = strides.data();  // always explicit: NULL strides break TensorView (guide §5.4)
  t.dtype = DLDataType{static_cast<uint8_t>(dtype[0]), static_cast<uint8_t>(dtype[1]), static_cast<uint16_t>(dtype[2])};
  t.device = DLDevice{static_cast<DLDeviceType>(device[0]), static_cast<int32_t>(device[1])};
  Napi::Value ptr = o.Get("ptr");
  if (ptr.IsBigInt()) {
    bool lossless = false;
    t.data = reinterpret_cast<void*>(ptr.As<Napi::BigInt>().Uint64Value(&lossless));
  } else {
    size_t size = 0;
    t.data = BorrowBytes(env, index, o.Get("bytes"), &size);
  }
  tensors_.push_back(t);
  TVMFFIAny a = NoneAny();
  a.type_index = kTVMFFIDLTensorPtr;
  a.v_ptr = &tensors_.back();
  args_.push_back(a);
}

bool CallRecord::Invoke() {
  std::vector<void*> previous(streams_.size(), nullptr);
  for (size_t i = 0; i < streams_.size(); ++i) {
    TVMFFIEnvSetStream(kDLCUDA, streams_[i].first, streams_[i].second, &previous[i]);
  }
  result_ = NoneAny();
  int rc = TVMFFIFunctionCall(fn_, args_.data(), static_cast<int32_t>(args_.size()), &result_);
  if (rc != 0) error_ = TakeRaised();
  for (size_t i = streams_.size(); i-- > 0;) {
    TVMFFIEnvSetStream(kDLCUDA, streams_[i].first, previous[i], nullptr);
  }
  return rc == 0;
}

bool CallRecord::SynchronizeStreams() {
  try {
    for (const auto& [device, stream] : streams_) {
      cuda::UseDevice(device);
      cuda::Check(cuda::GetDriver(nullptr)->cuStreamSynchronize(stream), "cuStreamSynchronize");
    }
    return true;
  } catch (const std::exception& e) {
    error_ = FfiError{"RuntimeError", e.what(), ""};
    return false;
  }
}

Napi::Value CallRecord::TakeResult(Napi::Env env) {
  TVMFFIAny r = result_;
  result_ = NoneAny();
  return ConvertResult(env, r);
}

bool CallRecord::AnyBufferDetached() const {
  for (const auto& ref : borrowed_) {
    Napi::Value v = ref.Value();
    if (v.IsTypedArray() && v.As<Napi::TypedArray>().ArrayBuffer().IsDetached()) return true;
  }
  return false;
}

}  // namespace qf
