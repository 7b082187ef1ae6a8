// Structural facts docs/nonlinear.md states about the GELU and softmax units, checked on
// the IR the generator builds: their data delay chains are instances of the primitive
// delay line, not inline register chains.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "generator/design.hpp"

namespace bitloom {
namespace {

Design design_of(const std::string& text) { return build_design(load_spec_text(text, "s.yaml")); }

long delay_modules(const Design& d) {
  return std::count_if(d.modules.begin(), d.modules.end(), [](const VerilogModule& m) { return m.role == "delay"; });
}

std::string text_of(const Design& d, const std::string& suffix) {
  for (const VerilogModule& m : d.modules)
    if (m.name.size() >= suffix.size() && m.name.compare(m.name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return m.text;
  return "";
}

TEST(NonlinearStructure, GeluDelaysXAndItsDomainFlagInDelayLines) {
  const Design d = design_of("kind: gelu\nname: g\nmethod: relu_minus_delta\nlanes: 2\n"
                             "x: {width: 8, frac: 4}\ny: {width: 8, frac: 4}\n");
  EXPECT_EQ(delay_modules(d), 2);  // x (8 bits) and in_domain (1 bit): two shapes
  const std::string lane = text_of(d, "_lane");
  EXPECT_NE(lane.find("u_x_delay ("), std::string::npos) << lane;
  EXPECT_NE(lane.find("u_in_domain_delay ("), std::string::npos) << lane;
  EXPECT_EQ(lane.find("x_s1 <="), std::string::npos) << lane;  // no inline chain
}

TEST(NonlinearStructure, SoftmaxDelaysItsSidebandsInDelayLines) {
  const Design d = design_of("kind: softmax\nname: s\nmethod: online_base2\nlanes: 2\nmax_len: 16\n"
                             "x: {width: 8, frac: 4}\ny: {width: 8, frac: 8}\n");
  EXPECT_GE(delay_modules(d), 1);
  const std::string top = text_of(d, d.top);
  for (const char* chain : {"u_fd_keep_delay (", "u_bd_keep_delay (", "u_rd_mant_delay ("})
    EXPECT_NE(top.find(chain), std::string::npos) << chain;
  EXPECT_EQ(top.find("fd_keep_s1 <="), std::string::npos);
}

}  // namespace
}  // namespace bitloom
