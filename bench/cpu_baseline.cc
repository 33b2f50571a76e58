// Bench-only reference kernels for `npm run bench -- cpu`: what the memory system and a plain
// fp32 GEMV do on this machine, measured in the same run as the quantized kernels. Uses the
// same thread pool and AVX-512/AVX2 dispatch as the generated kernels.
#include <tvm/ffi/tvm_ffi.h>

#include <cstring>

#include "qf/dispatch.h"

namespace {
using tvm::ffi::TensorView;

struct Gemv {
  struct Args {
    const float* x;
    const float* w;
    int64_t M, K, N;
    float* y;
  };
  template <qf::Isa I> static QF_INLINE void rows(const Args& a, int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t m = 0; m < a.M; ++m) a.y[m * a.N + n] = qf::dot(a.x + m * a.K, a.w + n * a.K, a.K);
  }
};

/** y[M, N] = x[M, K] · w[N, K]ᵀ in fp32 (one pass over w per token). */
void Fp32Linear(TensorView x, TensorView w, TensorView y) {
  Gemv::Args a{static_cast<const float*>(x.data_ptr()), static_cast<const float*>(w.data_ptr()), x.size(0), x.size(1),
               w.size(0), static_cast<float*>(y.data_ptr())};
  qf::Multi<Gemv>::run(a, a.N, 64);
}

struct Sum {
  struct Args {
    const float* p;
    float* partial;
  };
  // Four vectors of independent sums: one chain of dependent adds (3-4 cycles per 64 bytes)
  // would measure add latency, not the memory system.
  static constexpr int kSums = 4 * qf::kLanes;
  template <qf::Isa I> static QF_INLINE void rows(const Args& a, int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      float s[kSums] = {};
      const float* q = a.p + b * 4096;
      for (int i = 0; i < 4096; i += kSums)
        for (int j = 0; j < kSums; ++j) s[j] += q[i + j];
      float t = 0;
      for (int j = 0; j < kSums; ++j) t += s[j];
      a.partial[b] = t;
    }
  }
};

/** Reads the whole buffer (fp32, a multiple of 4096 elements) on every thread: read bandwidth. */
double ReadAll(TensorView buf) {
  const int64_t blocks = buf.numel() / 4096;
  std::vector<float> partial(static_cast<size_t>(blocks));
  qf::Multi<Sum>::run({static_cast<const float*>(buf.data_ptr()), partial.data()}, blocks, 64);
  double s = 0;
  for (float v : partial) s += v;
  return s;
}

struct Copy {
  struct Args {
    const uint8_t* src;
    uint8_t* dst;
  };
  template <qf::Isa I> static QF_INLINE void rows(const Args& a, int64_t b0, int64_t b1) {
    std::memcpy(a.dst + b0 * 65536, a.src + b0 * 65536, size_t(b1 - b0) * 65536);
  }
};

/** memcpy split across the pool in 64 KiB blocks (sizes a multiple of 64 KiB). */
void CopyAll(TensorView src, TensorView dst) {
  const int64_t bytes = src.numel() * ((src.dtype().bits * src.dtype().lanes + 7) / 8);  // numel counts elements
  qf::Multi<Copy>::run({static_cast<const uint8_t*>(src.data_ptr()), static_cast<uint8_t*>(dst.data_ptr())},
                       bytes / 65536, 16);
}
}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(bench_fp32_linear, Fp32Linear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(bench_read_all, ReadAll);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(bench_copy_all, CopyAll);
