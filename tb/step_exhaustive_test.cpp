// Exhaustive check of one step module in Verilator (the carry-save step of an OPT1 PE,
// or the multiply-add of a MAC PE, which has no carry input), against plain integer
// arithmetic: (sum_o + carry_o) == (sum_i + carry_i) + sum_k a_k*b_k mod 2^CW.
// Every (a, b) pair when the operands have at most 16 bits between them (all 65,536
// pairs for int8), else 2^16 random pairs plus the corners. For products > 1 (cube
// PEs) lane 0 sweeps and the other lanes are random.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "Vstep.h"
#include "params.hpp"
#include "tb/golden_gemm.hpp"
#include "tb/lanes.hpp"
#include "tb/rtl_test_support.hpp"

using namespace bitloom::tb;
namespace P = bitloom_params;

namespace {

// carry_i exists on carry-save steps only; elsewhere the carry is 0.
template <class D>
auto put_carry(D& d, int width, uint64_t c, int) -> decltype(d.carry_i, uint64_t()) {
  put_lane(d.carry_i, 0, width, c);
  return c;
}
template <class D>
uint64_t put_carry(D&, int, uint64_t, long) {
  return 0;
}
// Likewise sum_i: a multiplier-adder tree's column has no accumulator input.
template <class D>
auto put_sum(D& d, int width, uint64_t s, int) -> decltype(d.sum_i, uint64_t()) {
  put_lane(d.sum_i, 0, width, s);
  return s;
}
template <class D>
uint64_t put_sum(D&, int, uint64_t, long) {
  return 0;
}
// carry_o: absent when the step ends in its own carry-propagate add (a MAC column).
template <class D>
auto get_carry(D& d, int width, int) -> decltype(d.carry_o, uint64_t()) {
  return get_lane(d.carry_o, 0, width);
}
template <class D>
uint64_t get_carry(D&, int, long) {
  return 0;
}

int64_t to_value(uint64_t raw, int width, bool is_signed) {
  if (is_signed && ((raw >> (width - 1)) & 1)) return static_cast<int64_t>(raw) - (int64_t{1} << width);
  return static_cast<int64_t>(raw);
}

}  // namespace

TEST(CarrySaveStep, EveryOperandPairAgainstIntegerArithmetic) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto dut = std::make_unique<Vstep>(ctx.get());
  std::mt19937_64 rng(test_seed());
  const int products = static_cast<int>(P::step_products);
  const int aw = P::a_width, bw = P::b_width, cw = P::c_width;
  const bool exhaustive = aw + bw <= 16;
  const uint64_t pairs = exhaustive ? (uint64_t{1} << (aw + bw)) : (uint64_t{1} << 16);
  const uint64_t cmask = low_bits(cw);
  long long failures = 0;
  for (uint64_t t = 0; t < pairs + 4; ++t) {
    uint64_t ra, rb;
    if (t >= pairs) {  // corners: min/max combinations
      const uint64_t amin = P::a_signed ? uint64_t{1} << (aw - 1) : 0, amax = P::a_signed ? amin - 1 : low_bits(aw);
      const uint64_t bmin = P::b_signed ? uint64_t{1} << (bw - 1) : 0, bmax = P::b_signed ? bmin - 1 : low_bits(bw);
      ra = (t - pairs) & 1 ? amax : amin;
      rb = (t - pairs) & 2 ? bmax : bmin;
    } else if (exhaustive) {
      ra = t & low_bits(aw);
      rb = t >> aw;
    } else {
      ra = rng() & low_bits(aw);
      rb = rng() & low_bits(bw);
    }
    const uint64_t s = put_sum(*dut, cw, rng() & cmask, 0);
    const uint64_t c = put_carry(*dut, cw, rng() & cmask, 0);
    uint64_t golden = s + c;
    for (int k = 0; k < products; ++k) {
      const uint64_t ak = k == 0 ? ra : rng() & low_bits(aw);
      const uint64_t bk = k == 0 ? rb : rng() & low_bits(bw);
      put_lane(dut->a_i, k, aw, ak);
      put_lane(dut->b_i, k, bw, bk);
      golden += static_cast<uint64_t>(to_value(ak, aw, P::a_signed) * to_value(bk, bw, P::b_signed));
    }
    dut->eval();
    const uint64_t got = (get_lane(dut->sum_o, 0, cw) + get_carry(*dut, cw, 0)) & cmask;
    if (got != (golden & cmask) && ++failures <= 10)
      ADD_FAILURE() << fmt::format("a={:#x} b={:#x} sum_i={:#x} carry_i={:#x}: got {:#x}, golden {:#x}", ra,
                                   rb, s, c, got, golden & cmask);
  }
  EXPECT_EQ(failures, 0);
  RecordProperty("pairs", fmt::format("{}", pairs));
  fmt::print("{} {} operand pairs checked ({}-bit a, {}-bit b, {} product(s) per step)\n", pairs,
             exhaustive ? "all" : "random", aw, bw, products);
  dut->final();
}

int main(int argc, char** argv) {
  parse_harness_args(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  fmt::print("bitloom step check for {}: base seed {}\n", P::top, base_seed());
  return RUN_ALL_TESTS();
}
