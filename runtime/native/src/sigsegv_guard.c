// A tiny addon with no tvm-ffi dependency (guide §5.2). libtvm_ffi.so installs its own SIGSEGV
// handler from a load-time constructor, which replaces the handler Node uses to turn
// WebAssembly out-of-bounds traps into JS exceptions. This module is loaded before the runtime
// addon: its init snapshots the current handler, and restore() reinstalls it afterwards.
#include <node_api.h>
#include <signal.h>
#include <string.h>

static struct sigaction saved_handler;
static int have_saved = 0;

static napi_value Restore(napi_env env, napi_callback_info info) {
  napi_value result;
  int ok = have_saved && sigaction(SIGSEGV, &saved_handler, NULL) == 0;
  napi_get_boolean(env, ok, &result);
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  memset(&saved_handler, 0, sizeof(saved_handler));
  have_saved = sigaction(SIGSEGV, NULL, &saved_handler) == 0;
  napi_value fn;
  napi_create_function(env, "restore", NAPI_AUTO_LENGTH, Restore, NULL, &fn);
  napi_set_named_property(env, exports, "restore", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
