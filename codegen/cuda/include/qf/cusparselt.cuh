// cuSPARSELt through dlopen: the 2:4 sparse float8 GEMM core of Float8 SemiSparse weights
// (sparse_fp8_op.cuh). Loaded lazily on first use, so a module without a sparse kernel never
// needs libcusparseLt, and the module links nothing beyond cudart and tvm_ffi (as cublaslt.cuh).
//
// Where the library is: $QF_CUSPARSELT_LIB (a full path) if set, else libcusparseLt.so.0 on the
// loader's path. PyTorch's CUDA wheels ship it in <site-packages>/nvidia/cusparselt/lib; the GPU
// scripts put that directory on LD_LIBRARY_PATH (scripts/gpu/sparse-check.sh).
//
// Layout (the one torch._cslt_sparse_mm uses with transpose_result=True): the structured
// operand A is the weight, row-major [N, K] (2:4 along K), op N; B is the activation, row-major
// [M, K], op T; D is column-major [N, M] with ld N, i.e. row-major y [M, N]. No scaling is asked
// of the library: CUSPARSELT_MATMUL_ALPHA_VECTOR_SCALING (one alpha per output channel) is
// refused for e4m3 on sm_90 with status 10, "operation not supported" (cuSPARSELt 0.8.0, H200,
// measured; torch._cslt_sparse_mm with alpha fails the same way), and there is no per-token one.
//
// Only cusparseLt.h (+ the cusparse.h it includes) is needed to build
// (scripts/gpu/cusparselt-headers.sh fetches both); a module built without them still has every
// other kernel, and its sparse paths throw with the fix.
#pragma once
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#if __has_include(<cusparseLt.h>) && __has_include(<cusparse.h>)
#define QF_HAVE_CUSPARSELT 1
#include <cusparseLt.h>
#include <dlfcn.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#endif

namespace qf {

// How the GEMM output is written: kF32 = fp32 accumulators (both scales applied after, one
// rounding to bf16); kBf16 = the accumulators rounded to bf16 (scales applied after: a second
// rounding, half the output traffic).
enum class SpOut { kF32 = 0, kBf16 = 1 };

// alg for "let cuSPARSELt choose": cusparseLtMatmulSearch on the first call of a shape.
constexpr int kSpAlgSearch = -1;

struct SpGemmKey {
  int device, M, N, K;
  SpOut out;
  int alg;  // CUSPARSELT_MATMUL_ALG_CONFIG_ID, or kSpAlgSearch
#if QF_HAVE_CUSPARSELT
  bool operator<(const SpGemmKey& o) const {
    return std::tie(device, M, N, K, out, alg) < std::tie(o.device, o.M, o.N, o.K, o.out, o.alg);
  }
#endif
};

#if QF_HAVE_CUSPARSELT

class CusparseLt {
 public:
  static CusparseLt& instance() {
    static CusparseLt lt;
    return lt;
  }

  // The loaded library's version (major * 1000 + minor * 100 + patch, as CUSPARSELT_VERSION).
  int version(int device) {
    std::lock_guard<std::mutex> lock(mu_);
    int v = 0;
    check(get_version_(handle(device), &v), "cusparseLtGetVersion");
    return v;
  }

  // Bytes of the compressed weight W [N, K] e4m3 (values + metadata in cuSPARSELt's layout),
  // and of the scratch buffer the compression needs.
  void compressed_size(int device, int N, int K, size_t* bytes, size_t* scratch) {
    std::lock_guard<std::mutex> lock(mu_);
    cusparseLtMatDescriptor_t a;
    weight_desc(device, N, K, &a);
    const cusparseStatus_t s = compressed_size_(handle(device), &a, bytes, scratch);
    destroy_mat_(&a);
    check(s, "cusparseLtSpMMACompressedSize2");
  }

  // dense: W [N, K] e4m3 bytes, 2:4 along K -> dst (compressed_size bytes).
  void compress(int device, int N, int K, const void* dense, void* dst, void* scratch, cudaStream_t stream) {
    std::lock_guard<std::mutex> lock(mu_);
    cusparseLtMatDescriptor_t a;
    weight_desc(device, N, K, &a);
    const cusparseStatus_t s = compress_(handle(device), &a, 1, CUSPARSE_OPERATION_NON_TRANSPOSE, dense, dst, scratch, stream);
    destroy_mat_(&a);
    check(s, "cusparseLtSpMMACompress2");
  }

  // Workspace bytes the plan for `key` needs (creates the plan).
  size_t workspace(const SpGemmKey& key) {
    std::lock_guard<std::mutex> lock(mu_);
    return plan(key).workspace;
  }

  // D (key.out) = W . X^T: W the compressed weight, X e4m3 [key.M, K] row-major, D column-major
  // [N, key.M]. A kSpAlgSearch plan is tuned by cusparseLtMatmulSearch on its first call (on these
  // very buffers; D is computed again after it).
  void matmul(const SpGemmKey& key, const void* w_packed, const void* x, void* d, void* workspace, cudaStream_t stream) {
    std::lock_guard<std::mutex> lock(mu_);
    Plan& p = plan(key);
    const float one = 1.0f, zero = 0.0f;
    cudaStream_t streams[1] = {stream};
    const cusparseLtHandle_t* h = handle(key.device);
    if (key.alg == kSpAlgSearch && !p.searched) {
      check(search_(h, &p.plan, &one, w_packed, x, &zero, d, d, workspace, streams, 1), "cusparseLtMatmulSearch");
      check(alg_get_(h, &p.sel, CUSPARSELT_MATMUL_ALG_CONFIG_ID, &p.chosen, sizeof(p.chosen)), "cusparseLtMatmulAlgGetAttribute(CONFIG_ID)");
      p.searched = true;
    }
    check(matmul_(h, &p.plan, &one, w_packed, x, &zero, d, d, workspace, streams, 1), "cusparseLtMatmul");
  }

  // The algorithm a kSpAlgSearch plan settled on (-1 before its first call).
  int chosen_alg(const SpGemmKey& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = plans_.find(key);
    return it == plans_.end() ? -1 : it->second->chosen;
  }

  // CUSPARSELT_MATMUL_ALG_CONFIG_MAX_ID of the plan's descriptor: valid alg ids are 0..max.
  int max_alg(const SpGemmKey& key) {
    std::lock_guard<std::mutex> lock(mu_);
    int max_id = 0;
    check(alg_get_(handle(key.device), &plan(key).sel, CUSPARSELT_MATMUL_ALG_CONFIG_MAX_ID, &max_id, sizeof(max_id)),
          "cusparseLtMatmulAlgGetAttribute(MAX_ID)");
    return max_id;
  }

 private:
  // Descriptors live as long as the plan (heap, stable addresses).
  struct Plan {
    cusparseLtMatDescriptor_t a, b, d;
    cusparseLtMatmulDescriptor_t desc;
    cusparseLtMatmulAlgSelection_t sel;
    cusparseLtMatmulPlan_t plan;
    size_t workspace = 0;
    bool searched = false;
    int chosen = -1;
  };

  CusparseLt() {
    const char* path = std::getenv("QF_CUSPARSELT_LIB");
    const char* name = path != nullptr && *path != '\0' ? path : "libcusparseLt.so.0";
    lib_ = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
    if (lib_ == nullptr) {
      throw std::runtime_error(std::string("quantforge: cannot load ") + name +
                               " (needed by the 2:4 sparse float8 GEMM): " + dlerror() +
                               "; set QF_CUSPARSELT_LIB to libcusparseLt.so.0 (PyTorch's wheels: "
                               "<site-packages>/nvidia/cusparselt/lib) or put its directory on LD_LIBRARY_PATH");
    }
    load(init_, "cusparseLtInit");
    load(get_version_, "cusparseLtGetVersion");
    load(error_string_, "cusparseLtGetErrorString");
    load(dense_init_, "cusparseLtDenseDescriptorInit");
    load(structured_init_, "cusparseLtStructuredDescriptorInit");
    load(destroy_mat_, "cusparseLtMatDescriptorDestroy");
    load(matmul_desc_init_, "cusparseLtMatmulDescriptorInit");
    load(matmul_desc_set_, "cusparseLtMatmulDescSetAttribute");
    load(alg_init_, "cusparseLtMatmulAlgSelectionInit");
    load(alg_set_, "cusparseLtMatmulAlgSetAttribute");
    load(alg_get_, "cusparseLtMatmulAlgGetAttribute");
    load(plan_init_, "cusparseLtMatmulPlanInit");
    load(get_workspace_, "cusparseLtMatmulGetWorkspace");
    load(matmul_, "cusparseLtMatmul");
    load(search_, "cusparseLtMatmulSearch");
    load(compressed_size_, "cusparseLtSpMMACompressedSize2");
    load(compress_, "cusparseLtSpMMACompress2");
  }

  template <class Fn>
  void load(Fn& fn, const char* name) {
    fn = reinterpret_cast<Fn>(dlsym(lib_, name));
    if (fn == nullptr) throw std::runtime_error(std::string("quantforge: libcusparseLt lacks ") + name + " (needs 0.7 or newer)");
  }

  void check(cusparseStatus_t s, const std::string& what) {
    if (s != CUSPARSE_STATUS_SUCCESS) {
      throw std::runtime_error("quantforge: " + what + " failed with cuSPARSELt status " + std::to_string(static_cast<int>(s)) +
                               " (" + (error_string_ != nullptr ? error_string_(s) : "?") + ")");
    }
  }

  // One handle per device, created on that device.
  const cusparseLtHandle_t* handle(int device) {
    auto it = handles_.find(device);
    if (it != handles_.end()) return it->second.get();
    int prev = 0;
    cudaGetDevice(&prev);
    cudaSetDevice(device);
    auto h = std::make_unique<cusparseLtHandle_t>();
    const cusparseStatus_t s = init_(h.get());
    cudaSetDevice(prev);
    check(s, "cusparseLtInit on device " + std::to_string(device));
    return handles_.emplace(device, std::move(h)).first->second.get();
  }

  void weight_desc(int device, int N, int K, cusparseLtMatDescriptor_t* a) {
    check(structured_init_(handle(device), a, N, K, K, 16, CUDA_R_8F_E4M3, CUSPARSE_ORDER_ROW, CUSPARSELT_SPARSITY_50_PERCENT),
          "cusparseLtStructuredDescriptorInit(W [" + std::to_string(N) + ", " + std::to_string(K) + "] e4m3)");
  }

  Plan& plan(const SpGemmKey& k) {
    auto it = plans_.find(k);
    if (it != plans_.end()) return *it->second;
    const cusparseLtHandle_t* h = handle(k.device);
    auto p = std::make_unique<Plan>();
    const std::string shape = " (M=" + std::to_string(k.M) + " N=" + std::to_string(k.N) + " K=" + std::to_string(k.K) +
                              " out=" + (k.out == SpOut::kF32 ? "fp32" : "bf16") + " alg=" + std::to_string(k.alg) + ")";
    const cudaDataType_t d_type = k.out == SpOut::kF32 ? CUDA_R_32F : CUDA_R_16BF;
    weight_desc(k.device, k.N, k.K, &p->a);
    check(dense_init_(h, &p->b, k.M, k.K, k.K, 16, CUDA_R_8F_E4M3, CUSPARSE_ORDER_ROW), "cusparseLtDenseDescriptorInit(X)" + shape);
    check(dense_init_(h, &p->d, k.N, k.M, k.N, 16, d_type, CUSPARSE_ORDER_COL), "cusparseLtDenseDescriptorInit(D)" + shape);
    check(matmul_desc_init_(h, &p->desc, CUSPARSE_OPERATION_NON_TRANSPOSE, CUSPARSE_OPERATION_TRANSPOSE, &p->a, &p->b, &p->d,
                            &p->d, CUSPARSE_COMPUTE_32F),
          "cusparseLtMatmulDescriptorInit" + shape);
    check(alg_init_(h, &p->sel, &p->desc, CUSPARSELT_MATMUL_ALG_DEFAULT), "cusparseLtMatmulAlgSelectionInit" + shape);
    if (k.alg != kSpAlgSearch) {
      const int alg = k.alg;
      check(alg_set_(h, &p->sel, CUSPARSELT_MATMUL_ALG_CONFIG_ID, &alg, sizeof(alg)), "cusparseLtMatmulAlgSetAttribute(CONFIG_ID)" + shape);
      p->chosen = alg;
    }
    check(plan_init_(h, &p->plan, &p->desc, &p->sel), "cusparseLtMatmulPlanInit" + shape);
    check(get_workspace_(h, &p->plan, &p->workspace), "cusparseLtMatmulGetWorkspace" + shape);
    return *plans_.emplace(k, std::move(p)).first->second;
  }

  void* lib_ = nullptr;
  std::mutex mu_;
  std::map<int, std::unique_ptr<cusparseLtHandle_t>> handles_;
  std::map<SpGemmKey, std::unique_ptr<Plan>> plans_;
  decltype(&cusparseLtInit) init_ = nullptr;
  decltype(&cusparseLtGetVersion) get_version_ = nullptr;
  decltype(&cusparseLtGetErrorString) error_string_ = nullptr;
  decltype(&cusparseLtDenseDescriptorInit) dense_init_ = nullptr;
  decltype(&cusparseLtStructuredDescriptorInit) structured_init_ = nullptr;
  decltype(&cusparseLtMatDescriptorDestroy) destroy_mat_ = nullptr;
  decltype(&cusparseLtMatmulDescriptorInit) matmul_desc_init_ = nullptr;
  decltype(&cusparseLtMatmulDescSetAttribute) matmul_desc_set_ = nullptr;
  decltype(&cusparseLtMatmulAlgSelectionInit) alg_init_ = nullptr;
  decltype(&cusparseLtMatmulAlgSetAttribute) alg_set_ = nullptr;
  decltype(&cusparseLtMatmulAlgGetAttribute) alg_get_ = nullptr;
  decltype(&cusparseLtMatmulPlanInit) plan_init_ = nullptr;
  decltype(&cusparseLtMatmulGetWorkspace) get_workspace_ = nullptr;
  decltype(&cusparseLtMatmul) matmul_ = nullptr;
  decltype(&cusparseLtMatmulSearch) search_ = nullptr;
  decltype(&cusparseLtSpMMACompressedSize2) compressed_size_ = nullptr;
  decltype(&cusparseLtSpMMACompress2) compress_ = nullptr;
};

#else  // no cusparseLt.h at build time

class CusparseLt {
 public:
  static CusparseLt& instance() {
    throw std::runtime_error(
        "quantforge: this kernel module was built without cusparseLt.h, so its 2:4 sparse float8 GEMM is "
        "missing; run scripts/gpu/cusparselt-headers.sh and rebuild");
  }
  int version(int) { return 0; }
  void compressed_size(int, int, int, size_t*, size_t*) {}
  void compress(int, int, int, const void*, void*, void*, cudaStream_t) {}
  size_t workspace(const SpGemmKey&) { return 0; }
  void matmul(const SpGemmKey&, const void*, const void*, void*, void*, cudaStream_t) {}
  int chosen_alg(const SpGemmKey&) { return -1; }
  int max_alg(const SpGemmKey&) { return 0; }
};

#endif

}  // namespace qf
