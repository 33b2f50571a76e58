// A small persistent thread pool for splitting kernels across output rows, and the run-time
// ISA choice. One pool per loaded module, sized to the machine; work is handed out in chunks
// through an atomic counter, so uneven rows (ragged tails) balance themselves. Calls from
// several host threads at once are serialised by a mutex (kernels are reentrant, the pool
// is not), which is what a libuv worker pool calling into one module needs.
#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <thread>
#include <string_view>
#include <vector>

namespace qf {

enum class Isa : int { Scalar = 0, Avx2 = 1, Avx512 = 2 };

/** Best ISA of this machine (cpuid). */
inline Isa detect_isa() {
  Isa best = Isa::Scalar;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
    best = Isa::Avx2;
  if (best == Isa::Avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni"))
    best = Isa::Avx512;
#endif
  return best;
}
/** The ISA a call runs: the machine's best, capped by QF_ISA=scalar|avx2 (read per call, so
 *  tests can exercise every path in one process). */
inline Isa isa() {
  static const Isa best = detect_isa();
  if (const char* cap = std::getenv("QF_ISA")) {
    if (std::string_view(cap) == "scalar") return Isa::Scalar;
    if (std::string_view(cap) == "avx2") return std::min(best, Isa::Avx2);
  }
  return best;
}

class Pool {
 public:
  static Pool& get() {
    static Pool pool;
    return pool;
  }
  int size() const { return int(workers_.size()) + 1; }

  /** Runs fn(begin, end) over [0, n) in chunks of `chunk`, on every thread including this one. */
  void run(int64_t n, int64_t chunk, const std::function<void(int64_t, int64_t)>& fn) {
    if (n <= 0) return;
    chunk = std::max<int64_t>(1, chunk);
    if (workers_.empty() || n <= chunk) { fn(0, n); return; }
    std::lock_guard<std::mutex> call(call_mu_);
    {
      std::lock_guard<std::mutex> lk(mu_);
      fn_ = &fn; n_ = n; chunk_ = chunk; next_.store(0); busy_ = int(workers_.size());
      ++generation_;
    }
    cv_.notify_all();
    drain();
    std::unique_lock<std::mutex> lk(mu_);
    done_cv_.wait(lk, [&] { return busy_ == 0; });
    fn_ = nullptr;
  }

 private:
  Pool() {
    int threads = int(std::thread::hardware_concurrency());
    if (const char* t = std::getenv("QF_NUM_THREADS")) threads = std::atoi(t);
    threads = std::max(1, threads);
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    { std::lock_guard<std::mutex> lk(mu_); stop_ = true; ++generation_; }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
  }
  void drain() {
    for (;;) {
      int64_t b = next_.fetch_add(chunk_);
      if (b >= n_) return;
      (*fn_)(b, std::min(n_, b + chunk_));
    }
  }
  void loop() {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      drain();
      std::lock_guard<std::mutex> lk(mu_);
      if (--busy_ == 0) done_cv_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mu_, call_mu_;
  std::condition_variable cv_, done_cv_;
  const std::function<void(int64_t, int64_t)>* fn_ = nullptr;
  int64_t n_ = 0, chunk_ = 1;
  std::atomic<int64_t> next_{0};
  int busy_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

/** parallel_for over rows: chunks of `chunk` rows, at least a few per thread. */
template <class F> inline void parallel_rows(int64_t n, int64_t chunk, F&& f) {
  std::function<void(int64_t, int64_t)> fn = std::forward<F>(f);
  Pool::get().run(n, chunk, fn);
}

}  // namespace qf
