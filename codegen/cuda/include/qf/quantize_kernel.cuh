// The weight quantization kernel, generic over a policy (quantize_int.cuh, quantize_float8.cuh),
// and its host-side launcher.
//
// A weight [N, K] is cut into groups of G contiguous elements along K (the last group of a
// row may be shorter). A team of TEAM threads owns one group: it reads the group once into
// registers (chunks of 8 adjacent elements per thread: one 16-byte load, and 8 codes make one
// 4-byte int4 or 8-byte int8/fp8 store), reduces min/max/NaN with warp shuffles (and shared
// memory across warps when the team is a whole block), lets one thread store the group's
// scale, then writes every code. Groups whose chunks are not whole and aligned take the same
// path element by element (pairs for the stores, so int4 nibbles still pair up in one byte).
// Per-tensor formats first reduce the whole tensor into `stats` (atomics on order-preserving
// keys) and then run the same kernel per row, reading the global stats instead.
#pragma once
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <algorithm>

#include "quantize_common.cuh"

namespace qf {
namespace quant {

struct Geometry {
  int N, K, G, groups_per_row;
  long long groups;
};

template <class P, typename In, int TEAM, int CHUNKS>
__global__ void __launch_bounds__(TEAM > 256 ? TEAM : 256)
    quantize_kernel(const In* __restrict__ w, Geometry geo, typename P::Params p, typename P::Out out,
                    const int* __restrict__ global_stats) {
  constexpr int kTeamsPerBlock = TEAM >= 256 ? 1 : 256 / TEAM;
  const int lane = threadIdx.x % TEAM;
  const long long g = static_cast<long long>(blockIdx.x) * kTeamsPerBlock + threadIdx.x / TEAM;
  // Block-wide teams leave together; sub-warp teams stay for the shuffles, with nothing to do.
  if (TEAM > 32 && g >= geo.groups) return;
  const bool active = g < geo.groups;
  const int n = active ? static_cast<int>(g / geo.groups_per_row) : 0;
  const int gi = active ? static_cast<int>(g % geo.groups_per_row) : 0;
  const int len = active ? min(geo.G, geo.K - gi * geo.G) : 0;
  const size_t start = static_cast<size_t>(n) * geo.K + static_cast<size_t>(gi) * geo.G;
  const In* src = w + start;
  // 16-byte vector loads and 4/8-byte stores when every chunk of 8 is whole and aligned
  // (uniform per team: it depends on the group only).
  const bool vec = (start % 8 == 0) && (len % 8 == 0);

  float v[CHUNKS][8];
  Stats s;
  s.init();
#pragma unroll
  for (int c = 0; c < CHUNKS; ++c) {
    const int base = 8 * (lane + c * TEAM);
    if (vec && base < len) {
      load8(src + base, v[c]);
#pragma unroll
      for (int k = 0; k < 8; ++k) s.add(v[c][k]);
    } else if (!vec) {
#pragma unroll
      for (int k = 0; k < 8; ++k) {
        if (base + k < len) {
          v[c][k] = to_f(src[base + k]);
          s.add(v[c][k]);
        }
      }
    }
  }
  if (global_stats) {
    s.mn = key_float(global_stats[0]);
    s.mx = key_float(global_stats[1]);
    s.nan = global_stats[2];
  } else {
    team_reduce<TEAM>(s);
  }
  if (!active) return;
  const typename P::Q q = P::choose(p, s);
  if (lane == 0 && (!global_stats || g == 0)) {
    P::store_params(p, out, q, P::scale_index(geo.N, geo.groups_per_row, n, gi, global_stats != nullptr));
  }
#pragma unroll
  for (int c = 0; c < CHUNKS; ++c) {
    const int base = 8 * (lane + c * TEAM);
    if (base >= len) continue;
    int code[8];
    if (vec) {
#pragma unroll
      for (int k = 0; k < 8; ++k) code[k] = P::code(p, q, v[c][k]);
      P::store8(out, start + base, code);
    } else {
#pragma unroll
      for (int k = 0; k < 8; k += 2) {
        if (base + k < len) {
          const bool has1 = base + k + 1 < len;
          const int c0 = P::code(p, q, v[c][k]);
          const int c1 = has1 ? P::code(p, q, v[c][k + 1]) : 0;
          P::store_pair(out, start + base + k, c0, c1, has1);
        }
      }
    }
  }
}

__global__ void stats_init_kernel(int* st) {
  st[0] = 0x7fffffff;
  st[1] = static_cast<int>(0x80000000u);
  st[2] = 0;
}

template <typename In>
__global__ void __launch_bounds__(256) stats_kernel(const In* __restrict__ w, size_t count, int* st) {
  Stats s;
  s.init();
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    s.add(to_f(w[i]));
  }
  warp_reduce<32>(s);
  if (threadIdx.x % 32 == 0) {
    if (s.mn <= s.mx) {
      atomicMin(st, float_key(s.mn));
      atomicMax(st + 1, float_key(s.mx));
    }
    if (s.nan) atomicOr(st + 2, 1);
  }
}

using tvm::ffi::TensorView;

inline void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) TVM_FFI_THROW(RuntimeError) << "quantforge quantize: " << what << ": " << cudaGetErrorString(e);
}

inline void require(bool ok, const char* message) {
  if (!ok) TVM_FFI_THROW(ValueError) << "quantforge quantize: " << message;
}

// Min/max/NaN of a whole tensor into st[0..2] (order-preserving keys), on the stream.
template <typename In>
void reduce_tensor_stats(const In* data, size_t count, int* st, cudaStream_t stream) {
  stats_init_kernel<<<1, 1, 0, stream>>>(st);
  const unsigned blocks = static_cast<unsigned>(std::min<size_t>((count + 255) / 256, 132 * 16));
  if (count > 0) stats_kernel<In><<<blocks, 256, 0, stream>>>(data, count, st);
}

// Largest group a team configuration holds in registers (the host falls back beyond it).
constexpr int kMaxGroup = 32768;

template <class P, typename In, int TEAM, int CHUNKS>
void launch_team(const In* w, const Geometry& geo, const typename P::Params& p, const typename P::Out& out,
                 const int* stats, cudaStream_t stream) {
  constexpr int kTeamsPerBlock = TEAM >= 256 ? 1 : 256 / TEAM;
  const long long blocks = (geo.groups + kTeamsPerBlock - 1) / kTeamsPerBlock;
  quantize_kernel<P, In, TEAM, CHUNKS><<<static_cast<unsigned>(blocks), kTeamsPerBlock * TEAM, 0, stream>>>(
      w, geo, p, out, stats);
}

// Quantizes w [N, K] (contiguous, on the device) in groups of G; per_tensor uses one scale.
template <class P, typename In>
void launch(const TensorView& w, int64_t G, bool per_tensor, const typename P::Params& p,
            const typename P::Out& out, const TensorView& stats) {
  require(w.device().device_type == kDLCUDA && w.IsContiguous() && w.ndim() == 2, "w must be a contiguous 2-d CUDA tensor");
  require(stats.device().device_type == kDLCUDA && stats.numel() >= 3, "stats must be a CUDA int32 tensor of >= 3 elements");
  const int64_t N = w.size(0), K = w.size(1);
  if (per_tensor) G = K;
  require(G >= 1 && G <= kMaxGroup, "group size must be in [1, 32768]");
  require(N * K < (1ll << 40), "weight too large");
  if (N == 0 || K == 0) return;
  const Geometry geo{static_cast<int>(N), static_cast<int>(K), static_cast<int>(G), static_cast<int>((K + G - 1) / G),
                     N * ((K + G - 1) / G)};
  const In* data = static_cast<const In*>(w.data_ptr());
  cudaStream_t stream = static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, w.device().device_id));
  int* st = nullptr;
  if (per_tensor) {
    st = static_cast<int*>(stats.data_ptr());
    reduce_tensor_stats<In>(data, static_cast<size_t>(N) * K, st, stream);
  }
  // Team size by group: each lane holds CHUNKS chunks of 8 elements in registers.
  if (G <= 16) launch_team<P, In, 2, 1>(data, geo, p, out, st, stream);
  else if (G <= 32) launch_team<P, In, 4, 1>(data, geo, p, out, st, stream);
  else if (G <= 64) launch_team<P, In, 8, 1>(data, geo, p, out, st, stream);
  else if (G <= 128) launch_team<P, In, 16, 1>(data, geo, p, out, st, stream);
  else if (G <= 256) launch_team<P, In, 32, 1>(data, geo, p, out, st, stream);
  else if (G <= 4096) launch_team<P, In, 256, 2>(data, geo, p, out, st, stream);
  else if (G <= 16384) launch_team<P, In, 512, 4>(data, geo, p, out, st, stream);
  else launch_team<P, In, 1024, 4>(data, geo, p, out, st, stream);
  check(cudaGetLastError(), "kernel launch");
}

}  // namespace quant
}  // namespace qf
