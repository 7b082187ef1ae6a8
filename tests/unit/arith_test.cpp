// The generator's arithmetic core: Booth recoding, bit heaps with signed operands and
// constants, and Dadda compressor trees. Golden values are plain integer arithmetic.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "generator/arith/booth.hpp"
#include "generator/arith/compressor_tree.hpp"
#include "tests/unit/bit_heap_test_util.hpp"

using namespace bitloom::arith;
using namespace bitloom::arith::test;

TEST(Dadda, StageLowerBound) {
  const std::map<int, int> expected = {{1, 0}, {2, 0}, {3, 1}, {4, 2}, {5, 3}, {6, 3}, {7, 4},
                                       {9, 4}, {10, 5}, {13, 5}, {14, 6}, {19, 6}, {20, 7}, {28, 7}};
  for (auto [h, s] : expected) EXPECT_EQ(dadda_stages(h), s) << "height " << h;
  // 4:2 stages halve the height: 2, 4, 8, 16, ...
  const std::pair<int, int> four_two[] = {{2, 0}, {3, 1}, {4, 1}, {5, 2}, {8, 2}, {9, 3}, {16, 3}, {17, 4}};
  for (auto [h, s] : four_two) EXPECT_EQ(four_two_stages(h), s) << "height " << h;
}

TEST(Booth, DigitsRecomposeEveryValueOfEveryWidth) {
  for (int w = 2; w <= 16; ++w)
    for (bool sgn : {true, false}) {
      const int64_t lo = sgn ? -(int64_t{1} << (w - 1)) : 0;
      const int64_t hi = sgn ? (int64_t{1} << (w - 1)) - 1 : (int64_t{1} << w) - 1;
      for (int64_t a = lo; a <= hi; ++a) {
        const auto d = booth_digits(a, w, sgn);
        ASSERT_EQ(static_cast<int>(d.size()), booth_digit_count(w, sgn));
        int64_t v = 0, scale = 1;
        for (int x : d) {
          ASSERT_GE(x, -2);
          ASSERT_LE(x, 2);
          v += x * scale;
          scale *= 4;
        }
        ASSERT_EQ(v, a) << "width " << w << (sgn ? " signed" : " unsigned");
      }
    }
  // Unsigned needs the extra digit: 8-bit 255 = 4^4 - 1 takes five digits.
  EXPECT_EQ(booth_digit_count(8, false), 5);
  EXPECT_EQ(booth_digit_count(8, true), 4);
}

class CompressorStyles : public ::testing::TestWithParam<TreeStyle> {};
INSTANTIATE_TEST_SUITE_P(Styles, CompressorStyles, ::testing::Values(TreeStyle::kDadda, TreeStyle::kFourTwo));

TEST_P(CompressorStyles, EveryHeapShapeUpToFiveBitsPerColumnReducesExactly) {
  // Every shape of a 4-column heap with 0..5 bits per column (1296 shapes), each bit an
  // independent input, all assignments when there are at most 12 bits, else 300 random.
  std::mt19937_64 rng(7);
  const int width = 4;
  for (int shape = 0; shape < 6 * 6 * 6 * 6; ++shape) {
    BitNetlist net;
    BitHeap heap(net, width);
    std::vector<std::pair<int, std::string>> bits;  // weight, name
    for (int w = 0, s = shape; w < width; ++w, s /= 6)
      for (int k = 0; k < s % 6; ++k) {
        const std::string name = "x" + std::to_string(bits.size());
        bits.push_back({w, name});
        heap.add_bit(w, net.input(name));
      }
    TreeStats st;
    const TwoRows rows = compress(heap, GetParam(), "t", &st);
    ASSERT_EQ(st.stages, st.lower_bound);
    const size_t n = bits.size();
    const bool exhaustive = n <= 12;
    const uint64_t trials = exhaustive ? (uint64_t{1} << n) : 300;
    for (uint64_t t = 0; t < trials; ++t) {
      const uint64_t assign = exhaustive ? t : rng();
      std::map<std::string, bool> val;
      uint64_t golden = 0;
      for (size_t i = 0; i < n; ++i) {
        val[bits[i].second] = (assign >> i) & 1;
        golden += static_cast<uint64_t>((assign >> i) & 1) << bits[i].first;
      }
      const auto v = net.evaluate([&](const std::string& s) { return val.at(s); });
      ASSERT_EQ(rows_value(rows, v, width), golden & mask(width)) << "shape " << shape;
    }
  }
}

TEST_P(CompressorStyles, SignedWordsAndConstantsReduceExactly) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const int width = 4 + static_cast<int>(rng() % 40);
    BitNetlist net;
    BitHeap heap(net, width);
    struct Word { int shift, bits; bool is_signed; std::string name; };
    std::vector<Word> words;
    const int count = 1 + static_cast<int>(rng() % 9);
    for (int i = 0; i < count; ++i) {
      Word w{static_cast<int>(rng() % width), 1 + static_cast<int>(rng() % 20), rng() % 2 == 0,
             "w" + std::to_string(i)};
      std::vector<BitId> ids;
      for (int k = 0; k < w.bits; ++k) ids.push_back(net.input(w.name + "[" + std::to_string(k) + "]"));
      w.is_signed ? heap.add_signed(w.shift, ids) : heap.add_unsigned(w.shift, ids);
      words.push_back(w);
    }
    const int64_t constant = static_cast<int64_t>(rng() % 1000) - 500;
    const int constant_shift = static_cast<int>(rng() % 4);
    heap.add_constant(constant, constant_shift);
    TreeStats st;
    const TwoRows rows = compress(heap, GetParam(), "t", &st);
    EXPECT_EQ(st.stages, st.lower_bound);
    for (int rep = 0; rep < 50; ++rep) {
      std::map<std::string, bool> val;
      __int128 golden = (__int128)constant * ((__int128)1 << constant_shift);
      for (const auto& w : words) {
        // Mostly random words, sometimes all-zero and all-one (sign-only) corners.
        const int kind = static_cast<int>(rng() % 4);
        const uint64_t raw = (kind == 0 ? 0 : kind == 1 ? ~0ULL : rng()) & mask(w.bits);
        for (int k = 0; k < w.bits; ++k) val[w.name + "[" + std::to_string(k) + "]"] = (raw >> k) & 1;
        __int128 x = raw;
        if (w.is_signed && ((raw >> (w.bits - 1)) & 1)) x -= (__int128)1 << w.bits;
        golden += x * ((__int128)1 << w.shift);
      }
      const auto v = net.evaluate([&](const std::string& s) { return val.at(s); });
      ASSERT_EQ(rows_value(rows, v, width), static_cast<uint64_t>(golden) & mask(width))
          << "trial " << trial << " width " << width;
    }
  }
}

TEST(BoothHeap, ProductPlusCarrySaveAccumulatorIsExact) {
  // The heap an OPT1 PE compresses: Booth partial products of a*b, plus sum and carry.
  // Exhaustive over a, b for 8-bit operands in all four sign modes; sampled for 2..16.
  std::mt19937_64 rng(3);
  for (int aw : {2, 3, 4, 5, 8, 11, 16})
    for (int bw : {2, 4, 7, 8, 16})
      for (bool as : {true, false})
        for (bool bs : {true, false}) {
          const int cw = std::min(64, aw + bw + 12);
          BitNetlist net;
          BitHeap heap(net, cw);
          emit_booth_products_from_digits(heap, "m", {"neg", "one", "two"}, booth_digit_count(aw, as), "b", bw, bs);
          add_sum_and_carry(net, heap, cw);
          TreeStats st;
          const TwoRows rows = compress_dadda(heap, "t", &st);
          ASSERT_EQ(st.stages, st.lower_bound);
          const int pw = booth_product_width(bw, bs);
          // Hardware's view of each partial product word, from its recoding signals.
          expect_step_heap_exact(net, rows, aw, as, bw, bs, cw, rng, [&](int64_t a, int64_t b, auto& val) {
            const auto digits = booth_digits(a, aw, as);
            for (size_t d = 0; d < digits.size(); ++d) {
              auto abit = [&](int k) -> int64_t { return k < 0 ? 0 : k >= aw ? (as ? (a >> (aw - 1)) & 1 : 0) : (a >> k) & 1; };
              const bool neg = abit(2 * static_cast<int>(d) + 1);
              const int64_t x = (digits[d] < 0 ? -digits[d] : digits[d]) * b;
              const int64_t mag = neg && digits[d] == 0 ? 0 : x;
              const uint64_t word = static_cast<uint64_t>(neg ? ~mag : mag) & mask(pw);
              for (int k = 0; k < pw; ++k) val["m_pp[" + std::to_string(d * pw + k) + "]"] = (word >> k) & 1;
              val["m_neg[" + std::to_string(d) + "]"] = neg;
            }
          });
        }
}

TEST_P(CompressorStyles, TallRandomHeapsMeetTheStageBound) {
  // Heights up to 40 (6 stages of 4:2, 9 of 3:2) in random 8-column shapes.
  std::mt19937_64 rng(19);
  const int width = 8;
  for (int trial = 0; trial < 400; ++trial) {
    BitNetlist net;
    BitHeap heap(net, width);
    std::vector<std::pair<int, std::string>> bits;
    const int tall = 1 + static_cast<int>(rng() % 40);
    for (int w = 0; w < width; ++w)
      for (int k = 0, n = static_cast<int>(rng() % (tall + 1)); k < n; ++k) {
        const std::string name = "x" + std::to_string(bits.size());
        bits.push_back({w, name});
        heap.add_bit(w, net.input(name));
      }
    TreeStats st;
    const TwoRows rows = compress(heap, GetParam(), "t", &st);
    ASSERT_EQ(st.stages, st.lower_bound) << "trial " << trial;
    expect_random_assignments_sum(net, rows, bits, width, rng, 40, trial);
  }
}
