// Yosys synthesis on small arrays: areas add up, more PEs cost more, reruns are cached,
// and hierarchical and flat synthesis agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "synth/synth_runner.hpp"

using namespace bitloom;

namespace {
std::string spec(const std::string& name) { return std::string(BITLOOM_TEST_DATA) + "/specs/" + name + ".yaml"; }
const Liberty& osu018() {
  static const Liberty lib = load_liberty(default_liberty_path(), BITLOOM_TEST_WORK);
  return lib;
}
}  // namespace

TEST(Synth, AreaIsPositiveAndSumsOverModules) {
  const Generated g = generate_into_work(spec("os_3x5_i8"), BITLOOM_TEST_WORK);
  const SynthReport r = synthesize(g, osu018(), {});
  // The array, its skew lines for A and B, its row-edge recoders, its PE, and the PE's
  // digit step and adder.
  ASSERT_EQ(r.modules.size(), 7u);
  EXPECT_GT(r.area, 0);
  double sum = 0;
  for (const auto& m : r.modules) sum += m.area * m.instances;
  EXPECT_NEAR(sum, r.area, 1e-6 * r.area);
  EXPECT_NEAR(r.yosys_chip_area, r.area, 1e-6 * r.area);
  EXPECT_EQ(r.modules[0].name, "os_3x5_i8");
  EXPECT_EQ(r.modules[1].name, "os_3x5_i8_a_skew");
  EXPECT_EQ(r.modules[2].name, "os_3x5_i8_b_skew");
  EXPECT_EQ(r.modules[3].name, "os_3x5_i8_pe");
  EXPECT_EQ(r.modules[4].name, "os_3x5_i8_pe_add");
  EXPECT_EQ(r.modules[5].name, "os_3x5_i8_pe_recode");
  EXPECT_EQ(r.modules[6].name, "os_3x5_i8_pe_step_digits");
  for (int i : {3, 4, 6}) EXPECT_EQ(r.modules[i].instances, 15) << r.modules[i].name;
  EXPECT_EQ(r.modules[5].instances, 3);  // one per row
  // Row i of A waits i cycles and column j of B j: 0 + 1 + 2 of 12 digit bits, 0 + ... + 4 of 8 bits.
  EXPECT_EQ(r.modules[1].flops, 3 * 12);
  EXPECT_EQ(r.modules[2].flops, 10 * 8);
  EXPECT_GT(r.flops, 15 * (8 + 8 + 2 * 8));  // operands, accumulators and results at least
  EXPECT_GT(r.gate_equivalents, 0);
}

TEST(Synth, MorePesMoreArea) {
  const SynthReport small = synthesize(generate_into_work(spec("os_2x7_i8"), BITLOOM_TEST_WORK), osu018(), {});
  const SynthReport big = synthesize(generate_into_work(spec("os_4x4_i8"), BITLOOM_TEST_WORK), osu018(), {});
  EXPECT_GT(big.area, small.area);
}

TEST(Synth, RerunIsCached) {
  const Generated g = generate_into_work(spec("os_1x8_i8"), BITLOOM_TEST_WORK);
  const SynthReport first = synthesize(g, osu018(), {});
  const int runs = yosys_invocations();
  const SynthReport again = synthesize(g, osu018(), {});
  EXPECT_EQ(yosys_invocations(), runs);
  EXPECT_TRUE(again.cached);
  EXPECT_DOUBLE_EQ(again.area, first.area);
}

// A sanity check on a tiny array without a clock; the benchmarks state the difference
// measured for each design at its fmax clock (it is not always this small).
TEST(Synth, FlatIsOneModuleAndCloseInAreaOnATinyArray) {
  const Generated g = generate_into_work(spec("os_2x7_i8"), BITLOOM_TEST_WORK);
  SynthOptions flat;
  flat.flat = true;
  const SynthReport h = synthesize(g, osu018(), {});
  const SynthReport f = synthesize(g, osu018(), flat);
  EXPECT_EQ(f.modules.size(), 1u);
  EXPECT_LT(std::fabs(h.area - f.area) / f.area, 0.05) << h.area << " vs " << f.area;
}

// A register copy must reach synthesis as separate flops: kept in one module, Yosys
// merges identical flops into one small cell driving every PE, which is what set the WS
// OPT1 clock and, on the broadcast arrays, the 2D-Matrix, tree and cube clocks (README).
// `flops` 0: any number, at least one (constant bits may be swept).
namespace {
// The synthesized module `name`, after checking it has `instances` instances.
const ModuleArea* expect_instances(const SynthReport& r, const std::string& name, int instances) {
  const auto m = std::find_if(r.modules.begin(), r.modules.end(), [&](const ModuleArea& x) { return x.name == name; });
  EXPECT_NE(m, r.modules.end()) << name << " is not a module of the synthesized design";
  if (m == r.modules.end()) return nullptr;
  EXPECT_EQ(m->instances, instances) << name;
  return &*m;
}

void expect_copies(const SynthReport& r, const std::string& name, int instances, int flops) {
  const ModuleArea* m = expect_instances(r, name, instances);
  if (m == nullptr) return;
  if (flops > 0) EXPECT_EQ(m->flops, flops) << name;
  else EXPECT_GT(m->flops, 0) << name;
}
}  // namespace

TEST(Synth, WsRowControlCopiesStaySeparateFlops) {
  const Generated g = generate_into_work(spec("ws_mac_4x4_i8"), BITLOOM_TEST_WORK);
  const SynthReport r = synthesize(g, osu018(), {});
  for (const std::string suffix : {"_advance_reg", "_w_shift_reg"})
    expect_copies(r, "ws_mac_4x4_i8" + suffix, 4, 1);  // one per PE row (k_rows: 4)
}

// Systolic rows pass an activation from PE to PE: the array recodes it once, as it
// enters its row, and the PEs take the digits (no recoder inside a PE).
TEST(Synth, SystolicRowsRecodeEachActivationOnceAtTheEdge) {
  const SynthReport os = synthesize(generate_into_work(spec("os_3x5_i8"), BITLOOM_TEST_WORK), osu018(), {});
  expect_instances(os, "os_3x5_i8_pe_recode", 3);  // 3 rows
  expect_instances(os, "os_3x5_i8_pe_step_digits", 15);
  const SynthReport ws = synthesize(generate_into_work(spec("ws_mac_4x4_i8"), BITLOOM_TEST_WORK), osu018(), {});
  expect_instances(ws, "ws_mac_4x4_i8_pe_recode", 4);  // k_rows: 4
  expect_instances(ws, "ws_mac_4x4_i8_pe_step_digits", 16);
}

// An overlap PE restarts its accumulator on a tile's first beat. The gate that does it
// lives in the step module, where synthesis merges it into the compressor tree; in the PE
// shell (synthesized on its own) it was an inverter and a NOR per accumulator bit, 6 % of
// the 8x8 OPT1 array. The shell keeps its registers and the result registers' hold (about
// 3 gates a result bit on osu018; with the restart gates here it was about 5).
TEST(Synth, OverlapPeShellLeavesTheRestartToTheStep) {
  for (const std::string name : {"os_opt1_4x4_i8", "os_4x4_i8"}) {
    const Generated g = generate_into_work(spec(name), BITLOOM_TEST_WORK);
    const SynthReport r = synthesize(g, osu018(), {});
    const ModuleArea* pe = expect_instances(r, name + "_pe", 16);
    if (pe == nullptr) continue;
    const int c_width = g.design.params.at("c_width").get<int>();
    const int result_bits = (name.find("opt1") != std::string::npos ? 2 : 1) * c_width;
    const long long gates = pe->cells - pe->flops;
    EXPECT_LT(gates, 4 * result_bits) << name << ": " << gates << " gates for " << result_bits
                                           << " result bits";
  }
}

// Broadcast operands: one copy per 4 PE columns (A) or rows (B).
TEST(Synth, BroadcastOperandCopiesStaySeparateFlops) {
  const SynthReport m2d = synthesize(generate_into_work(spec("m2d_opt1_5x9_i8_shift"), BITLOOM_TEST_WORK), osu018(), {});
  // 9 columns; a beat is 5 lanes, each held as its 4 Booth digits (neg, one, two).
  expect_copies(m2d, "m2d_opt1_5x9_i8_shift_a_reg", 3, 5 * 4 * 3);
  expect_instances(m2d, "m2d_opt1_5x9_i8_shift_pe_recode", 5);  // one recoder per row, none in the PEs
  expect_copies(m2d, "m2d_opt1_5x9_i8_shift_b_reg", 2, 9 * 8);  // 5 rows; a beat is 9 lanes
  const SynthReport mt = synthesize(generate_into_work(spec("mt_ent_3x9_i8"), BITLOOM_TEST_WORK), osu018(), {});
  expect_copies(mt, "mt_ent_3x9_i8_row_reg", 3, 0);  // 9 columns: the EN-T digits and an enable each
}
