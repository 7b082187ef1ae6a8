// Structural facts the README states about the multiplier-adder tree and the 2D-Matrix
// arrays, checked on the IR the generator builds.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "generator/design.hpp"

namespace bitloom {
namespace {

Design design_of(const std::string& text) { return build_design(load_spec_text(text, "s.yaml")); }

const VerilogModule* module_named(const Design& d, const std::string& name) {
  auto it = std::find_if(d.modules.begin(), d.modules.end(), [&](const VerilogModule& m) { return m.name == name; });
  return it == d.modules.end() ? nullptr : &*it;
}

bool has_module(const Design& d, const std::string& name) { return module_named(d, name) != nullptr; }

TEST(ArrayStructure, MacColumnAddersAreOnlyAsWideAsTheirSums) {
  // K = 16 int8: 16-bit products, then adder levels of 17, 18, 19 and 20 bits.
  const Design d = design_of("kind: gemm\nname: t\narch: mul_tree\npe: mac\nk_rows: 16\ncols: 2\n"
                             "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n");
  const std::string step = "t_pe_step";
  const VerilogModule* product_adder = module_named(d, step + "_mul_add");
  ASSERT_NE(product_adder, nullptr);
  EXPECT_NE(product_adder->text.find("16-bit Kogge-Stone"), std::string::npos);
  for (int w : {17, 18, 19, 20}) EXPECT_TRUE(has_module(d, step + "_add" + std::to_string(w))) << w;
  EXPECT_FALSE(has_module(d, step + "_add16"));
  EXPECT_FALSE(has_module(d, step + "_add21"));
}

TEST(ArrayStructure, SparseManifestStatesTheModelsCyclesPerOperand) {
  const Design d = design_of("kind: gemm\nname: t\narch: matrix_2d\npe: sparse_serial\nrows: 3\ncols: 4\n"
                             "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n");
  double previous = 1.0;
  for (int sigma : {10, 20, 30, 40, 50}) {
    const std::string key = "sparse_model_cycles_per_operand_sigma" + std::to_string(sigma);
    ASSERT_TRUE(d.params.contains(key)) << key;
    const double v = d.params[key].get<double>();
    // Wider distributions have more nonzero digits; int8 has at most 4 per value.
    EXPECT_GT(v, previous) << key;
    EXPECT_LE(v, 4.0) << key;
    previous = v;
  }
}

TEST(ArrayStructure, TwoDMatrixMultiplyPesAreArrivalOrderedAndShiftBehindTheStep) {
  // README "2D-Matrix": both multiply PEs' trees feed the accumulator first (the last bit
  // 5 gate delays after the partial products for int8), and with the shift drain the PE
  // takes its neighbour's value as the value its registers load, not in front of the tree.
  for (const char* pe : {"mac", "opt1"}) {
    const Design d = design_of(std::string("kind: gemm\nname: t\narch: matrix_2d\npe: ") + pe +
                               "\nrows: 2\ncols: 2\ndrain: shift\n"
                               "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n");
    const VerilogModule* step = module_named(d, "t_pe_step_digits");
    const VerilogModule* shell = module_named(d, "t_pe");
    ASSERT_NE(step, nullptr) << pe;
    ASSERT_NE(shell, nullptr) << pe;
    EXPECT_NE(step->text.find("the last output bit is 5 gate delays after the partial products"), std::string::npos)
        << pe;
    const std::string select = std::string(pe) == "mac" ? "sum_q <= shift_i ? below_i : sum_d;"
                                                        : "sum_q   <= shift_i ? below_sum_i : sum_d;";
    EXPECT_NE(shell->text.find(select), std::string::npos) << pe;
    EXPECT_EQ(shell->text.find("sum_in"), std::string::npos) << pe;
  }
  // The other arrays keep heap order (README: not re-measured with it).
  const Design os = design_of("kind: gemm\nname: t\narch: systolic_os\npe: opt1\nrows: 2\ncols: 2\n"
                              "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n");
  for (const VerilogModule& m : os.modules) EXPECT_EQ(m.text.find("gate delays after"), std::string::npos) << m.name;
}

}  // namespace
}  // namespace bitloom
