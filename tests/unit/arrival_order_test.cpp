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

// A step heap compressed in heap order or in arrival order.
TreeStats step_tree(StepHeap& h, bool ordered, TwoRows* rows = nullptr) {
  if (ordered) h.heap.order_by_arrival();
  TreeStats st;
  const TwoRows r = compress_dadda(h.heap, "t", &st);
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
    expect_random_assignments_sum(ordered.net, rows, ordered.bits, 10, rng, 30, trial);
  }
  // It must also matter: most random heaps with spread arrivals finish earlier.
  EXPECT_GT(earlier, 200);
}

TEST(ArrivalOrder, TwoDMatrixStepTreesEndOneGateEarlier) {
  // The 2D-Matrix OPT1 step (negated multiples, (sum, carry) pair) and the MAC step
  // (one accumulator word): 6 gate delays after the partial products in heap order, 5
  // when the accumulator, one or two gates ahead, feeds the first adders.
  for (bool opt1 : {true, false}) {
    StepHeap plain_heap(8, true, 8, true, 28, opt1, 1, opt1, 1);
    const TreeStats plain = step_tree(plain_heap, false);
    EXPECT_EQ(plain.latest, 6) << (opt1 ? "opt1" : "mac");
    for (int lead : {1, 2}) {
      StepHeap h(8, true, 8, true, 28, opt1, 1, opt1, lead);
      const TreeStats ordered = step_tree(h, true);
      EXPECT_EQ(ordered.latest, 5) << (opt1 ? "opt1" : "mac") << " lead " << lead;
      EXPECT_EQ(ordered.stages, plain.stages);
      EXPECT_EQ(ordered.full_adders, plain.full_adders);
      EXPECT_EQ(ordered.half_adders, plain.half_adders);
    }
  }
}

TEST(ArrivalOrder, TwoDMatrixOpt1StepIsExactForEveryInt8Pair) {
  StepHeap h(8, true, 8, true, 28, true, 1, true, 2);
  TwoRows rows;
  step_tree(h, true, &rows);
  std::mt19937_64 rng(5);
  const int pw = booth_product_width(8, true);
  // The hardware's view: each partial-product word is digit * b, from b and -b.
  expect_step_heap_exact(h.net, rows, 8, true, 8, true, 28, rng, [&](int64_t a, int64_t b, auto& val) {
    set_multiple_products(val, a, b, 8, true, pw);
  });
}
