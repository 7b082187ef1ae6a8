// Helpers shared by the bit-heap tests: masks, the value of a compressed heap's two rows,
// an operand's range, the accumulator a step adds to its heap, a whole step heap, and the
// checks of a compressed heap against integer sums.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "generator/arith/booth.hpp"
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

// The accumulator's sum vector (inputs s[k]) and, for a pair, its carry vector (c[k])
// into `heap`, `lead` gate delays ahead of the heap's other inputs.
inline void add_sum_and_carry(BitNetlist& net, BitHeap& heap, int width, bool pair = true, int lead = 0) {
  std::vector<BitId> sum, carry;
  for (int k = 0; k < width; ++k) {
    sum.push_back(net.input("s[" + std::to_string(k) + "]", -lead));
    if (pair) carry.push_back(net.input("c[" + std::to_string(k) + "]", -lead));
  }
  heap.add_unsigned(0, sum);
  heap.add_unsigned(0, carry);
}

// A PE step's heap: the Booth partial products of `products` products a_k*b_k (a cube PE
// has N; product k's words are m<k>_pp, from b<k> or, with multiples, b<k> and nb<k>),
// either (|d| * b) XOR neg plus neg or |d| * (neg ? -b : b) with the constant absorbed,
// and the accumulator: the OPT1 pair or, for a MAC, one word, `acc_lead` gate delays
// ahead of the partial products.
struct StepHeap {
  BitNetlist net;
  BitHeap heap;
  StepHeap(int aw, bool as, int bw, bool bs, int cw, bool multiples, int products = 1, bool pair = true,
           int acc_lead = 0)
      : heap(net, cw) {
    const int n = booth_digit_count(aw, as);
    if (multiples) heap.absorb_constant();
    for (int k = 0; k < products; ++k) {
      const std::string m = "m" + std::to_string(k), b = "b" + std::to_string(k);
      if (multiples)
        emit_booth_products_from_multiples(heap, m, {"neg", "one", "two"}, n, b, "n" + b, bw, bs);
      else
        emit_booth_products_from_digits(heap, m, {"neg", "one", "two"}, n, b, bw, bs);
    }
    add_sum_and_carry(net, heap, cw, pair, acc_lead);
  }
};

// Product 0's partial-product words with negated multiples, digit * b, as the hardware
// presents them to a StepHeap (pw: booth_product_width of b).
inline void set_multiple_products(std::map<std::string, bool>& val, int64_t a, int64_t b, int aw, bool as, int pw) {
  const auto digits = booth_digits(a, aw, as);
  for (size_t d = 0; d < digits.size(); ++d) {
    const uint64_t word = static_cast<uint64_t>(digits[d] * b) & mask(pw + 1);
    for (int k = 0; k <= pw; ++k) val["m0_pp[" + std::to_string(d * (pw + 1) + k) + "]"] = (word >> k) & 1;
  }
}

// `reps` random assignments of the heap's input bits (weight, name) must sum, through
// the compressed rows, to their weighted sum mod 2^width.
inline void expect_random_assignments_sum(BitNetlist& net, const TwoRows& rows,
                                          const std::vector<std::pair<int, std::string>>& bits, int width,
                                          std::mt19937_64& rng, int reps, int trial) {
  for (int rep = 0; rep < reps; ++rep) {
    std::map<std::string, bool> val;
    uint64_t golden = 0;
    for (const auto& [w, name] : bits) {
      const bool b = rng() & 1;
      val[name] = b;
      golden += static_cast<uint64_t>(b) << w;
    }
    const auto v = net.evaluate([&](const std::string& s) { return val.at(s); });
    ASSERT_EQ(rows_value(rows, v, width), golden & mask(width)) << "trial " << trial;
  }
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
