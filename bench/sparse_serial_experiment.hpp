// The paper's experiment for the sparse bit-serial encoder: cycles per operand over rows of
// 32 int8 activations from N(0, sigma), groups of 4. Shared by bench_sparse_serial and the
// test that holds the README's comparison with the paper to account.
#pragma once
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "generator/arith/ent.hpp"

namespace bitloom::bench {

// int8 from N(0, sigma), clamped; `truncate` rounds toward zero as a C cast does.
inline std::vector<int64_t> gaussian_row(std::mt19937_64& rng, double sigma, int n, bool truncate) {
  std::normal_distribution<double> g(0.0, sigma);
  std::vector<int64_t> row(n);
  for (int64_t& v : row) {
    const double x = g(rng);
    v = std::clamp<int64_t>(truncate ? static_cast<int64_t>(x) : std::llround(x), -128, 127);
  }
  return row;
}

inline double per_operand(uint64_t seed, double sigma, bool truncate, bool per_bit_weight, int rows = 50000) {
  std::mt19937_64 rng(seed);
  const int k = 32;
  long long cycles = 0;
  for (int r = 0; r < rows; ++r)
    cycles += arith::sparse_serial_cycles(gaussian_row(rng, sigma, k, truncate), 8, true, 4, per_bit_weight);
  return static_cast<double>(cycles) / (static_cast<double>(rows) * k);
}

// The paper's cycles per operand at sigma = 10, 20, 30, 40, 50.
inline constexpr double kPaperPerOperand[] = {1.71, 2.05, 2.27, 2.45, 2.57};

}  // namespace bitloom::bench
