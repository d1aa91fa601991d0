// Reference driver (outside Tessera): runs Kraehenbuehl's DenseCRF2D on a binary input.
// in: int32 W,H,M,iters; float32 bilXy,bilRgb,bilW,gauXy,gauW; uint8 rgb[W*H*3]; float32 unary[N*M] (pixel-major)
// out: float32 Q[N*M] pixel-major. argv: in out [repeats]
#include "densecrf.h"
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <chrono>
#include <algorithm>
#include <ctime>
int main(int argc, char** argv) {
  FILE* f = fopen(argv[1], "rb");
  int hdr[4]; float par[5];
  fread(hdr, 4, 4, f); fread(par, 4, 5, f);
  int W = hdr[0], H = hdr[1], M = hdr[2], it = hdr[3], N = W * H;
  std::vector<unsigned char> im(N * 3); fread(im.data(), 1, N * 3, f);
  MatrixXf U(M, N); fread(U.data(), 4, (size_t)N * M, f); fclose(f);
  int reps = argc > 3 ? atoi(argv[3]) : 1;
  MatrixXf Q; double best = 1e30, cpuBest = 1e30; std::vector<double> all;
  for (int r = 0; r < reps; r++) {
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    DenseCRF2D crf(W, H, M);
    crf.setUnaryEnergy(U);
    if (par[4] > 0) crf.addPairwiseGaussian(par[3], par[3], new PottsCompatibility(par[4]));
    if (par[2] > 0) crf.addPairwiseBilateral(par[0], par[0], par[1], par[1], par[1], im.data(), new PottsCompatibility(par[2]));
    Q = crf.inference(it);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    cpuBest = std::min(cpuBest, 1000.0 * (std::clock() - c0) / CLOCKS_PER_SEC);
    all.push_back(ms); best = std::min(best, ms);
  }
  std::sort(all.begin(), all.end());
  if (reps > 1) printf("reference DenseCRF2D %dx%d M=%d it=%d: wall min %.1f ms median %.1f ms, CPU min %.1f ms over %d runs\n", W, H, M, it, best, all[all.size()/2], cpuBest, reps);
  FILE* o = fopen(argv[2], "wb"); fwrite(Q.data(), 4, (size_t)N * M, o); fclose(o);
  return 0;
}
