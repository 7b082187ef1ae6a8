// GoogleTest regression for one generated ws_stream core, against the golden GEMM.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>

#include "tb/rtl_test_support.hpp"
#include "tb/ws_stream_harness.hpp"

using namespace bitloom::tb;
namespace P = bitloom_params;

namespace {
using Errors = std::vector<std::string>;
const WsKnobs kClean{};
const WsKnobs kRough{0.4, 0.3, 0.4};
const int KH = static_cast<int>(P::k_rows);
}  // namespace

TEST(WsStream, LatencyMatchesManifest) {
  WsStreamHarness h(test_seed(), "");
  h.push_weights(h.random_weights(KH));
  for (int i = 0; i < 40; ++i) h.step();  // let the weights load
  const long long start = h.cycle();
  h.push_batch(h.random_rows(1, KH));
  ASSERT_TRUE(h.run()) << h.errors().front();
  EXPECT_GE(h.first_input_cycle(), start);
  EXPECT_EQ(h.first_output_cycle() - h.first_input_cycle(), P::latency_cycles);
}

TEST(WsStream, OneWeightSetManyBatches) {
  // Only the first batch binds; the others reuse its set (s_a_tuser[0] = 0).
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    h.push_weights(h.random_weights(KH));
    for (int b = 0; b < 6; ++b) h.push_batch(h.random_rows(1 + static_cast<int>(h.rng()() % 20), KH), b == 0);
    h.run();
    return h.errors();
  });
}

TEST(WsStream, WeightReloadsApplyWhereTheHostBindsThem) {
  // New sets stream in while batches run; each round's first batch binds the next set
  // and the round's other batches keep it.
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    h.set_knobs({0.1, 0.1, 0.1});
    for (int round = 0; round < 8; ++round) {
      h.push_weights(h.random_weights(KH));
      for (int b = 0; b < 3; ++b) h.push_batch(h.random_rows(1 + static_cast<int>(h.rng()() % 12), KH), b == 0);
    }
    h.run();
    return h.errors();
  });
}

TEST(WsStream, WeightStreamSlowerThanActivations) {
  // The race the contract rules out: set i+1 is sent before batch i+1, but arrives
  // long after the batch's rows are offered. The batch must wait for its set.
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    h.set_knobs({0.9, 0.0, 0.2});
    for (int round = 0; round < 6; ++round) {
      h.push_weights(h.random_weights(KH));
      h.push_batch(h.random_rows(1 + static_cast<int>(h.rng()() % 6), KH), true);
    }
    h.run();
    return h.errors();
  });
}

TEST(WsStream, SetReusedWhileTheNextOneLoads) {
  // Batches keep set i while set i+1 is already complete in the shadow registers: it
  // must not apply until a batch binds it.
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    h.set_knobs({0.0, 0.5, 0.3});
    for (int round = 0; round < 4; ++round) {
      h.push_weights(h.random_weights(KH));
      if (round == 0) h.push_weights(h.random_weights(KH));
      for (int b = 0; b < 4; ++b) h.push_batch(h.random_rows(1 + static_cast<int>(h.rng()() % 5), KH), b == 0);
    }
    h.run();
    return h.errors();
  });
}

TEST(WsStream, NextSetWaitsWhileABindingRowIsStalled) {
  // A binding row may wait in the first stage (the output is stalled) before its PEs copy
  // the shadow set. The next set is queued with no bubbles behind it, so it is offered
  // in exactly those cycles: the shadow must not take it before the copy.
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    h.set_knobs({0.0, 0.0, 0.8});
    h.push_weights(h.random_weights(KH));
    for (int round = 0; round < 8; ++round) {
      h.push_weights(h.random_weights(KH));
      h.push_batch(h.random_rows(2 + static_cast<int>(h.rng()() % 6), KH), true);
    }
    h.run();
    return h.errors();
  });
}

TEST(WsStream, BubblesAndBackPressure) {
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    auto& rng = h.rng();
    for (int round = 0; round < 10; ++round) {
      const double p[] = {0.0, 0.3, 0.7, 0.9};
      h.set_knobs({p[rng() % 4], p[rng() % 4], p[rng() % 4]});
      const bool new_set = round == 0 || rng() % 2;
      if (new_set) h.push_weights(h.random_weights(KH));
      for (int b = 0; b < 3; ++b) h.push_batch(h.random_rows(1 + static_cast<int>(rng() % 16), KH), new_set && b == 0);
      if (!h.run()) break;
    }
    return h.errors();
  });
}

TEST(WsStream, ShortKPaddedWithZeros) {
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    h.set_knobs(kRough);
    for (int k = 1; k <= KH; k += (KH > 4 ? KH / 4 : 1)) {
      h.push_weights(h.random_weights(k));
      h.push_batch(h.random_rows(5, k));
    }
    h.run();
    return h.errors();
  });
}

TEST(WsStream, ExtremeOperands) {
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    for (int fa : {+1, -1})
      for (int fw : {+1, -1}) {
        h.push_weights(h.random_weights(KH, fw));
        h.push_batch(h.random_rows(3, KH, fa));
      }
    h.run();
    return h.errors();
  });
}

TEST(WsStream, ResetInTheMiddle) {
  run_scenario([](uint64_t s, const std::string& t) {
    WsStreamHarness h(s, t);
    h.set_knobs(kRough);
    auto& rng = h.rng();
    for (int round = 0; round < 6; ++round) {
      h.push_weights(h.random_weights(KH));
      h.push_batch(h.random_rows(9, KH));
      h.push_weights(h.random_weights(KH));
      const int cut = 1 + static_cast<int>(rng() % (3 * (KH + P::cols) + 10));
      for (int c = 0; c < cut && h.errors().empty(); ++c) h.step();
      h.reset(1 + static_cast<int>(rng() % 3));
      h.push_weights(h.random_weights(KH));
      h.push_batch(h.random_rows(4, KH));
      if (!h.run()) break;
    }
    return h.errors();
  });
}

TEST(WsStream, BackToBackUtilizationWithReloads) {
  // 16 batches of 256 rows, a new weight set before each: double buffering keeps the
  // array busy (rows out per cycle, from first row in to last row out).
  WsStreamHarness h(test_seed(), "");
  const int batches = 16, rows = 256;
  for (int b = 0; b < batches; ++b) {
    h.push_weights(h.random_weights(KH));
    h.push_batch(h.random_rows(rows, KH));
  }
  ASSERT_TRUE(h.run()) << h.errors().front();
  const double cycles = static_cast<double>(h.last_output_cycle() - h.first_input_cycle() + 1);
  const double utilization = batches * rows / cycles;
  RecordProperty("utilization", fmt::format("{:.4f}", utilization));
  fmt::print("utilization {:.4f} over {:.0f} cycles\n", utilization, cycles);
  EXPECT_GE(utilization, 0.90);
}

TEST(WsStream, DISABLED_SimulationSpeed) {
  WsStreamHarness h(test_seed(), "");
  h.push_weights(h.random_weights(KH));
  for (int b = 0; b < 64; ++b) h.push_batch(h.random_rows(256, KH), b == 0);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(h.run()) << h.errors().front();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("cycles", fmt::format("{}", h.cycle()));
  RecordProperty("seconds", fmt::format("{:.6f}", seconds));
}

int main(int argc, char** argv) {
  parse_harness_args(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  fmt::print("bitloom harness for {} ({}x{}, a {}{} b {}{} c {}): base seed {} (replay with --seed {})\n",
             P::top, P::k_rows, P::cols, P::a_signed ? "i" : "u", P::a_width, P::b_signed ? "i" : "u",
             P::b_width, P::c_width, base_seed(), base_seed());
  return RUN_ALL_TESTS();
}
