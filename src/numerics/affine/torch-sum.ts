// torch.sum of a contiguous float32 row on CPU, in PyTorch's summation order
// (aten/src/ATen/native/cpu/SumKernel.cpp::vectorized_inner_sum with AVX2 Vectorized<float>
// of 8 lanes): whole vectors go to 4 interleaved vector accumulators (row_sum's ilp_factor),
// left-over whole vectors to the first; the accumulators are added in order; the scalar tail
// is summed first, then the 8 lanes one by one. Every add rounds to fp32. Matching this order
// is what makes torchao's fp32 least-squares scales (HQQ) bit-exact; a sequential or float64
// sum differs in the last bit for about a third of the groups.

const LANES = 8;
const ILP = 4;

export function torchSumF32(v: ArrayLike<number>, start: number, n: number): number {
  const f = Math.fround;
  const vectors = Math.floor(n / LANES);
  const rows = Math.floor(vectors / ILP);
  const acc = new Float64Array(ILP * LANES);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < ILP; k++) {
      const base = start + (r * ILP + k) * LANES;
      for (let l = 0; l < LANES; l++) acc[k * LANES + l] = f(acc[k * LANES + l] + v[base + l]);
    }
  }
  for (let i = rows * ILP; i < vectors; i++) {
    for (let l = 0; l < LANES; l++) acc[l] = f(acc[l] + v[start + i * LANES + l]);
  }
  for (let k = 1; k < ILP; k++) for (let l = 0; l < LANES; l++) acc[l] = f(acc[l] + acc[k * LANES + l]);
  let total = 0;
  for (let i = vectors * LANES; i < n; i++) total = f(total + v[start + i]);
  for (let l = 0; l < LANES; l++) total = f(total + acc[l]);
  return total;
}
