// NVFP4 with NVFP4 activations (NVFP4DynamicActivationNVFP4WeightConfig, torchao-semantics.md
// §3.12): x is quantized like a weight (blocks of 16, e4m3 block scales, swizzled), with the
// per-tensor scale P_a = amax(x)/2688 when dynamic, else the weight's static
// act_per_tensor_scale when calibrated, else none. The linear is torch._scaled_mm of the two
// fp4 operands with their block scales (every product fp4·s exact in fp32, fp32 sums), then
// `· D(P_a·P_w)` when a per-tensor scale exists, then the bias; without one the bias goes into
// the GEMM (one rounding), except for fp32 outputs, where it is added after in fp32.
#pragma once
#include "entry_nvfp4.h"
#include "row_decoded.h"

namespace qf::nvfp4 {

inline int64_t blocked_cols(int64_t K) { return (K / 16 + 3) / 4 * 16; }

/** 16 fp4 values (8 bytes, even element in the low nibble) times s, AVX-512: a 16-entry permute. */
QF_TARGET_AVX512 inline void fp4_block_avx512(const uint8_t* src, float s, float* out) {
  const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(src));
  const __m128i lo = _mm_and_si128(b, _mm_set1_epi8(0x0f)), hi = _mm_and_si128(_mm_srli_epi16(b, 4), _mm_set1_epi8(0x0f));
  const __m512i idx = _mm512_cvtepu8_epi32(_mm_unpacklo_epi8(lo, hi));
  const __m512 v = _mm512_permutexvar_ps(idx, _mm512_loadu_ps(mini_table<kE2M1>()));
  _mm512_storeu_ps(out, _mm512_mul_ps(v, _mm512_set1_ps(s)));
}

/** The same with AVX2: the magnitude (3 bits) through an 8-entry permute, the sign bit moved in. */
QF_TARGET_AVX2 inline void fp4_block_avx2(const uint8_t* src, float s, float* out) {
  const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(src));
  const __m128i lo = _mm_and_si128(b, _mm_set1_epi8(0x0f)), hi = _mm_and_si128(_mm_srli_epi16(b, 4), _mm_set1_epi8(0x0f));
  const __m128i codes = _mm_unpacklo_epi8(lo, hi);
  const __m256 mags = _mm256_loadu_ps(mini_table<kE2M1>());
  for (int h = 0; h < 2; ++h) {
    const __m256i c = _mm256_cvtepu8_epi32(h ? _mm_srli_si128(codes, 8) : codes);
    const __m256 m = _mm256_permutevar8x32_ps(mags, _mm256_and_si256(c, _mm256_set1_epi32(7)));
    const __m256i sign = _mm256_slli_epi32(_mm256_and_si256(c, _mm256_set1_epi32(8)), 28);
    const __m256 v = _mm256_xor_ps(m, _mm256_castsi256_ps(sign));
    _mm256_storeu_ps(out + 8 * h, _mm256_mul_ps(v, _mm256_set1_ps(s)));
  }
}

/** fp4 value · fp32 block scale, unrounded: an operand of the scaled GEMM. */
template <Dt D> struct ScaledDecoder {
  static constexpr avx512::Elem kRaw = avx512::Elem::None;
  const uint8_t* q;      // [R, K/2]
  const uint8_t* scale;  // blocked
  int64_t K;
  bool has_p;    // a per-tensor scale (activation or weight) exists
  float pscale;  // D(P_a · P_w)
  /** k0 and len are multiples of 16 (K is; the engine's chunks are 256): one scale per block. */
  QF_INLINE void decode(int64_t n, int64_t k0, int64_t len, float* out) const {
    const float* fp4 = mini_table<kE2M1>();
    const float* e4m3 = mini_table<kE4M3>();
    const int64_t nb = K / 16;
    const uint8_t* src = q + n * (K / 2) + k0 / 2;
    for (int64_t b = 0; b < len / 16; ++b) {
      const float s = e4m3[scale[mx::blocked_offset(n, k0 / 16 + b, nb)]];
      for (int i = 0; i < 8; ++i) {
        const uint8_t byte = src[b * 8 + i];
        out[b * 16 + 2 * i] = fp4[byte & 0xF] * s;
        out[b * 16 + 2 * i + 1] = fp4[byte >> 4] * s;
      }
    }
  }
  /** Row n whole (RowDecoded): one scale per block of 16, the values by the ISA's permutes. */
  template <Isa I> QF_INLINE void decode_row(int64_t n, float* out) const {
    if constexpr (I == Isa::Scalar) return decode(n, 0, K, out);
    const float* e4m3 = mini_table<kE4M3>();
    const int64_t nb = K / 16;
    const uint8_t* src = q + n * (K / 2);
    for (int64_t b = 0; b < nb; ++b) {
      const float s = e4m3[scale[mx::blocked_offset(n, b, nb)]];
      if constexpr (I == Isa::Avx512) fp4_block_avx512(src + 8 * b, s, out + 16 * b);
      else fp4_block_avx2(src + 8 * b, s, out + 16 * b);
    }
  }
  /** The engine then adds the bias and rounds once: D(D(D(acc)·P) + b), or D(acc + b). */
  QF_INLINE float finish(int64_t, int64_t, float acc) const {
    return has_p ? hp_round<D>(hp_round<D>(acc) * pscale) : acc;
  }
};

/** Quantizes x [M, K] into qdata [M, K/2] and blocked scales, P given (or none). */
template <Dt D> void quantize_x(const hp_t<D>* x, int64_t M, int64_t K, const float* p, uint8_t* q, uint8_t* scale) {
  std::memset(scale, 0, size_t(mx::blocked_rows(M) * blocked_cols(K)));
  typename Quantize<D>::Args a{x, M, K, p ? *p : 0.0f, p != nullptr, q, scale};
  Multi<Quantize<D>>::run(a, M, row_chunk(M, 1));
}

template <Dt D> float dynamic_scale(const hp_t<D>* x, int64_t M, int64_t K) {
  return int8::tensor_amax<D>(x, M, K) / 2688.0f;
}

/** A 0-d fp32 scale, or none for an empty tensor ([0]: the optional slot left empty). */
inline const float* optional_scalar(const char* k, const char* arg, const TensorView& t) {
  if (t.numel() == 0) return nullptr;
  expect(k, arg, t, kF32, {});
  return ptr<const float>(t);
}

/** quantize_activation: x → qdata, blocked scale (and per_tensor_scale when dynamic). */
template <Dt D, bool Dynamic>
void quantize_activation(const char* k, TensorView x, TensorView q, TensorView scale, TensorView* p) {
  int64_t M, K;
  expect_matrix(k, "x", x, dl_of<D>(), &M, &K);
  TVM_FFI_CHECK(K % 16 == 0, ValueError) << k << ": NVFP4 activations need K divisible by 16, got K = " << K;
  expect(k, "qdata", q, kU8, {M, K / 2});
  expect(k, "scale", scale, kDlE4M3, {mx::blocked_rows(M), blocked_cols(K)});
  const hp_t<D>* xp = ptr<const hp_t<D>>(x);
  float pa = 0.0f;
  if (Dynamic) {
    expect(k, "per_tensor_scale", *p, kF32, {});
    pa = dynamic_scale<D>(xp, M, K);
    *ptr<float>(*p) = pa;
  }
  quantize_x<D>(xp, M, K, Dynamic ? &pa : nullptr, ptr<uint8_t>(q), ptr<uint8_t>(scale));
}

/** The scaled fp4 GEMM; `act_p` is the static act_per_tensor_scale slot (null when dynamic). */
template <Dt D, bool PerTensorW, bool Dynamic, int Tokens>
void linear_dynamic(const char* k, TensorView x, TensorView q, TensorView scale, TensorView p, TensorView* act_p,
                    TensorView bias, TensorView y) {
  int64_t N, K, M, Kx;
  const Decoder<D> w = weight_args<D, PerTensorW>(k, q, scale, p, &N, &K);
  expect_matrix(k, "x", x, dl_of<D>(), &M, &Kx);
  TVM_FFI_CHECK(Kx == K, ValueError) << k << ": x has " << Kx << " columns but the weight has in_features " << K;
  expect(k, "y", y, dl_of<D>(), {M, N});
  const hp_t<D>* xp = ptr<const hp_t<D>>(x);
  float pa = 0.0f;
  const float* pap = nullptr;
  if (Dynamic) {
    pa = dynamic_scale<D>(xp, M, K);
    pap = &pa;
  } else if (act_p) {
    pap = optional_scalar(k, "act_per_tensor_scale", *act_p);
  }
  std::vector<uint8_t> xq(size_t(M * (K / 2))), xs(size_t(mx::blocked_rows(M) * blocked_cols(K)));
  quantize_x<D>(xp, M, K, pap, xq.data(), xs.data());
  const bool has_p = pap != nullptr || PerTensorW;
  const float pscale = hp_round<D>((pap ? *pap : 1.0f) * (PerTensorW ? w.p : 1.0f));
  ScaledDecoder<D> xd{xq.data(), xs.data(), K, false, 1.0f};
  std::vector<float> xf(size_t(M * K));
  for (int64_t r = 0; r < M; ++r) xd.decode(r, 0, K, xf.data() + r * K);
  using Dec = ScaledDecoder<D>;
  Dec dec{w.q, w.scale, K, has_p, pscale};
  typename RowDecoded<Dec, D>::Args a{dec, xf.data(), M, K, N, bias_arg<D>(k, bias, N), ptr<hp_t<D>>(y)};
  Multi<RowDecoded<Dec, D>>::run(a, N, row_chunk(N, 4));
}

}  // namespace qf::nvfp4
