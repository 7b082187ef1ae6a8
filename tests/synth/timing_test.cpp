// Timing-driven synthesis + OpenSTA: slow clocks are met, impossible ones violated,
// fmax lands between, reruns are cached, and tool failures name their logs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/clock_search.hpp"
#include "synth/sequential_overhead.hpp"

#include <fmt/format.h>

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

TEST(Timing, FmaxIsAMetProbeNextToAFailingOneInFewProbes) {
  const Generated g = generate_into_work(spec("os_2x7_i8"), BITLOOM_TEST_WORK);
  FmaxOptions o;
  o.resolution_ns = 0.1;
  const FmaxResult f = search_fmax(g, osu018(), o);
  EXPECT_GT(f.period_ns, 0.05);
  EXPECT_LT(f.period_ns, 1000);
  EXPECT_LE(f.probes.size(), 5u);
  EXPECT_TRUE(f.at_fmax.timing->met);
  EXPECT_DOUBLE_EQ(*f.at_fmax.clock_ns, f.period_ns);
  // The reported point is the best met probe; every shorter probe failed.
  for (const auto& p : f.probes) {
    if (p.timing->met) {
      EXPECT_GE(*p.clock_ns, f.period_ns - 1e-9);
    } else {
      EXPECT_LT(*p.clock_ns, f.period_ns + 1e9);
    }
    if (*p.clock_ns < f.period_ns) {
      EXPECT_FALSE(p.timing->met);
    }
  }
  EXPECT_GT(f.failing_period_ns, 0);
  EXPECT_FALSE(at_clock(g, f.failing_period_ns).timing->met);
  // A second search is answered from the cache: no new Yosys run.
  const int runs = yosys_invocations();
  const FmaxResult again = search_fmax(g, osu018(), o);
  EXPECT_EQ(yosys_invocations(), runs);
  EXPECT_DOUBLE_EQ(again.period_ns, f.period_ns);
}

TEST(Timing, TheClockReachesTheMapping) {
  // One design at a loose and a tight clock: the netlists differ, the tight one is
  // faster on STA, and the ABC script of each run carries its own delay target.
  const Generated g = generate_into_work(spec("os_opt1_4x4_i8"), BITLOOM_TEST_WORK);
  const SynthReport loose = at_clock(g, 10), tight = at_clock(g, 2);
  EXPECT_NE(read_text_file(loose.netlist), read_text_file(tight.netlist));
  EXPECT_LT(tight.timing->arrival_ns, loose.timing->arrival_ns - 0.1)
      << "tight " << tight.timing->arrival_ns << " ns, loose " << loose.timing->arrival_ns << " ns";
  const double overhead = sequential_overhead_ns(osu018());
  EXPECT_GT(overhead, 0.05);
  EXPECT_LT(overhead, 1.0);
  for (const auto* r : {&loose, &tight}) {
    const std::string want = fmt::format("&nf -D {:.0f}", (*r->clock_ns - overhead) * 1000);
    EXPECT_NE(r->scripts.at("abc.script").find(want), std::string::npos) << r->scripts.at("abc.script");
    EXPECT_EQ(r->scripts.at("abc.script").find("{D}"), std::string::npos);
    ASSERT_EQ(r->alternatives.size(), 2u);  // both mappings ran; the report keeps the better
    EXPECT_FALSE(r->commands.empty());
  }
}

TEST(Timing, FlatRunsAreTimingDrivenToo) {
  const Generated g = generate_into_work(spec("os_opt1_4x4_i8"), BITLOOM_TEST_WORK);
  SynthOptions o;
  o.flat = true;
  o.clock_ns = 10;
  const SynthReport loose = synthesize(g, osu018(), o);
  o.clock_ns = 2;
  const SynthReport tight = synthesize(g, osu018(), o);
  EXPECT_EQ(tight.modules.size(), 1u);
  EXPECT_LT(tight.timing->arrival_ns, loose.timing->arrival_ns - 0.1);
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
