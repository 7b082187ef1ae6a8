// Helpers shared by the bit-heap tests: masks, the value of a compressed heap's two rows,
// an operand's range and the (sum, carry) pair an OPT1 step adds to its heap.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "generator/arith/compressor_tree.hpp"

namespace bitloom::arith::test {

inline uint64_t mask(int w) { return w >= 64 ? ~0ULL : (1ULL << w) - 1; }

// Sum of the two rows mod 2^width under `values` of the netlist's nodes.
inline uint64_t rows_value(const TwoRows& rows, const std::vector<uint8_t>& v, int width) {
  uint64_t s = 0;
  for (int w = 0; w < width; ++w) s += (uint64_t{v[rows.row0[w]]} + v[rows.row1[w]]) << w;
  return s & mask(width);
}

struct OperandRange {
  int64_t lo, hi;
  uint64_t count() const { return static_cast<uint64_t>(hi - lo + 1); }
};

inline OperandRange operand_range(int width, bool is_signed) {
  if (is_signed) return {-(int64_t{1} << (width - 1)), (int64_t{1} << (width - 1)) - 1};
  return {0, (int64_t{1} << width) - 1};
}

// The accumulator's sum and carry vectors (inputs s[k], c[k]) into `heap`.
inline void add_sum_and_carry(BitNetlist& net, BitHeap& heap, int width) {
  std::vector<BitId> sum, carry;
  for (int k = 0; k < width; ++k) {
    sum.push_back(net.input("s[" + std::to_string(k) + "]"));
    carry.push_back(net.input("c[" + std::to_string(k) + "]"));
  }
  heap.add_unsigned(0, sum);
  heap.add_unsigned(0, carry);
}

// The rows of a compressed step heap (partial products of a*b, then add_sum_and_carry)
// must equal s + c + a*b mod 2^cw: for every (a, b) pair when both operands have 8 bits,
// else for 3000 random pairs, each with a random s and c. `set_products(a, b, val)` gives
// the partial-product inputs as the hardware presents them.
template <class SetProducts>
void expect_step_heap_exact(BitNetlist& net, const TwoRows& rows, int aw, bool as, int bw, bool bs, int cw,
                            std::mt19937_64& rng, SetProducts set_products) {
  const bool exhaustive = aw == 8 && bw == 8;
  const OperandRange ar = operand_range(aw, as), br = operand_range(bw, bs);
  const uint64_t trials = exhaustive ? ar.count() * br.count() : 3000;
  for (uint64_t t = 0; t < trials; ++t) {
    const int64_t a = ar.lo + static_cast<int64_t>(exhaustive ? t % ar.count() : rng() % ar.count());
    const int64_t b = br.lo + static_cast<int64_t>(exhaustive ? t / ar.count() : rng() % br.count());
    const uint64_t s = rng() & mask(cw), c = rng() & mask(cw);
    std::map<std::string, bool> val;
    set_products(a, b, val);
    for (int k = 0; k < cw; ++k) {
      val["s[" + std::to_string(k) + "]"] = (s >> k) & 1;
      val["c[" + std::to_string(k) + "]"] = (c >> k) & 1;
    }
    const auto v = net.evaluate([&](const std::string& n) { return val.at(n); });
    ASSERT_EQ(rows_value(rows, v, cw), (s + c + static_cast<uint64_t>(a * b)) & mask(cw))
        << aw << "x" << bw << (as ? " signed" : " unsigned") << " x " << (bs ? "signed" : "unsigned") << " a=" << a
        << " b=" << b;
  }
}

}  // namespace bitloom::arith::test
