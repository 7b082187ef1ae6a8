// Timing-driven synthesis + OpenSTA: slow clocks are met, impossible ones violated,
// fmax lands between, reruns are cached, and tool failures name their logs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/clock_search.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

namespace {
std::string spec(const std::string& name) { return std::string(BITLOOM_TEST_DATA) + "/specs/" + name + ".yaml"; }
const Liberty& osu018() {
  static const Liberty lib = load_liberty(default_liberty_path(), BITLOOM_TEST_WORK);
  return lib;
}
SynthReport at_clock(const Generated& g, double ns) {
  SynthOptions o;
  o.clock_ns = ns;
  return synthesize(g, osu018(), o);
}
}  // namespace

TEST(Timing, SlowClockMetImpossibleClockViolated) {
  const Generated g = generate_into_work(spec("os_2x7_i8"), BITLOOM_TEST_WORK);
  const SynthReport slow = at_clock(g, 1000);
  ASSERT_TRUE(slow.timing);
  EXPECT_TRUE(slow.timing->met);
  EXPECT_GT(slow.timing->worst_slack_ns, 900);
  EXPECT_GT(slow.timing->logic_levels, 3);
  EXPECT_FALSE(slow.timing->startpoint.empty());
  const SynthReport fast = at_clock(g, 0.05);
  EXPECT_FALSE(fast.timing->met);
  EXPECT_LT(fast.timing->worst_slack_ns, 0);
  EXPECT_LT(fast.timing->tns_ns, fast.timing->worst_slack_ns - 1e-9);  // many endpoints fail
  EXPECT_TRUE(fs::exists(fast.timing->sta_log));
  EXPECT_TRUE(fs::exists(fast.timing->sdc));
}

TEST(Timing, FmaxLandsBetweenAndIsAtTheEdge) {
  const Generated g = generate_into_work(spec("os_2x7_i8"), BITLOOM_TEST_WORK);
  const FmaxResult f = search_fmax(g, osu018(), false, 0.1);
  EXPECT_GT(f.period_ns, 0.05);
  EXPECT_LT(f.period_ns, 1000);
  EXPECT_LE(f.period_ns - f.failing_period_ns, 0.1 + 1e-9);
  EXPECT_TRUE(f.at_fmax.timing->met);
  EXPECT_FALSE(at_clock(g, f.failing_period_ns).timing->met);
  // A second search is answered from the cache: no new Yosys run.
  const int runs = yosys_invocations();
  const FmaxResult again = search_fmax(g, osu018(), false, 0.1);
  EXPECT_EQ(yosys_invocations(), runs);
  EXPECT_DOUBLE_EQ(again.period_ns, f.period_ns);
}

TEST(Timing, LibraryWithoutBufferIsAClearError) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/nobuf";
  const std::string text =
      "library (nobuf) {\n time_unit : \"1ns\";\n"
      " cell (INV) { area : 1; pin (A) { direction : input; } pin (Y) { direction : output; function : \"!A\"; } }\n"
      " cell (NAND2) { area : 2; pin (A) { direction : input; } pin (B) { direction : input; }\n"
      "   pin (Y) { direction : output; function : \"!(A&B)\"; } }\n}\n";
  write_text_file(dir + "/nobuf.lib", text);
  const Liberty lib = load_liberty(dir + "/nobuf.lib", dir);
  EXPECT_EQ(lib.nand2_cell, "NAND2");
  const Generated g = generate_into_work(spec("os_1x1_i8"), BITLOOM_TEST_WORK);
  try {
    synthesize(g, lib, {});
    FAIL() << "expected an error";
  } catch (const ToolError& e) {
    EXPECT_NE(std::string(e.what()).find("no buffer cell"), std::string::npos) << e.what();
  }
}

TEST(Timing, FailingYosysRunNamesItsLog) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/broken";
  Generated g = generate_into_work(spec("os_1x1_i8"), BITLOOM_TEST_WORK);
  fs::remove_all(dir);
  write_file_set(dir, g.files);
  const std::string pe = dir + "/rtl/os_1x1_i8_pe.v";
  write_text_file(pe, read_text_file(pe) + "\nthis is not verilog\n");
  const Generated broken = with_rtl_from(g, dir, BITLOOM_TEST_WORK);
  try {
    synthesize(broken, osu018(), {});
    FAIL() << "expected an error";
  } catch (const ToolError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("Yosys synthesis failed"), std::string::npos) << msg;
    const std::string log = msg.substr(msg.find("see ") + 4);
    EXPECT_TRUE(fs::exists(log)) << log;
  }
}

TEST(Timing, EveryArrayKindGoesThroughSta) {
  // OpenSTA must read each kind's netlist (a WS top once produced assigns it rejects).
  for (const char* name : {"ws_mac_4x4_i8", "ws_opt1_4x2_u4", "cube_opt1_3_u8", "os_opt1_3x5_i4"}) {
    const SynthReport r = at_clock(generate_into_work(spec(name), BITLOOM_TEST_WORK), 50);
    ASSERT_TRUE(r.timing) << name;
    EXPECT_TRUE(r.timing->met) << name << ": slack " << r.timing->worst_slack_ns;
    EXPECT_GT(r.timing->logic_levels, 2) << name;
  }
}
