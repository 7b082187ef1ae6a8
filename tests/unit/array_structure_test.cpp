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

}  // namespace
}  // namespace bitloom
