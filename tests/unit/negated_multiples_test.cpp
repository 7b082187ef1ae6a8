// Booth partial products as multiples of b and -b (GemmConfig::negated_multiples), and
// bit heaps that absorb their constant into the bits beside it. Golden values are plain
// integer arithmetic; the heights are the claim the 2D-Matrix PEs rest on.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "generator/arith/booth.hpp"
#include "generator/arith/compressor_tree.hpp"
#include "tests/unit/bit_heap_test_util.hpp"

using namespace bitloom::arith;
using namespace bitloom::arith::test;

namespace {

int tallest_column(BitHeap& heap) {
  size_t h = 0;
  for (const auto& column : heap.columns_with_constant()) h = std::max(h, column.size());
  return static_cast<int>(h);
}

int dadda_stages(BitHeap& heap) {
  TreeStats st;
  compress_dadda(heap, "t", &st);
  return st.stages;
}

}  // namespace

TEST(NegatedMultiples, SignedInt8StepHeapIsOneBitLowerAndOneStageShallower) {
  // The 2D-Matrix OPT1 PE's heap (int8 x int8, 28-bit pair): 7 bits tall with the
  // negations' +1 and the placed constant, 6 without; Dadda needs 4 stages for 7, 3 for 6.
  StepHeap digits(8, true, 8, true, 28, false), multiples(8, true, 8, true, 28, true);
  EXPECT_EQ(digits.heap.max_height(), 7);
  EXPECT_EQ(multiples.heap.max_height(), 6);
  EXPECT_EQ(tallest_column(multiples.heap), 6);  // max_height predicts the absorbed heap
  EXPECT_EQ(dadda_stages(digits.heap), 4);
  EXPECT_EQ(dadda_stages(multiples.heap), 3);
}

TEST(NegatedMultiples, TheMacAndTheCubeWouldKeepTheirStageCounts) {
  // Why only the 2D-Matrix OPT1 PE uses them (docs/arithmetic.md): the MAC's heap (one
  // accumulator word) is 6 tall with the XOR form and 5 with multiples, 3 stages either
  // way; a cube PE's 8 products with the pair are 42 and 34 tall, 8 stages either way.
  StepHeap mac(8, true, 8, true, 28, false, 1, false), mac_multiples(8, true, 8, true, 28, true, 1, false);
  EXPECT_EQ(mac.heap.max_height(), 6);
  EXPECT_EQ(mac_multiples.heap.max_height(), 5);
  EXPECT_EQ(dadda_stages(mac.heap), 3);
  EXPECT_EQ(dadda_stages(mac_multiples.heap), 3);
  StepHeap cube(8, true, 8, true, 28, false, 8), cube_multiples(8, true, 8, true, 28, true, 8);
  EXPECT_EQ(cube.heap.max_height(), 42);
  EXPECT_EQ(cube_multiples.heap.max_height(), 34);
  EXPECT_EQ(dadda_stages(cube.heap), 8);
  EXPECT_EQ(dadda_stages(cube_multiples.heap), 8);
}

TEST(NegatedMultiples, ProductPlusCarrySaveAccumulatorIsExact) {
  // Exhaustive over a, b for 8-bit operands in all four sign modes; sampled for 2..16.
  std::mt19937_64 rng(5);
  for (int aw : {2, 3, 5, 8, 16})
    for (int bw : {2, 4, 7, 8, 16})
      for (bool as : {true, false})
        for (bool bs : {true, false}) {
          const int cw = std::min(64, aw + bw + 12);
          StepHeap h(aw, as, bw, bs, cw, true);
          TreeStats st;
          const TwoRows rows = compress_dadda(h.heap, "t", &st);
          ASSERT_EQ(st.stages, st.lower_bound);
          const int pw = booth_product_width(bw, bs);
          // The hardware's view: the partial-product words from the digits, b and -b.
          expect_step_heap_exact(h.net, rows, aw, as, bw, bs, cw, rng, [&](int64_t a, int64_t b, auto& val) {
            set_multiple_products(val, a, b, aw, as, pw);
          });
        }
}

TEST(NegatedMultiples, AbsorbedConstantsSumExactlyAndRaiseNoColumn) {
  // Random signed and unsigned words and constants: the absorbed heap sums to the same
  // value, is never taller than the heap with its constant placed as 1-bits, and
  // max_height() predicts it.
  std::mt19937_64 rng(23);
  for (int trial = 0; trial < 300; ++trial) {
    const int width = 4 + static_cast<int>(rng() % 40);
    BitNetlist net, placed_net;
    BitHeap heap(net, width), placed(placed_net, width);
    heap.absorb_constant();
    std::vector<std::pair<std::string, int>> words;
    std::vector<bool> is_signed;
    std::vector<int> shifts;
    for (int i = 0, count = 1 + static_cast<int>(rng() % 9); i < count; ++i) {
      const int shift = static_cast<int>(rng() % width), bits = 1 + static_cast<int>(rng() % 20);
      const bool sgn = rng() % 2 == 0;
      std::vector<BitId> ids, placed_ids;
      for (int k = 0; k < bits; ++k) {
        const std::string name = "w" + std::to_string(i) + "[" + std::to_string(k) + "]";
        ids.push_back(net.input(name));
        placed_ids.push_back(placed_net.input(name));
      }
      sgn ? heap.add_signed(shift, ids) : heap.add_unsigned(shift, ids);
      sgn ? placed.add_signed(shift, placed_ids) : placed.add_unsigned(shift, placed_ids);
      words.push_back({"w" + std::to_string(i), bits});
      is_signed.push_back(sgn);
      shifts.push_back(shift);
    }
    const int64_t constant = static_cast<int64_t>(rng() % 100000) - 50000;
    heap.add_constant(constant);
    placed.add_constant(constant);
    const int predicted = heap.max_height();
    ASSERT_LE(predicted, placed.max_height()) << "trial " << trial;
    ASSERT_EQ(tallest_column(heap), predicted) << "trial " << trial;
    const TwoRows rows = compress_dadda(heap, "t", nullptr);
    for (int rep = 0; rep < 30; ++rep) {
      std::map<std::string, bool> val;
      __int128 golden = constant;
      for (size_t i = 0; i < words.size(); ++i) {
        const uint64_t raw = rng() & mask(words[i].second);
        for (int k = 0; k < words[i].second; ++k) val[words[i].first + "[" + std::to_string(k) + "]"] = (raw >> k) & 1;
        __int128 x = raw;
        if (is_signed[i] && ((raw >> (words[i].second - 1)) & 1)) x -= (__int128)1 << words[i].second;
        golden += x * ((__int128)1 << shifts[i]);
      }
      const auto v = net.evaluate([&](const std::string& s) { return val.at(s); });
      ASSERT_EQ(rows_value(rows, v, width), static_cast<uint64_t>(golden) & mask(width)) << "trial " << trial;
    }
  }
}
