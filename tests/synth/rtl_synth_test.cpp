// `bitloom synth --rtl`: hand-written Verilog through the same flow as generated designs.
#include <gtest/gtest.h>

#include <filesystem>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/clock_search.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

namespace {
const Liberty& osu018() {
  static const Liberty lib = load_liberty(default_liberty_path(), BITLOOM_TEST_WORK);
  return lib;
}
std::string ref(const std::string& file) { return std::string(BITLOOM_TEST_DATA) + "/../bench/reference_rtl/" + file; }
}  // namespace

TEST(RtlSynth, HandWrittenArrayWithParametersAndHierarchy) {
  const SynthTarget t = rtl_target({ref("ref_os_mac.v")}, "ref_os_mac", {"ROWS=2", "COLS=3"}, {}, 6,
                                   BITLOOM_TEST_WORK);
  SynthOptions o;
  o.clock_ns = 10;
  const SynthReport r = synthesize(t, osu018(), o);
  EXPECT_GT(r.area, 0);
  ASSERT_EQ(r.modules.size(), 2u);  // the top and one PE, mapped once
  EXPECT_EQ(r.modules[1].instances, 6);
  EXPECT_EQ(r.macs_per_cycle, 6);
  EXPECT_TRUE(r.timing->met);
  EXPECT_NE(r.scripts.at("synth.ys").find("chparam -set ROWS 2 ref_os_mac"), std::string::npos);
}

TEST(RtlSynth, FlattenBelowMergesTinySubmodules) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/rtl-flatten";
  write_text_file(dir + "/tiny.v",
                  "module bit_and(input wire a, input wire b, output wire y); assign y = a & b; endmodule\n"
                  "module row(input wire [3:0] a, input wire [3:0] b, output wire [3:0] y);\n"
                  "  genvar i; generate for (i = 0; i < 4; i = i + 1) begin : g\n"
                  "    bit_and u(.a(a[i]), .b(b[i]), .y(y[i])); end endgenerate\nendmodule\n"
                  "module top(input wire clk, input wire [3:0] a, input wire [3:0] b, output reg [3:0] q);\n"
                  "  wire [3:0] y; row u_row(.a(a), .b(b), .y(y)); always @(posedge clk) q <= y;\nendmodule\n");
  const SynthReport kept = synthesize(rtl_target({dir + "/tiny.v"}, "top", {}, {}, 0, BITLOOM_TEST_WORK), osu018(), {});
  const SynthReport flat = synthesize(rtl_target({dir + "/tiny.v"}, "top", {}, {"row"}, 0, BITLOOM_TEST_WORK), osu018(), {});
  EXPECT_EQ(kept.modules.size(), 3u);  // top, row, bit_and
  EXPECT_EQ(flat.modules.size(), 2u);  // top, row (with its ANDs inside)
  EXPECT_NEAR(flat.area, kept.area, 1e-6 * kept.area);
}

TEST(RtlSynth, BadArgumentsAreErrors) {
  EXPECT_THROW(rtl_target({ref("ref_os_mac.v")}, "1top", {}, {}, 0, BITLOOM_TEST_WORK), std::invalid_argument);
  EXPECT_THROW(rtl_target({"/no/such.v"}, "top", {}, {}, 0, BITLOOM_TEST_WORK), std::invalid_argument);
  EXPECT_THROW(rtl_target({ref("ref_os_mac.v")}, "ref_os_mac", {"ROWS"}, {}, 0, BITLOOM_TEST_WORK),
               std::invalid_argument);
}

// Yosys writes `assign { q[3], q[1] } = 2'h0;` for output bits driven by constants,
// which OpenSTA's Verilog reader rejects (found on the flat hand-written OPT1 array,
// whose carry outputs have constant-zero bits): the flow must still time it.
TEST(RtlSynth, ConstantOutputBitsStillGetTimed) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/rtl-constant-outputs";
  write_text_file(dir + "/const_out.v",
                  "module const_out(input wire clk, input wire [3:0] a, output reg [3:0] p, output reg [3:0] q);\n"
                  "  always @(posedge clk) begin p <= {2'b00, a[1:0]}; q <= {1'b0, a[3], 1'b0, a[2]}; end\nendmodule\n");
  for (bool flat : {false, true}) {
    SynthOptions o;
    o.clock_ns = 5;
    o.flat = flat;
    const SynthReport r = synthesize(rtl_target({dir + "/const_out.v"}, "const_out", {}, {}, 0, BITLOOM_TEST_WORK),
                                     osu018(), o);
    ASSERT_TRUE(r.timing.has_value());
    EXPECT_TRUE(r.timing->met) << (flat ? "flat" : "hierarchical");
  }
}

// A tool failure names the tool's own error, not only its log.
TEST(RtlSynth, ToolErrorsQuoteTheCause) {
  try {
    synthesize(rtl_target({ref("ref_os_mac.v")}, "no_such_top", {}, {}, 0, BITLOOM_TEST_WORK), osu018(), {});
    FAIL() << "Yosys accepted a missing top";
  } catch (const ToolError& e) {
    EXPECT_NE(std::string(e.what()).find("ERROR: Module `no_such_top' not found!"), std::string::npos) << e.what();
  }
}

// A top whose clock port is not `clk`: OpenSTA would only warn and time nothing (every
// path unconstrained, any clock "met"). The flow refuses that, and --clock names the port.
TEST(RtlSynth, TheClockPortMustExistAndCanBeNamed) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/rtl-clock-port";
  write_text_file(dir + "/clk_i_top.v",
                  "module clk_i_top(input wire clk_i, input wire [15:0] a, input wire [15:0] b, output reg [31:0] p);\n"
                  "  reg [15:0] a_q, b_q;\n"
                  "  always @(posedge clk_i) begin a_q <= a; b_q <= b; p <= a_q * b_q; end\nendmodule\n");
  SynthOptions tight;
  tight.clock_ns = 0.5;  // far below a 16x16 multiply in osu018
  try {
    synthesize(rtl_target({dir + "/clk_i_top.v"}, "clk_i_top", {}, {}, 0, BITLOOM_TEST_WORK), osu018(), tight);
    FAIL() << "a top without a clk port was timed";
  } catch (const ToolError& e) {
    EXPECT_NE(std::string(e.what()).find("no clock port 'clk'"), std::string::npos) << e.what();
  }
  const SynthReport r = synthesize(
      rtl_target({dir + "/clk_i_top.v"}, "clk_i_top", {}, {}, 0, BITLOOM_TEST_WORK, "clk_i"), osu018(), tight);
  ASSERT_TRUE(r.timing.has_value());
  EXPECT_FALSE(r.timing->met) << "the multiply path was not timed";
  EXPECT_NE(r.scripts.at("design.sdc").find("[get_ports clk_i]"), std::string::npos);
}
