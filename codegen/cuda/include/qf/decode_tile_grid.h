// Launch geometry of the v11 tile decode (decode_tile.cuh): how many blocks side by side over N,
// how many K slices (one thread-block cluster per channel group) and the shared memory of a block.
// Plain C++ without CUDA, so that the CPU tests check it with g++ (test/codegen/cuda/decode-tile.test.ts).
#pragma once
#include <cstddef>

#ifdef __CUDACC__
#define QF_TILE_HD __host__ __device__
#else
#define QF_TILE_HD
#endif

namespace qf {

constexpr int kTileMaxCluster = 8;       // portable thread-block cluster size
constexpr int kTileSmemMax = 96 * 1024;  // shared memory of one block (x slice + partials)

// MT token tiles of 8, NT n-tiles of 8 channels per warp, WN warps per block, min_blocks per SM.
struct TileGeometry {
  int MT, NT, WN, min_blocks;
};

// x rows [rows + 1][xstride] 16-bit (row `rows` is zeros), partials [MT * 8][WN * NT * 8] f32,
// then (fp16 int4 only) per chunk, token tile and token pair t the sums of x: [slice_chunks][MT][4]
// of 32 bytes: -1024 O as (2t, 2t + 1, 2t, 2t + 1), then X of (2t, 2t + 1), 8 bytes unused.
struct TileSmem {
  int xstride;  // elements per staged x row: the K slice + 8 (rows start 16 bytes apart mod 128)
  size_t x_bytes, red_bytes, bytes;
};
QF_TILE_HD inline TileSmem tile_smem(const TileGeometry& g, int rows, int slice_chunks, int chunk_k) {
  TileSmem s;
  s.xstride = slice_chunks * chunk_k + 8;
  s.x_bytes = static_cast<size_t>(rows + 1) * s.xstride * 2;
  s.red_bytes = static_cast<size_t>(g.MT * 8) * g.WN * g.NT * 8 * 4;
  s.bytes = s.x_bytes + s.red_bytes + static_cast<size_t>(slice_chunks) * g.MT * 4 * 32;
  return s;
}

// Grid x: channel groups of WN * NT n-tiles; grid y: S K slices of slice_chunks chunks.
struct TileGrid {
  int bx, S, slice_chunks;
  size_t smem;
};

// The K slices of a grid for about S of them: slice_chunks, the S that covers K with no empty
// slice, and the shared memory. True when the x slice fits kTileSmemMax.
inline bool tile_slices(const TileGeometry& g, int chunk_k, int M, int K, int S, TileGrid* gr) {
  const int KC = K / chunk_k, rows = M < g.MT * 8 ? M : g.MT * 8;
  gr->slice_chunks = (KC + S - 1) / S;
  gr->S = (KC + gr->slice_chunks - 1) / gr->slice_chunks;
  gr->smem = tile_smem(g, rows, gr->slice_chunks, chunk_k).bytes;
  return gr->smem <= static_cast<size_t>(kTileSmemMax);
}

// About one wave (min_blocks blocks per SM), S <= kTileMaxCluster, no empty slice, and an x slice
// that fits kTileSmemMax (S grows until it does). False when the shape is not for this kernel:
// fewer than NT n-tiles, K below one chunk, or x too large even at S = kTileMaxCluster.
inline bool tile_grid(const TileGeometry& g, int chunk_k, int M, int K, int N, int sms, TileGrid* gr) {
  const int n_tiles = N / 8, KC = K / chunk_k;
  if (n_tiles < g.NT || KC < 1) return false;
  gr->bx = ((n_tiles + g.NT - 1) / g.NT + g.WN - 1) / g.WN;
  int S = g.min_blocks * sms / gr->bx;
  S = S < 1 ? 1 : (S > kTileMaxCluster ? kTileMaxCluster : S);
  if (S > KC) S = KC;
  for (;; ++S) {
    if (tile_slices(g, chunk_k, M, K, S, gr)) return true;
    if (S >= kTileMaxCluster || S >= KC) return false;
  }
}

}  // namespace qf
