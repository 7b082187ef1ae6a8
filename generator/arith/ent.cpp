#include "generator/arith/ent.hpp"

#include <algorithm>
#include <cstdlib>
#include <random>

namespace bitloom::arith {

int ent_digit_count(int width, bool is_signed) {
  // The largest magnitude needs ceil(bits / 2) digits; a carry out of the top digit
  // needs one more only when the top pair can reach 3 (an even number of magnitude bits).
  const int bits = is_signed ? width - 1 : width;
  return bits / 2 + 1;
}

std::vector<int> ent_digits(int64_t a, int width, bool is_signed) {
  const int n = ent_digit_count(width, is_signed);
  const int sign = a < 0 ? -1 : 1;
  uint64_t mag = static_cast<uint64_t>(a < 0 ? -a : a);
  std::vector<int> d(n, 0);
  int carry = 0;
  for (int i = 0; i < n; ++i) {
    const int t = static_cast<int>(mag & 3) + carry;
    mag >>= 2;
    carry = t >= 3;
    d[i] = sign * (t >= 3 ? t - 4 : t);
  }
  return d;
}

int ent_nonzero_digits(int64_t a, int width, bool is_signed) {
  int n = 0;
  for (int d : ent_digits(a, width, is_signed)) n += d != 0;
  return n;
}

double sparse_lockstep_cycles_per_operand(int rows, int width, bool is_signed, int group, double sigma,
                                          uint64_t seed, int operands_per_row) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> dist(0.0, sigma);
  const int64_t lo = is_signed ? -(int64_t{1} << (width - 1)) : 0;
  const int64_t hi = is_signed ? (int64_t{1} << (width - 1)) - 1 : (int64_t{1} << width) - 1;
  std::vector<std::vector<int>> nonzero(static_cast<size_t>(rows), std::vector<int>(operands_per_row));
  for (auto& row : nonzero)
    for (int& n : row) n = ent_nonzero_digits(std::clamp(static_cast<int64_t>(dist(rng)), lo, hi), width, is_signed);
  long long cycles = 0;
  for (int k0 = 0; k0 < operands_per_row; k0 += group) {
    int cost = 1;
    for (const auto& row : nonzero) {
      int sum = 0;
      for (int k = k0; k < std::min(operands_per_row, k0 + group); ++k) sum += row[static_cast<size_t>(k)];
      cost = std::max(cost, sum);
    }
    cycles += cost;
  }
  return static_cast<double>(cycles) / operands_per_row;
}

long long sparse_serial_cycles(const std::vector<int64_t>& row, int width, bool is_signed, int group,
                               bool per_bit_weight) {
  const int n = ent_digit_count(width, is_signed);
  long long cycles = 0;
  for (size_t g = 0; g < row.size(); g += group) {
    std::vector<int> nonzero(n, 0);
    for (size_t k = g; k < std::min(row.size(), g + group); ++k) {
      const std::vector<int> d = ent_digits(row[k], width, is_signed);
      for (int i = 0; i < n; ++i) nonzero[i] += d[i] != 0;
    }
    int total = 0;
    for (int i = 0; i < n; ++i) {
      total += nonzero[i];
      if (per_bit_weight) cycles += std::max(1, nonzero[i]);
    }
    if (!per_bit_weight) cycles += std::max(1, total);
  }
  return cycles;
}

}  // namespace bitloom::arith
