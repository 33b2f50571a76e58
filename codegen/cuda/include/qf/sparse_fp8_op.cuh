// Host side of Float8 2:4 semi-sparse weights (Float8DynamicActivationFloat8WeightConfig with
// packing_format SPARSE_2D_DATA_2D_METADATA, PerRow, e4m3 both sides; torchao-semantics.md
// §3.4.6) on CUDA through cuSPARSELt (cusparselt.cuh).
//
// Load time (`repack`): the bundle keeps the oracle's layout — `qdata` e4m3 [N, K/2] (the two
// kept values of each group of 4, in index order) and `sparse_metadata` uint8 [N, K/8] (4 bits
// per group, lower kept index in bits 0-1, higher in bits 2-3, even group in the low nibble;
// src/numerics/formats/sparse-2x4-compress.ts). That is neither CUTLASS's SM90 metadata
// layout (torchao's kernel) nor cuSPARSELt's, whose compressed layout is opaque and owned by
// the library: so the weight is decompressed on the device into the dense pruned [N, K] e4m3
// matrix (zeros where pruned), then cusparseLtSpMMACompress2 packs it. The packed buffer
// depends only on the weight descriptor (not on M or the algorithm), so one packing serves
// every call.
//
// Call time (`run`): act_quant.cuh's per-row e4m3 quantization (the float8 dynamic path's,
// bit-exact with torchao) into an M-padded buffer, then the sparse GEMM, then the scaled-mm
// epilogue (cuSPARSELt takes no per-channel or per-token scale for e4m3 on sm_90: see
// cusparselt.cuh). `cfg` = alg + 100 * out: alg is cuSPARSELt's ALG_CONFIG_ID, or 99 = tuned by
// cusparseLtMatmulSearch on the first call of each padded shape; out 0 = fp32 accumulators + one
// pass applying x scale, w scale and bias with ONE rounding to bf16 (the oracle's contract),
// out 1 = accumulators rounded to bf16 by the GEMM, then the same pass (a second rounding:
// within the stated tolerance, half the output traffic); out 2 / 3 = out 1 with the tokens in
// 2 / 4 chunks whose scale passes run on a second stream, overlapping the next chunk's GEMM.
// cfg -1 = kDefaultCfg.
#pragma once
#include "act_quant.cuh"
#include "cusparselt.cuh"
#include "dynamic_fp8_op.cuh"

#include <map>
#include <mutex>

namespace qf {

// One thread per metadata byte (two groups of 4): 4 kept bytes in, 8 dense bytes out. An index
// pair that is not strictly increasing marks the byte's position in *bad (atomicMin).
__global__ void sparse24_decompress_kernel(const uint8_t* __restrict__ values, const uint8_t* __restrict__ meta,
                                           size_t n_meta, uint8_t* __restrict__ dense, unsigned long long* bad) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= n_meta) return;
  const uint32_t v = *reinterpret_cast<const uint32_t*>(values + 4 * i);
  const uint32_t m = meta[i];
  uint32_t out[2] = {0u, 0u};
#pragma unroll
  for (int g = 0; g < 2; ++g) {
    const uint32_t i0 = (m >> (4 * g)) & 3u, i1 = (m >> (4 * g + 2)) & 3u;
    if (i0 >= i1) atomicMin(bad, static_cast<unsigned long long>(i));
    out[g] = (((v >> (16 * g)) & 0xffu) << (8 * i0)) | (((v >> (16 * g + 8)) & 0xffu) << (8 * i1));
  }
  *reinterpret_cast<uint2*>(dense + 8 * i) = make_uint2(out[0], out[1]);
}

// y[m][n] = bf16(d[m][n] * xs[m] * ws[n] + bias[n]) from the bf16 GEMM output d (= y in place,
// or a padded scratch with the same row pitch N): d and y may alias, so neither is __restrict__.
// Grid (ceil(N / 8 / blockDim), M): one row per blockIdx.y, 8 columns (16 bytes) per thread.
// kVec: ws and bias are 16-byte aligned, read as 2 float4 + 1 uint4 instead of 16 scalar loads
// (round 3, H200: the scalar version moved 117 MB in 38.5 us, 3.0 TB/s).
template <bool kVec>
__global__ void scale_rows_cols_bf16_kernel(const __nv_bfloat16* d, const float* __restrict__ xs,
                                            const float* __restrict__ ws, const __nv_bfloat16* __restrict__ bias,
                                            int N, __nv_bfloat16* y) {
  const int n = (blockIdx.x * blockDim.x + threadIdx.x) * 8;
  if (n >= N) return;
  const size_t i = static_cast<size_t>(blockIdx.y) * N + n;
  const uint4 v = *reinterpret_cast<const uint4*>(d + i);
  const uint32_t w[4] = {v.x, v.y, v.z, v.w};
  const float s = xs[blockIdx.y];
  float sc[8], bv[8];
  if constexpr (kVec) {
    const float4 a = *reinterpret_cast<const float4*>(ws + n), b = *reinterpret_cast<const float4*>(ws + n + 4);
    sc[0] = a.x; sc[1] = a.y; sc[2] = a.z; sc[3] = a.w; sc[4] = b.x; sc[5] = b.y; sc[6] = b.z; sc[7] = b.w;
    if (bias != nullptr) {
      const uint4 bb = *reinterpret_cast<const uint4*>(bias + n);
      const uint32_t bw[4] = {bb.x, bb.y, bb.z, bb.w};
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const float2 f = __bfloat1622float2(bits_bf162(bw[j]));
        bv[2 * j] = f.x;
        bv[2 * j + 1] = f.y;
      }
    }
  } else {
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      sc[j] = ws[n + j];
      if (bias != nullptr) bv[j] = __bfloat162float(bias[n + j]);
    }
  }
  uint32_t o[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    const float2 f = __bfloat1622float2(bits_bf162(w[j]));
    float a = f.x * s * sc[2 * j], b = f.y * s * sc[2 * j + 1];
    if (bias != nullptr) {
      a += bv[2 * j];
      b += bv[2 * j + 1];
    }
    o[j] = pack_bf16x2(a, b);
  }
  *reinterpret_cast<uint4*>(y + i) = make_uint4(o[0], o[1], o[2], o[3]);
}

// Per-row e4m3 activation quantization with the row held in registers: x is read from DRAM once
// (act_quant.cuh's kernel reads each row twice, amax then codes). The same scale and rounding
// functions (e4m3_scale, to_e4m3), so the codes and scales are bit-identical to it. One block of
// kThreads per row, 8 values (16 bytes) per thread and chunk; K <= kThreads * 8 * kMaxChunks.
template <int kThreads, int kMaxChunks>
__global__ void __launch_bounds__(kThreads) quantize_rows_e4m3_onepass_kernel(const __nv_bfloat16* __restrict__ x, int K,
                                                                             ActQuantParams p, uint8_t* __restrict__ xq,
                                                                             float* __restrict__ scales) {
  const __nv_bfloat16* row = x + static_cast<size_t>(blockIdx.x) * K;
  uint4 v[kMaxChunks];
  float m = 0.f;
#pragma unroll
  for (int c = 0; c < kMaxChunks; ++c) {
    const int k = (c * kThreads + static_cast<int>(threadIdx.x)) * 8;
    v[c] = make_uint4(0u, 0u, 0u, 0u);
    if (k < K) {
      v[c] = *reinterpret_cast<const uint4*>(row + k);
      const uint32_t w[4] = {v[c].x, v[c].y, v[c].z, v[c].w};
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        const float2 f = __bfloat1622float2(bits_bf162(w[i]));
        m = fmaxf(m, fmaxf(fabsf(f.x), fabsf(f.y)));
      }
    }
  }
  const float scale = e4m3_scale(block_max(m), p);
  if (threadIdx.x == 0) scales[blockIdx.x] = scale;
#pragma unroll
  for (int c = 0; c < kMaxChunks; ++c) {
    const int k = (c * kThreads + static_cast<int>(threadIdx.x)) * 8;
    if (k < K) {
      const uint32_t w[4] = {v[c].x, v[c].y, v[c].z, v[c].w};
      uint8_t q[8];
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        const float2 f = __bfloat1622float2(bits_bf162(w[i]));
        q[2 * i] = to_e4m3(f.x, scale);
        q[2 * i + 1] = to_e4m3(f.y, scale);
      }
      uint2 o;
      o.x = q[0] | (q[1] << 8) | (q[2] << 16) | (static_cast<uint32_t>(q[3]) << 24);
      o.y = q[4] | (q[5] << 8) | (q[6] << 16) | (static_cast<uint32_t>(q[7]) << 24);
      *reinterpret_cast<uint2*>(xq + static_cast<size_t>(blockIdx.x) * K + k) = o;
    }
  }
}

struct SparseFp8Op {
  // cuSPARSELt's dense operand is padded to a multiple of this many rows (tokens): 16 first;
  // if the library has no plan for that, 32, 64, 128 (the first that works is kept).
  static int& m_pad() {
    static int pad = 16;
    return pad;
  }
  static constexpr int kAlgSearch = 99;
  // Searched algorithm, bf16 GEMM output + the scale pass: H200 round 2, 14336x4096, M=2048 174.5 us
  // vs 195.0 with fp32 output (cfg 99), M=1 24.0 vs 26.3, M=16 22.6 vs 24.0; errors 2.5e-3 vs 1.8e-3.
  static constexpr int kDefaultCfg = 100 + kAlgSearch;
  // Activation codes [M, K] (row pitch K) and scales [M]: one pass when the row fits in registers
  // (K <= 16384; the instantiation sized to K keeps registers, hence occupancy, in proportion).
  static void quantize(const TensorView& x, int M, int K, ActQuantParams p, uint8_t* xq, float* xs, cudaStream_t s) {
    const auto* xp = static_cast<const __nv_bfloat16*>(x.data_ptr());
    if (K <= 128 * 8 * 4) {
      quantize_rows_e4m3_onepass_kernel<128, 4><<<M, 128, 0, s>>>(xp, K, p, xq, xs);
    } else if (K <= 128 * 8 * 8) {
      quantize_rows_e4m3_onepass_kernel<128, 8><<<M, 128, 0, s>>>(xp, K, p, xq, xs);
    } else if (K <= 256 * 8 * 8) {
      quantize_rows_e4m3_onepass_kernel<256, 8><<<M, 256, 0, s>>>(xp, K, p, xq, xs);
    } else {
      DynamicFp8Op<false>::launch_quant(x, M, K, p, xq, xs, nullptr, false, s);
      return;
    }
    check_cuda(cudaGetLastError(), "activation quantization launch");
  }

  static int device_of(const TensorView& t) { return t.device().device_id; }

  static void dims(int N, int K) {
    if (N % 32 != 0 || K % 64 != 0 || N <= 0 || K <= 0) {
      TVM_FFI_THROW(ValueError) << "quantforge: 2:4 sparse float8 kernels need N % 32 == 0 and K % 64 == 0, got N=" << N
                                << " K=" << K;
    }
  }

  // Bytes of the cuSPARSELt-packed weight for W [N, K] on the current CUDA device.
  static int64_t packed_bytes(int64_t N, int64_t K) {
    dims(static_cast<int>(N), static_cast<int>(K));
    int dev = 0;
    check_cuda(cudaGetDevice(&dev), "cudaGetDevice");
    size_t bytes = 0, scratch = 0;
    try {
      CusparseLt::instance().compressed_size(dev, static_cast<int>(N), static_cast<int>(K), &bytes, &scratch);
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    return static_cast<int64_t>(bytes);
  }

  // The loaded cuSPARSELt's version (e.g. 801 for 0.8.1): a probe for scripts and tests.
  static int64_t library_version() {
    int dev = 0;
    check_cuda(cudaGetDevice(&dev), "cudaGetDevice");
    try {
      return CusparseLt::instance().version(dev);
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    return 0;
  }

  static void check_compressed(const TensorView& qdata, const TensorView& meta, int* N, int* K) {
    require_cuda_contiguous(qdata, "qdata");
    require_cuda_contiguous(meta, "sparse_metadata");
    if (qdata.ndim() != 2 || qdata.dtype().bits != 8) TVM_FFI_THROW(ValueError) << "quantforge: qdata must be float8_e4m3fn [N, K/2]";
    *N = static_cast<int>(qdata.size(0));
    *K = static_cast<int>(qdata.size(1)) * 2;
    dims(*N, *K);
    if (!is_dtype(meta, kDLUInt, 8) || meta.ndim() != 2 || meta.size(0) != *N || meta.size(1) != *K / 8) {
      TVM_FFI_THROW(ValueError) << "quantforge: sparse_metadata must be uint8 [" << *N << ", " << *K / 8 << "] for qdata ["
                                << *N << ", " << *K / 2 << "]";
    }
  }

  static void launch_decompress(const TensorView& qdata, const TensorView& meta, uint8_t* dense, unsigned long long* bad,
                                cudaStream_t s) {
    const size_t n_meta = static_cast<size_t>(meta.numel());
    sparse24_decompress_kernel<<<static_cast<unsigned>((n_meta + 255) / 256), 256, 0, s>>>(
        static_cast<const uint8_t*>(qdata.data_ptr()), static_cast<const uint8_t*>(meta.data_ptr()), n_meta, dense, bad);
    check_cuda(cudaGetLastError(), "2:4 decompression launch");
  }

  // Throws naming the first metadata byte whose index pair is not increasing.
  static void check_bad(const unsigned long long* bad_dev, int K, cudaStream_t s) {
    unsigned long long bad = 0;
    check_cuda(cudaMemcpyAsync(&bad, bad_dev, sizeof(bad), cudaMemcpyDeviceToHost, s), "2:4 metadata check copy");
    check_cuda(cudaStreamSynchronize(s), "2:4 decompression");
    if (bad != ~0ull) {
      const unsigned long long row = bad / (K / 8), byte = bad % (K / 8);
      TVM_FFI_THROW(ValueError) << "quantforge: sparse_metadata row " << row << " byte " << byte << " (groups " << 2 * byte
                                << "-" << 2 * byte + 1 << ", K " << 8 * byte << "-" << 8 * byte + 7
                                << ") has a kept-index pair that is not strictly increasing; the weight is not 2:4 "
                                   "metadata as src/numerics/formats/sparse-2x4-compress.ts writes it";
    }
  }

  static tvm::ffi::Tensor scratch(const TensorView& like, int64_t bytes) {
    return tvm::ffi::Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({bytes > 0 ? bytes : 1}),
                                          DLDataType{kDLUInt, 8, 1}, like.device());
  }

  // The dense pruned e4m3 [N, K] again (zeros where pruned): for tests, and the input of repack.
  static void decompress(const TensorView& qdata, const TensorView& meta, const TensorView& dense) {
    int N, K;
    check_compressed(qdata, meta, &N, &K);
    require_cuda_contiguous(dense, "dense");
    if (dense.ndim() != 2 || dense.dtype().bits != 8 || dense.size(0) != N || dense.size(1) != K) {
      TVM_FFI_THROW(ValueError) << "quantforge: dense must be 8-bit [" << N << ", " << K << "]";
    }
    tvm::ffi::CUDADeviceGuard guard(device_of(qdata));
    const cudaStream_t s = env_stream(qdata);
    tvm::ffi::Tensor flag = scratch(qdata, sizeof(unsigned long long));
    auto* bad = static_cast<unsigned long long*>(flag.data_ptr());
    check_cuda(cudaMemsetAsync(bad, 0xff, sizeof(*bad), s), "2:4 flag reset");
    launch_decompress(qdata, meta, static_cast<uint8_t*>(dense.data_ptr()), bad, s);
    check_bad(bad, K, s);
  }

  // torchao-style qdata + sparse_metadata -> cuSPARSELt's packed weight (packed_bytes(N, K)).
  static void repack(const TensorView& qdata, const TensorView& meta, const TensorView& packed) {
    int N, K;
    check_compressed(qdata, meta, &N, &K);
    require_cuda_contiguous(packed, "packed");
    tvm::ffi::CUDADeviceGuard guard(device_of(qdata));
    const int dev = device_of(qdata);
    const cudaStream_t s = env_stream(qdata);
    size_t bytes = 0, comp_scratch = 0;
    try {
      CusparseLt::instance().compressed_size(dev, N, K, &bytes, &comp_scratch);
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    if (!is_dtype(packed, kDLUInt, 8) || static_cast<size_t>(packed.numel()) != bytes) {
      TVM_FFI_THROW(ValueError) << "quantforge: packed must be uint8 with " << bytes << " bytes (packed_bytes(" << N << ", " << K
                                << ")), got " << packed.numel();
    }
    auto up = [](size_t b) { return (b + 255) / 256 * 256; };
    const size_t dense_bytes = up(static_cast<size_t>(N) * K);
    tvm::ffi::Tensor buf = scratch(qdata, static_cast<int64_t>(dense_bytes + up(comp_scratch) + 256));
    char* base = static_cast<char*>(buf.data_ptr());
    auto* dense = reinterpret_cast<uint8_t*>(base);
    void* comp = base + dense_bytes;
    auto* bad = reinterpret_cast<unsigned long long*>(base + dense_bytes + up(comp_scratch));
    check_cuda(cudaMemsetAsync(bad, 0xff, sizeof(*bad), s), "2:4 flag reset");
    launch_decompress(qdata, meta, dense, bad, s);
    check_bad(bad, K, s);
    try {
      CusparseLt::instance().compress(dev, N, K, dense, packed.data_ptr(), comp, s);
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    check_cuda(cudaStreamSynchronize(s), "cuSPARSELt compression");  // buf is released on return
  }

  // y [M, N] bf16 = linear(x [M, K] bf16) with the packed weight and its per-row scale [N].
  // N comes from the scale [N], K from x [M, K]; the packed weight is opaque (cuSPARSELt's).
  static void run(const TensorView& x, const TensorView& packed, const TensorView& wscale, const TensorView& bias,
                  const TensorView& y, ActQuantParams p, int cfg) {
    const int N = static_cast<int>(wscale.numel());
    const int K = x.ndim() == 2 ? static_cast<int>(x.size(1)) : 0;
    dims(N, K);
    require_cuda_contiguous(packed, "packed");
    require_cuda_contiguous(wscale, "scale");
    if (!is_dtype(wscale, kDLFloat, 32)) TVM_FFI_THROW(ValueError) << "quantforge: scale must be float32 [N]";
    if (!is_dtype(packed, kDLUInt, 8) || packed.numel() < static_cast<int64_t>(N) * K / 2) {
      TVM_FFI_THROW(ValueError) << "quantforge: packed must be the uint8 buffer of <kernel>__repack for W [" << N << ", " << K
                                << "] (at least " << static_cast<int64_t>(N) * K / 2 << " bytes), got " << packed.numel();
    }
    int M;
    const __nv_bfloat16* bp = check_linear_io(x, y, bias, N, K, &M);
    if (M == 0) return;
    if (cfg < 0) cfg = kDefaultCfg;
    const int alg = cfg % 100;
    const int out_mode = cfg / 100;
    if (out_mode > 3) TVM_FFI_THROW(ValueError) << "quantforge: sparse cfg " << cfg << ": output mode " << out_mode << " is not 0-3";
    const SpOut out = out_mode == 0 ? SpOut::kF32 : SpOut::kBf16;
    // Modes 2 / 3: the bf16 GEMM in 2 / 4 token chunks, each chunk's scale pass on a second stream
    // while the next chunk multiplies (only where the chunks are whole multiples of 16 tokens).
    int chunks = out_mode == 2 ? 2 : out_mode == 3 ? 4 : 1;
    if (M % (16 * chunks) != 0) chunks = 1;
    const int dev = device_of(x);
    tvm::ffi::CUDADeviceGuard guard(dev);
    const cudaStream_t s = env_stream(x);
    int Mp = 0;
    SpGemmKey key{};
    size_t ws_bytes = 0;
    for (int pad = m_pad();; pad *= 2) {
      Mp = chunks > 1 ? M : (M + pad - 1) / pad * pad;
      key = SpGemmKey{dev, Mp / chunks, N, K, out, alg == kAlgSearch ? kSpAlgSearch : alg};
      try {
        ws_bytes = CusparseLt::instance().workspace(key);
        m_pad() = pad;
        break;
      } catch (const std::exception& e) {
        if (pad >= 128 || Mp % (2 * pad) == 0 || chunks > 1) TVM_FFI_THROW(RuntimeError) << e.what();
      }
    }
    // Scratch: x codes [Mp, K] | xs [M] | D (fp32 [Mp, N], or bf16 [Mp, N] when Mp > M) | workspace.
    auto up = [](int64_t b) { return (b + 255) / 256 * 256; };
    const int64_t code_bytes = up(static_cast<int64_t>(Mp) * K);
    const int64_t xs_bytes = up(static_cast<int64_t>(M) * 4);
    const bool d_in_y = out == SpOut::kBf16 && Mp == M;
    const int64_t d_bytes = d_in_y ? 0 : up(static_cast<int64_t>(Mp) * N * (out == SpOut::kF32 ? 4 : 2));
    tvm::ffi::Tensor buf = scratch(x, code_bytes + xs_bytes + d_bytes + static_cast<int64_t>(ws_bytes));
    char* base = static_cast<char*>(buf.data_ptr());
    float* xs = reinterpret_cast<float*>(base + code_bytes);
    void* d = d_in_y ? y.data_ptr() : static_cast<void*>(base + code_bytes + xs_bytes);
    void* ws = base + code_bytes + xs_bytes + d_bytes;
    if (Mp > M) {
      check_cuda(cudaMemsetAsync(base + static_cast<size_t>(M) * K, 0, static_cast<size_t>(Mp - M) * K, s), "padding rows");
    }
    quantize(x, M, K, p, reinterpret_cast<uint8_t*>(base), xs, s);
    const auto* ws_scale = static_cast<const float*>(wscale.data_ptr());
    auto* yp = static_cast<__nv_bfloat16*>(y.data_ptr());
    if (chunks > 1) {
      run_pipelined(key, packed.data_ptr(), reinterpret_cast<const uint8_t*>(base), static_cast<__nv_bfloat16*>(d), xs, ws_scale,
                    bp, M, N, K, chunks, ws, s, yp);
      return;
    }
    try {
      CusparseLt::instance().matmul(key, packed.data_ptr(), base, d, ws, s);
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    if (out == SpOut::kF32) {
      const size_t quads = static_cast<size_t>(M) * N / 4;
      scale_rows_cols_kernel<<<static_cast<unsigned>((quads + 255) / 256), 256, 0, s>>>(static_cast<const float*>(d), xs, ws_scale,
                                                                                        bp, M, N, yp);
    } else {
      launch_scale_bf16(static_cast<const __nv_bfloat16*>(d), xs, ws_scale, bp, M, N, yp, s);
    }
    check_cuda(cudaGetLastError(), "sparse scaled-mm epilogue launch");
  }

  static void launch_scale_bf16(const __nv_bfloat16* d, const float* xs, const float* ws_scale, const __nv_bfloat16* bp, int M,
                                int N, __nv_bfloat16* yp, cudaStream_t s) {
    const dim3 grid(static_cast<unsigned>((N / 8 + 255) / 256), static_cast<unsigned>(M));
    const bool vec = reinterpret_cast<uintptr_t>(ws_scale) % 16 == 0 && reinterpret_cast<uintptr_t>(bp) % 16 == 0;
    if (vec) {
      scale_rows_cols_bf16_kernel<true><<<grid, 256, 0, s>>>(d, xs, ws_scale, bp, N, yp);
    } else {
      scale_rows_cols_bf16_kernel<false><<<grid, 256, 0, s>>>(d, xs, ws_scale, bp, N, yp);
    }
  }

  // A second stream and events per device for the pipelined modes (created once, never freed).
  struct Aux {
    cudaStream_t stream = nullptr;
    cudaEvent_t ev[5] = {};
  };
  static Aux& aux(int dev) {
    static std::mutex mu;
    static std::map<int, Aux> per_device;
    std::lock_guard<std::mutex> lock(mu);
    auto it = per_device.find(dev);
    if (it != per_device.end()) return it->second;
    Aux a;
    check_cuda(cudaStreamCreateWithFlags(&a.stream, cudaStreamNonBlocking), "sparse epilogue stream");
    for (auto& e : a.ev) check_cuda(cudaEventCreateWithFlags(&e, cudaEventDisableTiming), "sparse pipeline event");
    return per_device.emplace(dev, a).first->second;
  }

  // GEMM chunk c (tokens c*Mc ..) on s, then its scale pass on the aux stream after an event, so
  // pass c overlaps GEMM c + 1; s waits for the last pass before anything later runs on it.
  static void run_pipelined(const SpGemmKey& key, const void* packed, const uint8_t* xq, __nv_bfloat16* d, const float* xs,
                            const float* ws_scale, const __nv_bfloat16* bp, int M, int N, int K, int chunks, void* workspace,
                            cudaStream_t s, __nv_bfloat16* yp) {
    Aux& a = aux(key.device);
    const int Mc = M / chunks;
    for (int c = 0; c < chunks; ++c) {
      const size_t r0 = static_cast<size_t>(c) * Mc;
      try {
        CusparseLt::instance().matmul(key, packed, xq + r0 * K, d + r0 * N, workspace, s);
      } catch (const std::exception& e) {
        TVM_FFI_THROW(RuntimeError) << e.what();
      }
      check_cuda(cudaEventRecord(a.ev[c], s), "sparse pipeline record");
      check_cuda(cudaStreamWaitEvent(a.stream, a.ev[c], 0), "sparse pipeline wait");
      launch_scale_bf16(d + r0 * N, xs + r0, ws_scale, bp, Mc, N, yp + r0 * N, a.stream);
      check_cuda(cudaGetLastError(), "sparse scaled-mm epilogue launch");
    }
    check_cuda(cudaEventRecord(a.ev[4], a.stream), "sparse pipeline record");
    check_cuda(cudaStreamWaitEvent(s, a.ev[4], 0), "sparse pipeline join");
  }

  // Tuning queries for scripts: the largest ALG_CONFIG_ID of the fp32-output plan for [M, N, K]
  // (M padded as run() pads it), and the algorithm a searched plan chose (-1 before it ran).
  static int64_t max_alg(int64_t M, int64_t N, int64_t K) {
    dims(static_cast<int>(N), static_cast<int>(K));
    int dev = 0;
    check_cuda(cudaGetDevice(&dev), "cudaGetDevice");
    const int pad = m_pad();
    const int Mp = static_cast<int>((M + pad - 1) / pad * pad);
    try {
      return CusparseLt::instance().max_alg(SpGemmKey{dev, Mp, static_cast<int>(N), static_cast<int>(K), SpOut::kF32, 0});
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    return 0;
  }

  static int64_t chosen_alg(int64_t M, int64_t N, int64_t K, int64_t out_mode) {
    int dev = 0;
    check_cuda(cudaGetDevice(&dev), "cudaGetDevice");
    const int pad = m_pad();
    const int Mp = static_cast<int>((M + pad - 1) / pad * pad);
    const SpOut out = out_mode == 0 ? SpOut::kF32 : SpOut::kBf16;
    try {
      return CusparseLt::instance().chosen_alg(SpGemmKey{dev, Mp, static_cast<int>(N), static_cast<int>(K), out, kSpAlgSearch});
    } catch (const std::exception& e) {
      TVM_FFI_THROW(RuntimeError) << e.what();
    }
    return -1;
  }

  // The activation quantization run() uses, alone (bit-exact tests): xq e4m3 [M, K], xs fp32 [M].
  static void quantize_activation(const TensorView& x, const TensorView& xq, const TensorView& xs, ActQuantParams p) {
    require_cuda_contiguous(x, "x");
    require_cuda_contiguous(xq, "xq");
    require_cuda_contiguous(xs, "xs");
    if (!is_dtype(x, kDLBfloat, 16) || x.ndim() != 2) TVM_FFI_THROW(ValueError) << "quantforge: x must be bfloat16 [M, K]";
    const int M = static_cast<int>(x.size(0)), K = static_cast<int>(x.size(1));
    if (K % 8 != 0 || xq.numel() != static_cast<int64_t>(M) * K || xq.dtype().bits != 8 || !is_dtype(xs, kDLFloat, 32) ||
        xs.numel() != M) {
      TVM_FFI_THROW(ValueError) << "quantforge: quantize_activation needs K % 8 == 0, xq 8-bit [" << M << ", " << K
                                << "] and xs float32 [" << M << "]";
    }
    if (M == 0) return;
    tvm::ffi::CUDADeviceGuard guard(x.device().device_id);
    quantize(x, M, K, p, static_cast<uint8_t*>(xq.data_ptr()), static_cast<float*>(xs.data_ptr()), env_stream(x));
  }
};

}  // namespace qf
