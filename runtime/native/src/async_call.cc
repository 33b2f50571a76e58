#include "async_call.h"

#include <memory>

#include "call_record.h"
#include "result.h"

namespace qf {
namespace {

std::unique_ptr<CallRecord> MakeRecord(const Napi::CallbackInfo& info, bool keep_alive) {
  TVMFFIObjectHandle fn = UnwrapOwned(info.Env(), info[0], "function");
  return std::make_unique<CallRecord>(info.Env(), fn, info[1].As<Napi::Array>(), info[2].As<Napi::Array>(),
                                      keep_alive);
}

class CallWorker : public Napi::AsyncWorker {
 public:
  CallWorker(Napi::Env env, std::unique_ptr<CallRecord> record)
      : Napi::AsyncWorker(env, "quantforge.call"), deferred_(Napi::Promise::Deferred::New(env)),
        record_(std::move(record)) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  // Worker thread: no JS here. A GPU launch is asynchronous, so wait for the call's streams
  // here rather than on the main thread.
  void Execute() override { ok_ = record_->Invoke() && record_->SynchronizeStreams(); }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (!ok_) {
      deferred_.Reject(ToJsError(env, record_->error()).Value());
      return;
    }
    if (record_->AnyBufferDetached()) {
      deferred_.Reject(AddonError(env, "RuntimeError",
                                  "a buffer passed to this call was detached (transferred) while the call ran; "
                                  "its result is undefined")
                           .Value());
      return;
    }
    try {
      deferred_.Resolve(record_->TakeResult(env));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::unique_ptr<CallRecord> record_;
  bool ok_ = false;
};

}  // namespace

Napi::Value CallSync(const Napi::CallbackInfo& info) {
  std::unique_ptr<CallRecord> record = MakeRecord(info, false);
  if (!record->Invoke()) throw ToJsError(info.Env(), record->error());
  return record->TakeResult(info.Env());
}

Napi::Value CallAsync(const Napi::CallbackInfo& info) {
  auto* worker = new CallWorker(info.Env(), MakeRecord(info, true));
  Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK/OnError
  return promise;
}

}  // namespace qf
