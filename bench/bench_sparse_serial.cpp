// The sparse bit-serial encoder (TPE paper, OPT3/OPT4C): partial products (cycles) per
// operand for int8 activations drawn from N(0, sigma), groups of 4, and for 32x32x32 GEMMs,
// beside the paper's figures. A model of the encoder's cost; the RTL is not built yet.
// Usage: build/bench_sparse_serial [SEED]
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "bench/sparse_serial_experiment.hpp"

using namespace bitloom::bench;

int main(int argc, char** argv) {
  const uint64_t seed = argc > 1 ? std::stoull(argv[1]) : 1;
  fmt::print("seed {}; groups of 4 int8 activations, EN-T digits\n\n"
             "| N(0, sigma) | per group, rounded | per group, truncated | per bit weight, truncated | paper |\n"
             "|---:|---:|---:|---:|---:|\n", seed);
  const double* paper = kPaperPerOperand;
  int i = 0;
  for (double sigma : {10.0, 20.0, 30.0, 40.0, 50.0})
    fmt::print("| {} | {:.3f} | {:.3f} | {:.3f} | {} |\n", sigma, per_operand(seed, sigma, false, false),
               per_operand(seed, sigma, true, false), per_operand(seed, sigma, true, true), paper[i++]);
  // A 32x32x32 GEMM streams 32 rows of 32 activations; uniform int8 is the worst case.
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> u(-128, 127);
  long long cycles = 0;
  for (int g = 0; g < 1000; ++g)
    for (int r = 0; r < 32; ++r) {
      std::vector<int64_t> row(32);
      for (int64_t& v : row) v = u(rng);
      cycles += bitloom::arith::sparse_serial_cycles(row, 8, true, 4);
    }
  fmt::print("\n32x32x32 GEMMs, per group: A uniform over int8 {:.3f} cycles per operand, A ~ N(0, 30) truncated {:.3f} "
             "(paper: 2.28)\n", static_cast<double>(cycles) / (1000.0 * 32 * 32), per_operand(seed + 1, 30, true, false));
  return 0;
}
