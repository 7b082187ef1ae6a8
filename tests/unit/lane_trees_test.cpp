// The softmax units' per-beat reductions, each proved by Yosys SAT for every input (not
// a sample) against the lane-by-lane loop it replaced: the beat max (a tree of
// compare-selects, log2(P) nodes deep) and the beat sum (a compressor tree).
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "generator/nonlinear/lane_max_tree.hpp"
#include "generator/nonlinear/lane_sum_tree.hpp"
#include "generator/process.hpp"
#include "tests/unit/test_util.hpp"

namespace bitloom::vexpr {
namespace {

constexpr int kWidth = 5;

// Yosys proves `ok` of module `proof` in `file` true for every input.
bool proved(const std::string& file, const std::string& log) {
  const std::string cmd = fmt::format(
      "yosys -q -l {} -p 'read_verilog {}; prep -top proof; sat -prove ok 1 -verify -timeout 120' > /dev/null 2>&1", log,
      file);
  return std::system(cmd.c_str()) == 0 && read_text_file(log).find("SUCCESS!") != std::string::npos;
}

// A miter of the tree against a behavioural loop over the lanes, proved by SAT.
bool tree_equals_loop(int lanes, const test::ScratchDir& dir) {
  const std::string file = dir.path(fmt::format("max{}.v", lanes));
  std::ofstream(file) << fmt::format(R"(module proof (input wire [{v1}:0] x, input wire [{p1}:0] keep, output wire ok);
{tree}
  reg signed [{w1}:0] ref_max;
  reg ref_any;
  integer i;
  always @* begin
    ref_max = 0;
    ref_any = 1'b0;
    for (i = 0; i < {p}; i = i + 1)
      if (keep[i] && (!ref_any || $signed(x[i*{w} +: {w}]) > ref_max)) begin
        ref_max = x[i*{w} +: {w}];
        ref_any = 1'b1;
      end
  end
  assign ok = tree_max == ref_max && tree_any == ref_any;
endmodule
)",
                                     fmt::arg("v1", lanes * kWidth - 1), fmt::arg("p1", lanes - 1), fmt::arg("w1", kWidth - 1),
                                     fmt::arg("w", kWidth), fmt::arg("p", lanes),
                                     fmt::arg("tree", lane_max_tree("tree_max", "tree_any", lanes, kWidth, "x", "keep")));
  return proved(file, dir.path(fmt::format("max{}.log", lanes)));
}

// The compressor tree of `terms` terms of `term_width` bits into a `width`-bit sum against `+`.
bool tree_sums_like_the_loop(int terms, int term_width, int width, const test::ScratchDir& dir) {
  std::string wires;
  std::vector<std::string> names;
  for (int i = 0; i < terms; ++i) {
    names.push_back(fmt::format("t{}", i));
    wires += fmt::format("  wire [{}:0] t{} = x[{} +: {}];\n", term_width - 1, i, i * term_width, term_width);
  }
  const std::string file = dir.path(fmt::format("sum{}x{}.v", terms, width));
  std::ofstream(file) << fmt::format(R"(module proof (input wire [{v1}:0] x, output wire ok);
{wires}{tree}
  reg [{s1}:0] ref_sum;
  integer i;
  always @* begin
    ref_sum = 0;
    for (i = 0; i < {n}; i = i + 1) ref_sum = ref_sum + x[i*{w} +: {w}];
  end
  assign ok = beat_sum == ref_sum;
endmodule
)",
                                     fmt::arg("v1", terms * term_width - 1), fmt::arg("s1", width - 1), fmt::arg("w", term_width),
                                     fmt::arg("n", terms), fmt::arg("wires", wires),
                                     fmt::arg("tree", lane_sum_tree("beat_sum", width, names, term_width)));
  return proved(file, dir.path(fmt::format("sum{}x{}.log", terms, width)));
}

TEST(LaneMaxTree, EqualsTheLargestKeptLaneForEveryInput) {
  test::ScratchDir dir("lane_max_tree");
  for (int lanes : {1, 2, 3, 5, 8, 16}) EXPECT_TRUE(tree_equals_loop(lanes, dir)) << lanes << " lanes";
}

// Sums wide enough for every term and too narrow (wrapping modulo 2^width, as the
// loop's register did). Sixteen terms take 2 bits each: SAT proofs of adder trees grow
// fast with the input bits (16 terms of 5 bits did not finish in 2 minutes).
TEST(LaneSumTree, EqualsThePlainSumForEveryInput) {
  test::ScratchDir dir("lane_sum_tree");
  struct Shape {
    int terms, term_width, width;
  };
  for (const Shape& s : {Shape{1, 5, 6}, {2, 5, 6}, {3, 5, 7}, {5, 5, 8}, {8, 3, 6}, {16, 2, 6}, {16, 2, 4}})
    EXPECT_TRUE(tree_sums_like_the_loop(s.terms, s.term_width, s.width, dir))
        << s.terms << " terms of " << s.term_width << " bits into " << s.width;
}

// Depth: the result's operands are the nodes of the level below, down to the leaves, so
// 16 lanes are 4 levels (the loop was 16 compare-selects in a row).
TEST(LaneMaxTree, SixteenLanesAreFourLevelsDeep) {
  const std::string v = lane_max_tree("m", "a", 16, kWidth, "x", "keep");
  EXPECT_NE(v.find("m_l3_1"), std::string::npos);
  EXPECT_EQ(v.find("m_l4_"), std::string::npos);
  EXPECT_NE(v.find("wire signed [4:0] m = (a_l3_0 && (!a_l3_1 || m_l3_0 >= m_l3_1))"), std::string::npos) << v;
}

}  // namespace
}  // namespace bitloom::vexpr
