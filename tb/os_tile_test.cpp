// GoogleTest regression for one generated os_tile core, against the golden GEMM.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "tb/os_tile_harness.hpp"
#include "tb/rtl_test_support.hpp"
#include "tb/sparse_serial_model.hpp"

using namespace bitloom::tb;
namespace P = bitloom_params;

namespace {

using Errors = std::vector<std::string>;

// Longest tile for the overflow corner cases: the spec's k_max, capped at 4096 and, for
// arrays over 256 PEs, at 2^20 / PEs (256 at 64x64), to keep runs short.
int corner_k() {
  const long long by_size = std::max<long long>(256, (1LL << 20) / (P::rows * P::cols));
  return static_cast<int>(std::min<long long>(P::k_max, std::min<long long>(4096, by_size)));
}

Errors tiles_with(uint64_t seed, const std::string& trace, const StreamKnobs& knobs,
                  const std::vector<int>& ks, int fill_a = 0, int fill_b = 0) {
  OsTileHarness h(seed, trace);
  h.set_knobs(knobs);
  for (int k : ks) h.push_tile(h.random_a(k, fill_a), h.random_b(k, fill_b));
  h.run();
  return h.errors();
}

const StreamKnobs kClean{};
const StreamKnobs kRough{0.3, 0.5, 0.4};

}  // namespace

namespace {

// Sparse-serial arrays take as long as their operands' nonzero digits say: the cycle
// model's issue cycles, then the manifest's latency.
constexpr bool kSparse = P::sparse_group > 0;

std::vector<SparseGroup> groups_of(const Matrix& a) {
  return sparse_groups(a, P::a_width, P::a_signed, static_cast<int>(P::sparse_group));
}

}  // namespace

TEST(OsTile, LatencyMatchesManifest) {
  for (int k : {1, 5}) {
    OsTileHarness h(test_seed(), "");
    const Matrix a = h.random_a(k);
    h.push_tile(a, h.random_b(k));
    ASSERT_TRUE(h.run()) << h.errors().front();
    const long long measured = h.first_output_cycle() - h.first_input_cycle();
    const long long beats = (k + P::k_per_beat - 1) / P::k_per_beat;
    const long long expected = kSparse ? sparse_issue_end(groups_of(a)) + P::latency_cycles
                                       : P::latency_cycles + (beats - 1) * P::latency_cycles_per_beat;
    EXPECT_EQ(measured, expected) << "K=" << k;
  }
}

namespace {

// A with entries drawn from N(0, sigma), truncated toward zero and clamped to the operand.
Matrix gaussian_a(std::mt19937_64& rng, int k, double sigma) {
  Matrix a(P::rows, k);
  std::normal_distribution<double> dist(0.0, sigma);
  const int64_t lo = P::a_signed ? -(int64_t{1} << (P::a_width - 1)) : 0;
  const int64_t hi = P::a_signed ? (int64_t{1} << (P::a_width - 1)) - 1 : (int64_t{1} << P::a_width) - 1;
  for (auto& v : a.v) v = std::clamp(static_cast<int64_t>(dist(rng)), lo, hi);
  return a;
}

}  // namespace

TEST(OsTile, SparseCyclesMatchTheModelOnEveryTile) {
  if (!kSparse) GTEST_SKIP() << "one beat per cycle: LatencyMatchesManifest and BackToBackUtilization time it";
  // One tile per harness, a host that never stalls: from the first beat to the first
  // result, the model's issue cycles plus the latency. Zero tiles (one cycle per group),
  // nearly zero ones (N(0, 1.5): many groups of a single digit, which end on the cycle
  // they start), all-max and all-min, random, and N(0, sigma) for the paper's sigmas, at
  // K that do and do not fill the last group.
  std::mt19937_64 rng(test_seed());
  double measured_sum = 0, model_sum = 0;
  long long operands = 0;
  int tiles = 0;
  for (int k : {1, 3, 4, 9, 32, 61}) {
    std::vector<Matrix> as;
    as.push_back(Matrix(P::rows, k));
    for (double sigma : {1.5, 10.0, 20.0, 30.0, 40.0, 50.0}) as.push_back(gaussian_a(rng, k, sigma));
    OsTileHarness probe(test_seed(), "");
    as.push_back(probe.random_a(k));
    as.push_back(probe.random_a(k, +1));
    as.push_back(probe.random_a(k, -1));
    for (const Matrix& a : as) {
      OsTileHarness h(test_seed() + static_cast<uint64_t>(tiles), "");
      h.push_tile(a, h.random_b(k));
      ASSERT_TRUE(h.run()) << h.errors().front();
      const auto groups = groups_of(a);
      const long long issue = h.first_output_cycle() - h.first_input_cycle() - P::latency_cycles;
      EXPECT_EQ(issue, sparse_issue_end(groups)) << "tile " << tiles << " K=" << k;
      measured_sum += static_cast<double>(issue), model_sum += static_cast<double>(sparse_issue_end(groups));
      operands += k;
      ++tiles;
    }
  }
  fmt::print("{} tiles: {:.4f} cycles per operand measured (first beat to last issue), {:.4f} by the model\n",
             tiles, measured_sum / static_cast<double>(operands), model_sum / static_cast<double>(operands));
}

TEST(OsTile, SparsePesEveryOperandPair) {
  if (!kSparse || P::a_width + P::b_width > 16) GTEST_SKIP() << "sparse-serial arrays with operands of 8 bits or less";
  // Every (a, b) pair through the encoders and PEs, in one-beat tiles: tile (i, j) gives
  // row r the value i*ROWS + r of a's range and column c the value j*COLS + c of b's,
  // so each PE multiplies its own pairs and together they cover all of them.
  OsTileHarness h(test_seed(), "");
  const int64_t amin = P::a_signed ? -(int64_t{1} << (P::a_width - 1)) : 0, na = int64_t{1} << P::a_width;
  const int64_t bmin = P::b_signed ? -(int64_t{1} << (P::b_width - 1)) : 0, nb = int64_t{1} << P::b_width;
  long long tiles = 0;
  for (int64_t i = 0; i * P::rows < na; ++i)
    for (int64_t j = 0; j * P::cols < nb; ++j) {
      Matrix a(P::rows, 1), b(1, P::cols);
      for (int r = 0; r < P::rows; ++r) a.at(r, 0) = amin + (i * P::rows + r) % na;
      for (int c = 0; c < P::cols; ++c) b.at(0, c) = bmin + (j * P::cols + c) % nb;
      h.push_tile(a, b);
      ++tiles;
    }
  ASSERT_TRUE(h.run()) << h.errors().front();
  RecordProperty("tiles", fmt::format("{}", tiles));
  fmt::print("{} one-beat tiles: every ({}-bit a, {}-bit b) pair\n", tiles, P::a_width, P::b_width);
}

TEST(OsTile, SparseCyclesPerOperandAtTheSigmasOfThePaper) {
  if (!kSparse) GTEST_SKIP() << "not a sparse-serial array";
  // Back to back, 8 tiles of K = 64 per sigma: the whole stream's cycles (first beat to
  // last result row) against the model, and cycles per operand as the array runs them
  // (with drain: shift, including each tile's wait for the previous one to leave).
  std::mt19937_64 rng(test_seed());
  for (double sigma : {10.0, 20.0, 30.0, 40.0, 50.0}) {
    OsTileHarness h(test_seed(), "");
    std::vector<SparseGroup> all;
    std::vector<std::vector<SparseGroup>> per_tile;
    const int tiles = 8, k = 64;
    for (int t = 0; t < tiles; ++t) {
      const Matrix a = gaussian_a(rng, k, sigma);
      per_tile.push_back(groups_of(a));
      for (const auto& g : per_tile.back()) all.push_back(g);
      h.push_tile(a, h.random_b(k));
    }
    ASSERT_TRUE(h.run()) << h.errors().front();
    const long long cycles = h.last_output_cycle() - h.first_input_cycle();
    // overlap: the next tile's groups load while the last one issues; shift: tiles in turn.
    const long long model = std::string(P::drain) == "shift"
                                ? sparse_shift_stream_cycles(per_tile, P::latency_cycles, P::rows)
                                : sparse_issue_end(all) + P::latency_cycles + (P::rows - 1);
    EXPECT_EQ(cycles, model) << "sigma " << sigma;
    const double per_operand = static_cast<double>(cycles) / (tiles * k);
    RecordProperty(fmt::format("cycles_per_operand_sigma{:.0f}", sigma), fmt::format("{:.4f}", per_operand));
    fmt::print("sigma {:>2.0f}: {:.4f} cycles per operand measured, {:.4f} by the model ({:.4f} issue cycles alone)\n",
               sigma, per_operand, static_cast<double>(model) / (tiles * k), sparse_cycles_per_operand(all));
  }
}

TEST(OsTile, SingleBeatTilesBackToBack) {
  run_scenario([](uint64_t s, const std::string& t) {
    return tiles_with(s, t, kClean, std::vector<int>(24, 1));
  });
}

TEST(OsTile, SingleBeatTilesWithBubblesAndBackPressure) {
  run_scenario([](uint64_t s, const std::string& t) {
    return tiles_with(s, t, kRough, std::vector<int>(24, 1));
  });
}

TEST(OsTile, LongK) {
  run_scenario([](uint64_t s, const std::string& t) {
    return tiles_with(s, t, {0.1, 0.1, 0.1}, {1024, 1030});
  });
}

TEST(OsTile, AllMaxOperands) {
  run_scenario([](uint64_t s, const std::string& t) {
    return tiles_with(s, t, kClean, {corner_k(), 3}, +1, +1);
  });
}

TEST(OsTile, AllMinOperands) {
  run_scenario([](uint64_t s, const std::string& t) {
    return tiles_with(s, t, kClean, {corner_k(), 2}, -1, -1);
  });
}

TEST(OsTile, MinTimesMax) {
  run_scenario([](uint64_t s, const std::string& t) {
    return tiles_with(s, t, kRough, {corner_k(), 7}, -1, +1);
  });
}

TEST(OsTile, RandomTilesRandomHandshakes) {
  run_scenario([](uint64_t s, const std::string& t) {
    OsTileHarness h(s, t);
    auto& rng = h.rng();
    for (int burst = 0; burst < 12; ++burst) {
      const double probs[] = {0.0, 0.2, 0.6, 0.9};
      h.set_knobs({probs[rng() % 4], probs[rng() % 4], probs[rng() % 4]});
      const int tiles = 1 + static_cast<int>(rng() % 6);
      for (int i = 0; i < tiles; ++i) {
        const int k = (rng() % 4 == 0) ? 1 + static_cast<int>(rng() % 300)
                                        : 1 + static_cast<int>(rng() % 24);
        h.push_tile(h.random_a(k), h.random_b(k));
      }
      if (!h.run()) break;
    }
    return h.errors();
  });
}

TEST(OsTile, ResetInTheMiddleOfATile) {
  run_scenario([](uint64_t s, const std::string& t) {
    OsTileHarness h(s, t);
    h.set_knobs(kRough);
    auto& rng = h.rng();
    for (int round = 0; round < 6; ++round) {
      // Start two tiles, stop part-way (inputs or drain), reset, then check clean tiles.
      h.push_tile(h.random_a(9), h.random_b(9));
      h.push_tile(h.random_a(3), h.random_b(3));
      const int cut = 1 + static_cast<int>(rng() % (12 + 2 * (P::rows + P::cols)));
      for (int c = 0; c < cut && h.errors().empty(); ++c) h.step();
      h.reset(1 + static_cast<int>(rng() % 3));
      h.push_tile(h.random_a(4), h.random_b(4));
      h.push_tile(h.random_a(1), h.random_b(1));
      if (!h.run()) break;
    }
    return h.errors();
  });
}

TEST(OsTile, BackToBackUtilization) {
  if (kSparse) GTEST_SKIP() << "data-dependent: SparseCyclesPerOperandAtTheSigmasOfThePaper times it";
  // 16 tiles of K=256 with no stalls keep the PEs busy:
  // useful MACs / (MACs per cycle * cycles) = K / (k_per_beat * cycles) per tile.
  OsTileHarness h(test_seed(), "");
  const int tiles = 16, k = 256;
  for (int i = 0; i < tiles; ++i) h.push_tile(h.random_a(k), h.random_b(k));
  ASSERT_TRUE(h.run()) << h.errors().front();
  const double cycles = static_cast<double>(h.last_output_cycle() - h.first_input_cycle() + 1);
  const double utilization = tiles * k / (cycles * P::k_per_beat);
  RecordProperty("utilization", fmt::format("{:.4f}", utilization));
  fmt::print("utilization {:.4f} over {:.0f} cycles\n", utilization, cycles);
  // drain: overlap streams tiles back to back. drain: shift makes each tile wait for the
  // previous one to finish (ROWS + COLS cycles through a systolic array, a few for a
  // cube) and to shift out (ROWS cycles): that is its price for having no result registers.
  const double beats = static_cast<double>(k) / P::k_per_beat;
  const double finish = P::k_per_beat == 1 ? P::rows + P::cols : 2;
  const double bound = std::string(P::drain) == "shift" ? 0.97 * beats / (beats + finish + P::rows + 4) : 0.90;
  EXPECT_GE(utilization, bound);
}

// For bench/: simulated cycles per second on a long back-to-back run (not a test of
// speed; it only reports it).
TEST(OsTile, DISABLED_SimulationSpeed) {
  OsTileHarness h(test_seed(), "");
  const int tiles = 64, k = 256;
  for (int i = 0; i < tiles; ++i) h.push_tile(h.random_a(k), h.random_b(k));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(h.run()) << h.errors().front();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("cycles", fmt::format("{}", h.cycle()));
  RecordProperty("seconds", fmt::format("{:.6f}", seconds));
  fmt::print("{} cycles in {:.3f} s: {:.0f} cycles/s\n", h.cycle(), seconds, h.cycle() / seconds);
}

int main(int argc, char** argv) {
  parse_harness_args(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  fmt::print("bitloom harness for {} ({}x{}, a {}{} b {}{} c {}): base seed {} "
             "(replay with --seed {})\n",
             P::top, P::rows, P::cols, P::a_signed ? "i" : "u", P::a_width,
             P::b_signed ? "i" : "u", P::b_width, P::c_width, base_seed(), base_seed());
  return RUN_ALL_TESTS();
}
