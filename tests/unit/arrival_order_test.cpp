// Arrival-ordered Dadda trees (BitHeap::order_by_arrival): the adders of each stage take
// their column's earliest bits. The reduction must stay exact and keep Dadda's stages and
// adder count, and the 2D-Matrix step heaps' claim (the last output 5 gate delays after
// the partial products, not 6) is held here. Golden values are plain integer arithmetic.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "generator/arith/booth.hpp"
#include "generator/arith/compressor_tree.hpp"
#include "tests/unit/bit_heap_test_util.hpp"

using namespace bitloom::arith;
using namespace bitloom::arith::test;

namespace {

// A random 10-column heap with random arrivals in -3..3, built the same way twice.
struct RandomHeap {
  BitNetlist net;
  BitHeap heap;
  std::vector<std::pair<int, std::string>> bits;  // weight, input name
  RandomHeap(uint64_t seed, bool ordered) : heap(net, 10) {
    std::mt19937_64 rng(seed);
    if (ordered) heap.order_by_arrival();
    const int tall = 1 + static_cast<int>(rng() % 14);
    for (int w = 0; w < 10; ++w)
      for (int k = 0, n = static_cast<int>(rng() % (tall + 1)); k < n; ++k) {
        const std::string name = "x" + std::to_string(bits.size());
        bits.push_back({w, name});
        heap.add_bit(w, net.input(name, static_cast<int>(rng() % 7) - 3));
      }
  }
};

// The step heap of one int8 x int8 product plus the accumulator (a pair for OPT1, one
// word for the MAC), the accumulator `lead` gate delays ahead of the partial products.
TreeStats step_tree(bool multiples, bool pair, bool ordered, int lead, BitNetlist& net, TwoRows* rows = nullptr) {
  const int cw = 28, n = booth_digit_count(8, true);
  BitHeap heap(net, cw);
  if (multiples) heap.absorb_constant();
  if (ordered) heap.order_by_arrival();
  if (multiples)
    emit_booth_products_from_multiples(heap, "m", {"neg", "one", "two"}, n, "b", "nb", 8, true);
  else
    emit_booth_products_from_digits(heap, "m", {"neg", "one", "two"}, n, "b", 8, true);
  std::vector<BitId> sum, carry;
  for (int k = 0; k < cw; ++k) {
    sum.push_back(net.input("s[" + std::to_string(k) + "]", -lead));
    if (pair) carry.push_back(net.input("c[" + std::to_string(k) + "]", -lead));
  }
  heap.add_unsigned(0, sum);
  heap.add_unsigned(0, carry);
  TreeStats st;
  const TwoRows r = compress_dadda(heap, "t", &st);
  if (rows) *rows = r;
  return st;
}

}  // namespace

TEST(ArrivalOrder, RandomHeapsReduceExactlyWithTheSameStagesAndAdders) {
  const uint64_t seed = 0xA11;
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  int earlier = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const uint64_t heap_seed = rng();
    RandomHeap plain(heap_seed, false), ordered(heap_seed, true);
    TreeStats ps, os;
    compress_dadda(plain.heap, "t", &ps);
    const TwoRows rows = compress_dadda(ordered.heap, "t", &os);
    ASSERT_EQ(os.stages, os.lower_bound) << "trial " << trial;
    EXPECT_EQ(os.full_adders, ps.full_adders) << "trial " << trial;
    EXPECT_EQ(os.half_adders, ps.half_adders) << "trial " << trial;
    // Feeding the earliest bits first never makes the last output later.
    EXPECT_LE(os.latest, ps.latest) << "trial " << trial;
    earlier += os.latest < ps.latest;
    for (int rep = 0; rep < 30; ++rep) {
      std::map<std::string, bool> val;
      uint64_t golden = 0;
      for (const auto& [w, name] : ordered.bits) {
        const bool b = rng() & 1;
        val[name] = b;
        golden += static_cast<uint64_t>(b) << w;
      }
      const auto v = ordered.net.evaluate([&](const std::string& s) { return val.at(s); });
      ASSERT_EQ(rows_value(rows, v, 10), golden & mask(10)) << "trial " << trial;
    }
  }
  // It must also matter: most random heaps with spread arrivals finish earlier.
  EXPECT_GT(earlier, 200);
}

TEST(ArrivalOrder, TwoDMatrixStepTreesEndOneGateEarlier) {
  // The 2D-Matrix OPT1 step (negated multiples, (sum, carry) pair) and the MAC step
  // (one accumulator word): 6 gate delays after the partial products in heap order, 5
  // when the accumulator, one or two gates ahead, feeds the first adders.
  for (bool opt1 : {true, false}) {
    BitNetlist plain_net;
    const TreeStats plain = step_tree(opt1, opt1, false, 1, plain_net);
    EXPECT_EQ(plain.latest, 6) << (opt1 ? "opt1" : "mac");
    for (int lead : {1, 2}) {
      BitNetlist net;
      const TreeStats ordered = step_tree(opt1, opt1, true, lead, net);
      EXPECT_EQ(ordered.latest, 5) << (opt1 ? "opt1" : "mac") << " lead " << lead;
      EXPECT_EQ(ordered.stages, plain.stages);
      EXPECT_EQ(ordered.full_adders, plain.full_adders);
      EXPECT_EQ(ordered.half_adders, plain.half_adders);
    }
  }
}

TEST(ArrivalOrder, TwoDMatrixOpt1StepIsExactForEveryInt8Pair) {
  BitNetlist net;
  TwoRows rows;
  step_tree(true, true, true, 2, net, &rows);
  std::mt19937_64 rng(5);
  const int pw = booth_product_width(8, true);
  // The hardware's view: each partial-product word is digit * b, from b and -b.
  expect_step_heap_exact(net, rows, 8, true, 8, true, 28, rng, [&](int64_t a, int64_t b, auto& val) {
    const auto digits = booth_digits(a, 8, true);
    for (size_t d = 0; d < digits.size(); ++d) {
      const uint64_t word = static_cast<uint64_t>(digits[d] * b) & mask(pw + 1);
      for (int k = 0; k <= pw; ++k) val["m_pp[" + std::to_string(d * (pw + 1) + k) + "]"] = (word >> k) & 1;
    }
  });
}
