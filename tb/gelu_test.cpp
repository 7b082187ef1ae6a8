// GoogleTest regression for one generated GELU unit (protocol elementwise): the RTL
// must equal the bit-exact model (built from the generated tables) on every input code,
// under bubbles, back-pressure and resets. The model's own accuracy against std::erf is
// checked by the unit tests (tests/unit/nonlinear_test.cpp) and `bitloom accuracy`.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "generator/nonlinear/model_json.hpp"
#include "tb/rtl_test_support.hpp"
#include "tb/xy_stream.hpp"

using namespace bitloom;
using namespace bitloom::tb;
namespace P = bitloom_params;

namespace {

const GeluModel& model() {
  static const GeluModel m = gelu_model_from_json(nlohmann::json::parse(P::model_json));
  return m;
}

int64_t min_code() { return -(int64_t{1} << (P::x_width - 1)); }
int64_t max_code() { return (int64_t{1} << (P::x_width - 1)) - 1; }
uint64_t y_mask() { return (uint64_t{1} << P::y_width) - 1; }

// Beats carrying `codes` in order, P lanes each (the tail padded with code 0), tlast on
// every `period`-th beat and the final one.
std::vector<XBeat> beats_of(const std::vector<int64_t>& codes, int period) {
  std::vector<XBeat> beats;
  for (size_t i = 0; i < codes.size(); i += P::lanes) {
    XBeat b;
    for (int l = 0; l < P::lanes; ++l) b.lanes.push_back(i + l < codes.size() ? codes[i + l] : 0);
    b.last = (beats.size() + 1) % period == 0 || i + P::lanes >= codes.size();
    beats.push_back(b);
  }
  return beats;
}

// Compares outputs with the model, beat by beat; returns the first mismatches.
std::vector<std::string> check(const std::vector<XBeat>& in, const XyStream& s) {
  std::vector<std::string> errs = s.errors();
  const auto& out = s.outputs();
  if (out.size() != in.size()) errs.push_back(fmt::format("{} beats in, {} out", in.size(), out.size()));
  for (size_t i = 0; i < std::min(in.size(), out.size()) && errs.size() < 10; ++i) {
    if (out[i].last != in[i].last) errs.push_back(fmt::format("beat {}: tlast {} expected {}", i, out[i].last, in[i].last));
    for (int l = 0; l < P::lanes; ++l) {
      const uint64_t want = static_cast<uint64_t>(model().eval(in[i].lanes[l])) & y_mask();
      if (out[i].lanes[l] != want)
        errs.push_back(fmt::format("beat {} lane {}: x = {} gave y = {:#x}, model {:#x}", i, l, in[i].lanes[l],
                                   out[i].lanes[l], want));
    }
  }
  return errs;
}

std::vector<int64_t> random_codes(std::mt19937_64& rng, size_t n) {
  std::uniform_int_distribution<int64_t> d(min_code(), max_code());
  std::vector<int64_t> v(n);
  for (auto& c : v) c = d(rng);
  return v;
}

}  // namespace

TEST(Gelu, EveryInputCodeMatchesTheModel) {
  run_scenario([](uint64_t seed, const std::string& trace) {
    XyStream s(seed, trace);
    s.set_knobs(0.05, 0.1);
    std::vector<int64_t> codes;
    for (int64_t c = min_code(); c <= max_code(); ++c) codes.push_back(c);
    const auto beats = beats_of(codes, 13);
    for (const auto& b : beats) s.push(b);
    s.run();
    return check(beats, s);
  });
}

TEST(Gelu, LatencyMatchesManifest) {
  XyStream s(test_seed(), "");
  s.push(beats_of({1}, 1)[0]);
  ASSERT_TRUE(s.run()) << s.errors().front();
  ASSERT_EQ(s.outputs().size(), 1u);
  EXPECT_EQ(s.outputs()[0].cycle - s.input_cycles()[0], P::latency_cycles);
}

TEST(Gelu, SustainsOneBeatPerCycle) {
  XyStream s(test_seed(), "");
  const auto beats = beats_of(random_codes(s.rng(), 500 * P::lanes), 50);
  for (const auto& b : beats) s.push(b);
  ASSERT_TRUE(s.run());
  EXPECT_TRUE(check(beats, s).empty());
  const auto& out = s.outputs();
  EXPECT_EQ(out.back().cycle - out.front().cycle, static_cast<long long>(beats.size()) - 1);
  EXPECT_EQ(s.input_cycles().back() - s.input_cycles().front(), static_cast<long long>(beats.size()) - 1);
}

TEST(Gelu, BubblesAndBackPressure) {
  run_scenario([](uint64_t seed, const std::string& trace) {
    XyStream s(seed, trace);
    std::vector<std::string> errs;
    const double p[] = {0.0, 0.3, 0.7, 0.95};
    for (int round = 0; round < 8 && errs.empty(); ++round) {
      s.set_knobs(p[s.rng()() % 4], p[s.rng()() % 4]);
      const auto beats = beats_of(random_codes(s.rng(), 200 * P::lanes), 1 + static_cast<int>(s.rng()() % 9));
      s.reset();
      for (const auto& b : beats) s.push(b);
      s.run();
      errs = check(beats, s);
    }
    return errs;
  });
}

TEST(Gelu, ResetMidStreamDropsOldBeats) {
  run_scenario([](uint64_t seed, const std::string& trace) {
    XyStream s(seed, trace);
    s.set_knobs(0.2, 0.5);
    for (const auto& b : beats_of(random_codes(s.rng(), 40 * P::lanes), 4)) s.push(b);
    for (int i = 0; i < 25; ++i) s.step();
    s.reset(3);
    const auto beats = beats_of(random_codes(s.rng(), 60 * P::lanes), 5);
    for (const auto& b : beats) s.push(b);
    s.run();
    return check(beats, s);
  });
}

int main(int argc, char** argv) {
  parse_harness_args(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  fmt::print("bitloom harness for {} (GELU {}, Q{}.{} -> Q{}.{}, {} lanes): base seed {} (replay with --seed {})\n",
             P::top, P::method, P::x_width - P::x_frac, P::x_frac, P::y_width - P::y_frac, P::y_frac, P::lanes,
             base_seed(), base_seed());
  return RUN_ALL_TESTS();
}
