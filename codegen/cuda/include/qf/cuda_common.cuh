// Shared device primitives for quantforge's CUDA kernels (sm_90a first, PTX fallback).
//
// Everything here is header-only and included by generated .cu sources. The tensor-core
// fragment conventions are those of PTX mma.m16n8k16 (bf16 inputs, fp32 accumulators):
//   lane = 4*g + t  (g = lane / 4 in 0..7, t = lane % 4)
//   A (16x16, row-major):  a0 = (row g,   k 2t..2t+1)   a1 = (row g+8, k 2t..2t+1)
//                          a2 = (row g,   k 2t+8..+9)   a3 = (row g+8, k 2t+8..+9)
//   B (16x8,  k-major):    b0 = (k 2t..2t+1, col g)     b1 = (k 2t+8..+9, col g)
//   C (16x8,  fp32):       c0,c1 = (row g, cols 2t, 2t+1)   c2,c3 = (row g+8, same cols)
// Because a dot product does not care in which order k is visited, our weight layouts permute
// k inside a chunk so that each lane's A and B values are contiguous in memory (see
// layouts.cuh): one 16-byte load then feeds several mma steps.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <cstdint>

namespace qf {

__device__ __forceinline__ void mma_bf16_16816(float (&c)[4], const uint32_t (&a)[4], uint32_t b0,
                                               uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
      "{%8,%9}, {%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// Weights are read exactly once: keep them out of L1 so activations stay there.
__device__ __forceinline__ uint4 ld_stream_16(const void* p) {
  uint4 v;
  asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
               : "l"(p));
  return v;
}

// Activations are re-read by every warp of a block: the read-only cached path.
__device__ __forceinline__ uint4 ld_cached_16(const void* p) {
  return __ldg(reinterpret_cast<const uint4*>(p));
}

__device__ __forceinline__ uint32_t lop3_and_or(uint32_t a, uint32_t mask, uint32_t bits) {
  uint32_t r;
  // (a & mask) | bits: immLut = (0xF0 & 0xCC) | 0xAA = 0xEA
  asm("lop3.b32 %0, %1, %2, %3, 0xEA;\n" : "=r"(r) : "r"(a), "r"(mask), "r"(bits));
  return r;
}

__device__ __forceinline__ uint32_t bf162_bits(__nv_bfloat162 v) {
  return *reinterpret_cast<uint32_t*>(&v);
}
__device__ __forceinline__ __nv_bfloat162 bits_bf162(uint32_t v) {
  return *reinterpret_cast<__nv_bfloat162*>(&v);
}

// Two floats -> packed bf16x2 (low half = lo), round to nearest even.
__device__ __forceinline__ uint32_t pack_bf16x2(float lo, float hi) {
  return bf162_bits(__floats2bfloat162_rn(lo, hi));
}

__device__ __forceinline__ float bf16_to_float(uint16_t bits) {
  return __uint_as_float(static_cast<uint32_t>(bits) << 16);
}

}  // namespace qf
