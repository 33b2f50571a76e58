// call(fn, args, streams) and callAsync(fn, args, streams): the synchronous path runs on the
// main thread; the asynchronous one on a libuv worker (Napi::AsyncWorker), where the env stream
// is set and the raised error taken on that worker thread (guide §5.6-5.9).
#pragma once
#include <napi.h>

namespace qf {

Napi::Value CallSync(const Napi::CallbackInfo& info);
Napi::Value CallAsync(const Napi::CallbackInfo& info);

}  // namespace qf
