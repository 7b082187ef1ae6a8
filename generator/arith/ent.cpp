#include "generator/arith/ent.hpp"

#include <algorithm>
#include <cstdlib>

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
