// cuBLASLt through dlopen: the tensor-core GEMM core for the prefill (large M) path and for
// float8 scaled GEMMs, where a library kernel is the fastest choice (measured in
// bench/gpu). Loaded lazily on first use, so a kernel module without a GEMM call never needs
// libcublasLt, and the module links nothing beyond cudart and tvm_ffi.
//
// Row-major D[M, N] = X[M, K] . W[N, K]^T maps to column-major D^T = op_T(W) . op_N(X): the
// "TN" layout every cuBLASLt kernel supports, float8 included.
//
// Only cuBLASLt's header is needed to build (scripts/gpu/cublas-headers.sh fetches it); a module
// built without it still has every other kernel, and its GEMM paths throw with the fix.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#if __has_include(<cublasLt.h>)
#define QF_HAVE_CUBLASLT 1
#include <cublasLt.h>
#include <dlfcn.h>

#include <map>
#include <mutex>
#include <tuple>
#endif

namespace qf {

#if QF_HAVE_CUBLASLT

// kVec128: one fp32 scale per 128-element block along K. kOuterVec: one scale per row of each
// operand. Both need cuBLAS >= 12.9 on sm_90; the heuristic needs scale pointers set (plan()).
// kBlock: DeepSeek-style blockwise float8, W (A) in 128x128 blocks, X (B) in 1x128 blocks
// (cuBLAS >= 12.9, sm_90 only; no fast accumulation).
enum class LtScale { kNone = 0, kScalar = 1, kOuterVec = 2, kVec128 = 3, kBlock = 4 };

struct LtGemmKey {
  int M, N, K;
  cudaDataType_t w_type, x_type;
  LtScale scale;
  bool bias;
  cudaDataType_t d_type = CUDA_R_16BF;
  bool operator<(const LtGemmKey& o) const {
    return std::tie(M, N, K, w_type, x_type, scale, bias, d_type) <
           std::tie(o.M, o.N, o.K, o.w_type, o.x_type, o.scale, o.bias, o.d_type);
  }
};

class CublasLt {
 public:
  static CublasLt& instance() {
    static CublasLt lt;
    return lt;
  }

  // D (bf16, or key.d_type) = (X . W^T) * x_scale * w_scale + bias. Scales are device fp32 pointers (a
  // scalar, or a vector over M for X and over N for W, per `scale`), null for kNone.
  void gemm(const LtGemmKey& key, const void* w, const void* x, void* d, const float* w_scale,
            const float* x_scale, const void* bias, void* workspace, size_t workspace_bytes,
            cudaStream_t stream) {
    std::lock_guard<std::mutex> lock(mu_);
    Plan& p = plan(key, workspace_bytes);
    if (key.scale != LtScale::kNone) {
      set(p.desc, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &w_scale, sizeof(w_scale));
      set(p.desc, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &x_scale, sizeof(x_scale));
    }
    if (key.bias) set(p.desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &bias, sizeof(bias));
    const float one = 1.0f, zero = 0.0f;
    const int32_t ione = 1, izero = 0;  // int8 GEMMs (IMMA) scale in int32
    const bool i8 = key.w_type == CUDA_R_8I;
    check(matmul_(handle_, p.desc, i8 ? static_cast<const void*>(&ione) : &one, w, p.a, x, p.b,
                  i8 ? static_cast<const void*>(&izero) : &zero, d, p.d, d, p.d, &p.algo, workspace,
                  workspace_bytes, stream),
          "cublasLtMatmul");
  }

 private:
  struct Plan {
    cublasLtMatmulDesc_t desc;
    cublasLtMatrixLayout_t a, b, d;
    cublasLtMatmulAlgo_t algo;
  };

  CublasLt() {
    lib_ = dlopen("libcublasLt.so.13", RTLD_NOW | RTLD_GLOBAL);
    if (lib_ == nullptr) {
      throw std::runtime_error(
          std::string("quantforge: cannot load libcublasLt.so.13 (needed by the prefill GEMM): ") +
          dlerror() + "; put the CUDA 13 cuBLAS library directory on LD_LIBRARY_PATH");
    }
    load(create_, "cublasLtCreate");
    load(desc_create_, "cublasLtMatmulDescCreate");
    load(desc_set_, "cublasLtMatmulDescSetAttribute");
    load(layout_create_, "cublasLtMatrixLayoutCreate");
    load(pref_create_, "cublasLtMatmulPreferenceCreate");
    load(pref_set_, "cublasLtMatmulPreferenceSetAttribute");
    load(pref_destroy_, "cublasLtMatmulPreferenceDestroy");
    load(heuristic_, "cublasLtMatmulAlgoGetHeuristic");
    load(matmul_, "cublasLtMatmul");
    check(create_(&handle_), "cublasLtCreate");
  }

  template <class Fn>
  void load(Fn& fn, const char* name) {
    fn = reinterpret_cast<Fn>(dlsym(lib_, name));
    if (fn == nullptr) throw std::runtime_error(std::string("quantforge: libcublasLt lacks ") + name);
  }

  static void check(cublasStatus_t s, const char* what) {
    if (s != CUBLAS_STATUS_SUCCESS) {
      throw std::runtime_error(std::string("quantforge: ") + what + " failed with cuBLAS status " +
                               std::to_string(static_cast<int>(s)));
    }
  }

  void set(cublasLtMatmulDesc_t d, cublasLtMatmulDescAttributes_t a, const void* v, size_t n) {
    check(desc_set_(d, a, v, n), "cublasLtMatmulDescSetAttribute");
  }

  Plan& plan(const LtGemmKey& k, size_t workspace_bytes) {
    auto it = plans_.find(k);
    if (it != plans_.end()) return it->second;
    Plan p{};
    // int8 x int8 -> int32 (torch._int_mm's contract): exact integer compute and scale types.
    const bool i8 = k.w_type == CUDA_R_8I;
    check(desc_create_(&p.desc, i8 ? CUBLAS_COMPUTE_32I : CUBLAS_COMPUTE_32F, i8 ? CUDA_R_32I : CUDA_R_32F),
          "cublasLtMatmulDescCreate");
    const cublasOperation_t ta = CUBLAS_OP_T, tb = CUBLAS_OP_N;
    set(p.desc, CUBLASLT_MATMUL_DESC_TRANSA, &ta, sizeof(ta));
    set(p.desc, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb));
    if (k.scale != LtScale::kNone) {
      const int32_t mode = k.scale == LtScale::kOuterVec ? CUBLASLT_MATMUL_MATRIX_SCALE_OUTER_VEC_32F
                           : k.scale == LtScale::kVec128 || k.scale == LtScale::kBlock
                               ? CUBLASLT_MATMUL_MATRIX_SCALE_VEC128_32F
                               : CUBLASLT_MATMUL_MATRIX_SCALE_SCALAR_32F;
      const int32_t a_mode = k.scale == LtScale::kBlock ? CUBLASLT_MATMUL_MATRIX_SCALE_BLK128x128_32F : mode;
      set(p.desc, CUBLASLT_MATMUL_DESC_A_SCALE_MODE, &a_mode, sizeof(a_mode));
      set(p.desc, CUBLASLT_MATMUL_DESC_B_SCALE_MODE, &mode, sizeof(mode));
      // The heuristic refuses vector and block scale modes while the scale pointers are unset
      // (CUBLAS_STATUS_INVALID_VALUE, measured); it does not read them, so an aligned
      // placeholder serves until gemm() sets the real pointers.
      const void* placeholder = reinterpret_cast<const void*>(uintptr_t{0x7f0000000000ull});
      set(p.desc, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &placeholder, sizeof(placeholder));
      set(p.desc, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &placeholder, sizeof(placeholder));
    }
    if ((k.w_type == CUDA_R_8F_E4M3 || k.w_type == CUDA_R_8F_E5M2) && k.scale != LtScale::kVec128 &&
        k.scale != LtScale::kBlock) {
      const int8_t fast = 1;  // torchao's default Float8MMConfig(use_fast_accum=True)
      set(p.desc, CUBLASLT_MATMUL_DESC_FAST_ACCUM, &fast, sizeof(fast));
    }
    if (k.bias) {
      const void* placeholder = reinterpret_cast<const void*>(uintptr_t{0x7f0000000000ull});
      set(p.desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &placeholder, sizeof(placeholder));
      const cublasLtEpilogue_t epi = CUBLASLT_EPILOGUE_BIAS;
      const cudaDataType_t bt = CUDA_R_16BF;
      set(p.desc, CUBLASLT_MATMUL_DESC_EPILOGUE, &epi, sizeof(epi));
      set(p.desc, CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE, &bt, sizeof(bt));
    }
    check(layout_create_(&p.a, k.w_type, k.K, k.N, k.K), "cublasLtMatrixLayoutCreate(W)");
    check(layout_create_(&p.b, k.x_type, k.K, k.M, k.K), "cublasLtMatrixLayoutCreate(X)");
    check(layout_create_(&p.d, k.d_type, k.N, k.M, k.N), "cublasLtMatrixLayoutCreate(D)");
    cublasLtMatmulPreference_t pref;
    check(pref_create_(&pref), "cublasLtMatmulPreferenceCreate");
    const uint64_t ws = workspace_bytes;
    check(pref_set_(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &ws, sizeof(ws)),
          "cublasLtMatmulPreferenceSetAttribute");
    cublasLtMatmulHeuristicResult_t result{};
    int found = 0;
    const cublasStatus_t hs = heuristic_(handle_, p.desc, p.a, p.b, p.d, p.d, pref, 1, &result, &found);
    pref_destroy_(pref);
    if (hs != CUBLAS_STATUS_SUCCESS || found == 0) {
      throw std::runtime_error("quantforge: cuBLASLt has no algorithm for this GEMM (M=" +
                               std::to_string(k.M) + " N=" + std::to_string(k.N) + " K=" +
                               std::to_string(k.K) + ", status " + std::to_string(static_cast<int>(hs)) + ")");
    }
    p.algo = result.algo;
    return plans_.emplace(k, p).first->second;
  }

  void* lib_ = nullptr;
  cublasLtHandle_t handle_ = nullptr;
  std::mutex mu_;
  std::map<LtGemmKey, Plan> plans_;
  decltype(&cublasLtCreate) create_;
  decltype(&cublasLtMatmulDescCreate) desc_create_;
  decltype(&cublasLtMatmulDescSetAttribute) desc_set_;
  decltype(&cublasLtMatrixLayoutCreate) layout_create_;
  decltype(&cublasLtMatmulPreferenceCreate) pref_create_;
  decltype(&cublasLtMatmulPreferenceSetAttribute) pref_set_;
  decltype(&cublasLtMatmulPreferenceDestroy) pref_destroy_;
  decltype(&cublasLtMatmulAlgoGetHeuristic) heuristic_;
  decltype(&cublasLtMatmul) matmul_;
};

#else  // no cublasLt.h at build time

enum class LtScale { kNone = 0, kScalar = 1, kOuterVec = 2, kVec128 = 3, kBlock = 4 };
struct LtGemmKey {
  int M, N, K;
  cudaDataType_t w_type, x_type;
  LtScale scale;
  bool bias;
  cudaDataType_t d_type = CUDA_R_16BF;
};

class CublasLt {
 public:
  static CublasLt& instance() {
    throw std::runtime_error(
        "quantforge: this kernel module was built without cublasLt.h, so its GEMM paths (prefill, "
        "float8 dynamic M > 16) are missing; run scripts/gpu/cublas-headers.sh and rebuild");
  }
  void gemm(const LtGemmKey&, const void*, const void*, void*, const float*, const float*, const void*, void*,
            size_t, cudaStream_t) {}
};

#endif

}  // namespace qf
