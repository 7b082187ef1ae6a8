// The workload hardware's elementwise units against plain integer arithmetic, with
// random bubbles and back-pressure on every stream:
// - GEMM epilogue: (acc + 2^(shift-1)) >> shift (arithmetic, no term at shift 0),
//   saturated, then ReLU, at every shift 0..acc_width-1 with and without ReLU, random
//   accumulators plus the extremes; signed int8 and unsigned 6-bit outputs;
// - saturating add, signed and unsigned 8-bit, random and extreme pairs.
// tlast and tkeep must come out with their beat.
#include <memory>
#include <random>

#include "Vprim_add.h"
#include "Vprim_add_u8.h"
#include "Vprim_epilogue.h"
#include "Vprim_epilogue_u6.h"
#include "tb/axis_stream.hpp"
#include "tb/lanes.hpp"
#include "tb/rtl_test_support.hpp"
#include "tests/prims/prim_variants.hpp"
#include "tests/prims/stream_prim_checks.hpp"

using namespace bitloom;
using namespace bitloom::prim_test;

namespace {

int64_t sign_extend(uint64_t v, int width) {
  const uint64_t m = 1ULL << (width - 1);
  v &= (width == 64 ? ~0ULL : (1ULL << width) - 1);
  return static_cast<int64_t>((v ^ m) - m);
}

int64_t clamp(int64_t v, int width, bool is_signed) {
  const int64_t lo = is_signed ? -(1LL << (width - 1)) : 0;
  const int64_t hi = is_signed ? (1LL << (width - 1)) - 1 : (1LL << width) - 1;
  return v < lo ? lo : v > hi ? hi : v;
}

uint64_t mask(int width) { return (1ULL << width) - 1; }

// Random lane values of `width` bits, one in eight an extreme (min, max, 0, -1).
uint64_t random_code(std::mt19937_64& rng, int width) {
  switch (rng() % 8) {
    case 0: return 1ULL << (width - 1);       // most negative
    case 1: return mask(width) >> 1;          // most positive
    case 2: return rng() & 1 ? 0 : mask(width);
    default: return rng() & mask(width);
  }
}

// Drives the unit's input bundle(s) and output through the shared AXI4-Stream source
// and sink; `inputs` are the beats per input bundle, in order.
template <class M>
std::vector<tb::AxisBeat> run(M& m, std::vector<std::pair<tb::AxisPort, std::vector<tb::AxisBeat>>> inputs,
                              tb::AxisPort out, uint64_t seed, std::vector<std::string>& errors) {
  std::mt19937_64 rng(seed);
  std::vector<std::unique_ptr<tb::AxisSource>> sources;
  size_t beats = 0;
  for (auto& [port, list] : inputs) {
    sources.push_back(std::make_unique<tb::AxisSource>(port, 0.7, rng()));
    for (const auto& b : list) sources.back()->push(b);
    beats = list.size();
  }
  tb::AxisSink sink(out, 0.6, rng());
  clock_reset(m);
  for (long long cycle = 0; sink.received.size() < beats && cycle < 20LL * static_cast<long long>(beats) + 100; ++cycle) {
    for (auto& s : sources) s->drive();
    sink.drive();
    m.clk_i = 0;
    m.eval();
    for (auto& s : sources) s->sample();
    sink.sample(cycle);
    m.clk_i = 1;
    m.eval();
    for (auto& s : sources) s->advance();
  }
  errors.insert(errors.end(), sink.errors.begin(), sink.errors.end());
  if (sink.received.size() != beats) errors.push_back(fmt::format("{} of {} beats came out", sink.received.size(), beats));
  return sink.received;
}

template <class M>
void check_epilogue(int acc_width, int out_width, bool out_signed) {
  const uint64_t seed = tb::test_seed();
  std::mt19937_64 rng(seed);
  std::vector<std::string> errors;
  for (int shift = 0; shift < acc_width && errors.empty(); ++shift)
    for (bool relu : {false, true}) {
      auto ctx = std::make_unique<VerilatedContext>();
      auto m = std::make_unique<M>(ctx.get());
      m->shift_i = shift;
      m->relu_i = relu;
      std::vector<tb::AxisBeat> in, expected;
      for (int i = 0; i < 60; ++i) {
        tb::AxisBeat b{{}, (rng() & 3) == 0, rng() & mask(kUnitLanes)}, e{{}, b.last, b.keep};
        for (int l = 0; l < kUnitLanes; ++l) {
          const uint64_t code = random_code(rng, acc_width);
          b.lanes.push_back(code);
          const int64_t acc = sign_extend(code, acc_width);
          const int64_t rounded = shift == 0 ? acc : acc + (int64_t{1} << (shift - 1));
          int64_t v = clamp(rounded >> shift, out_width, out_signed);  // >> of a negative int64 is arithmetic (GCC)
          if (relu && v < 0) v = 0;
          e.lanes.push_back(static_cast<uint64_t>(v) & mask(out_width));
        }
        in.push_back(b);
        expected.push_back(e);
      }
      tb::AxisPort s;
      s.set_valid = [&](bool v) { m->s_acc_tvalid = v; };
      s.put = [&](const tb::AxisBeat& b) {
        for (int l = 0; l < kUnitLanes; ++l) tb::put_lane(m->s_acc_tdata, l, acc_width, b.lanes[l]);
        m->s_acc_tlast = b.last;
        m->s_acc_tkeep = b.keep;
      };
      s.ready = [&] { return m->s_acc_tready != 0; };
      tb::AxisPort o;
      o.set_ready = [&](bool r) { m->m_out_tready = r; };
      o.valid = [&] { return m->m_out_tvalid != 0; };
      o.get = [&] {
        tb::AxisBeat b{{}, m->m_out_tlast != 0, m->m_out_tkeep};
        for (int l = 0; l < kUnitLanes; ++l) b.lanes.push_back(tb::get_lane(m->m_out_tdata, l, out_width));
        return b;
      };
      const auto got = run(*m, {{s, in}}, o, rng(), errors);
      for (size_t i = 0; i < got.size() && i < expected.size(); ++i)
        if (got[i] != expected[i]) {
          errors.push_back(fmt::format("shift {} relu {} beat {}: in {}, got {}, expected {}", shift, relu, i,
                                       in[i].str(), got[i].str(), expected[i].str()));
          break;
        }
    }
  EXPECT_TRUE(errors.empty()) << "seed " << seed << ":\n  " << fmt::format("{}", fmt::join(errors, "\n  "));
}

template <class M>
void check_add(bool is_signed) {
  const uint64_t seed = tb::test_seed();
  std::mt19937_64 rng(seed);
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  std::vector<tb::AxisBeat> xs, ys, expected;
  for (int i = 0; i < 2000; ++i) {
    tb::AxisBeat x{{}, (rng() & 3) == 0, rng() & mask(kUnitLanes)}, y, e{{}, x.last, x.keep};
    for (int l = 0; l < kUnitLanes; ++l) {
      const uint64_t a = random_code(rng, 8), b = random_code(rng, 8);
      x.lanes.push_back(a);
      y.lanes.push_back(b);
      const int64_t sum = is_signed ? sign_extend(a, 8) + sign_extend(b, 8) : static_cast<int64_t>(a + b);
      e.lanes.push_back(static_cast<uint64_t>(clamp(sum, 8, is_signed)) & 0xff);
    }
    xs.push_back(x);
    ys.push_back(y);
    expected.push_back(e);
  }
  tb::AxisPort px, py, o;
  px.set_valid = [&](bool v) { m->s_x_tvalid = v; };
  px.put = [&](const tb::AxisBeat& b) {
    for (int l = 0; l < kUnitLanes; ++l) tb::put_lane(m->s_x_tdata, l, 8, b.lanes[l]);
    m->s_x_tlast = b.last;
    m->s_x_tkeep = b.keep;
  };
  px.ready = [&] { return m->s_x_tready != 0; };
  py.set_valid = [&](bool v) { m->s_y_tvalid = v; };
  py.put = [&](const tb::AxisBeat& b) {
    for (int l = 0; l < kUnitLanes; ++l) tb::put_lane(m->s_y_tdata, l, 8, b.lanes[l]);
  };
  py.ready = [&] { return m->s_y_tready != 0; };
  o.set_ready = [&](bool r) { m->m_sum_tready = r; };
  o.valid = [&] { return m->m_sum_tvalid != 0; };
  o.get = [&] {
    tb::AxisBeat b{{}, m->m_sum_tlast != 0, m->m_sum_tkeep};
    for (int l = 0; l < kUnitLanes; ++l) b.lanes.push_back(tb::get_lane(m->m_sum_tdata, l, 8));
    return b;
  };
  std::vector<std::string> errors;
  const auto got = run(*m, {{px, xs}, {py, ys}}, o, rng(), errors);
  for (size_t i = 0; i < got.size() && i < expected.size(); ++i)
    if (got[i] != expected[i]) {
      errors.push_back(fmt::format("beat {}: x {}, y {}, got {}, expected {}", i, xs[i].str(), ys[i].str(),
                                   got[i].str(), expected[i].str()));
      break;
    }
  EXPECT_TRUE(errors.empty()) << "seed " << seed << ":\n  " << fmt::format("{}", fmt::join(errors, "\n  "));
}

}  // namespace

TEST(GemmEpilogue, SignedInt8EveryShiftWithAndWithoutRelu) { check_epilogue<Vprim_epilogue>(kEpilogueAccWidth, 8, true); }
TEST(GemmEpilogue, UnsignedSixBitsEveryShift) { check_epilogue<Vprim_epilogue_u6>(12, 6, false); }
TEST(SaturatingAdd, SignedInt8) { check_add<Vprim_add>(true); }
TEST(SaturatingAdd, UnsignedInt8) { check_add<Vprim_add_u8>(false); }
