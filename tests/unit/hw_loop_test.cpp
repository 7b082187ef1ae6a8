// Generate loops of the structural IR: the printer writes the body once with the genvar,
// the checker expands every iteration, and symbolic indices print as written.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "hw/checker.hpp"
#include "hw/printer.hpp"

using namespace bitloom::hw;
using bitloom::test::joined;

namespace {

// A 2-bit slice copier: y_o = a_i.
Module pair_leaf() {
  Module m("pair", "copies two bits");
  const Expr a = m.input("a_i", 2);
  m.assign(m.output("y_o", 2), a);
  return m;
}

// LANES copies of the leaf between x and y, lane i reading x[first(i) +: 2] and driving
// y[out(i) +: 2].
template <class First, class Out>
std::vector<std::string> lanes_problems(int lanes, int y_width, First first, Out out) {
  Module top("top", "");
  top.constant("LANES", lanes);
  const Expr x = top.input("x_i", 2 * lanes);
  const Expr y = top.output("y_o", y_width);
  top.loop({"gen_lane", "gl", top.constant_sym("LANES"), [&](LoopBody& b, const Sym& i) {
              Instance u{"pair", "u_pair", "", {}};
              connect(u, "a_i", part_at(x, first(i), 2));
              connect(u, "y_o", part_at(y, out(i), 2));
              b.add(u);
            }});
  Design d("top");
  d.add(pair_leaf());
  d.add(top);
  return check_design(d);
}


}  // namespace

TEST(HwSym, PrintsItsTextAndKeepsItsValue) {
  const Sym rows = Sym::named("ROWS", 4), cols = Sym::named("COLS", 3), gr = Sym::named("gr", 2);
  const Sym link = (gr * (cols + 1) + 1) * Sym::named("W", 8);
  EXPECT_EQ(link.text(), "(gr*(COLS+1)+1)*W");
  EXPECT_EQ(link.value(), (2 * 4 + 1) * 8);
  EXPECT_EQ((rows - (cols - 1)).text(), "ROWS-(COLS-1)");
  EXPECT_EQ((rows - cols - 1).value(), 0);
  EXPECT_EQ((gr / (rows / 2)).text(), "gr/(ROWS/2)");
  EXPECT_EQ((gr % rows * 3).text(), "(gr%ROWS)*3");
  EXPECT_EQ((gr % rows * 3).value(), 6);
}

TEST(HwLoop, PrintsTheBodyOnceWithTheGenvarInOneGenerateBlock) {
  Module top("top", "");
  top.constant("LANES", 4);
  const Expr x = top.input("x_i", 8);
  const Expr y = top.output("y_o", 8);
  for (const char* label : {"gen_a", "gen_b"})
    top.loop({label, "gl", 2, [&, label](LoopBody& b, const Sym& i) {
                b.assign(part_at(y, i * 2 + (label[4] == 'b' ? 4 : 0), 2), part_at(x, i * 2, 2));
              }});
  const std::string text = print_module(top);
  EXPECT_NE(text.find("  generate\n"
                      "    for (gl = 0; gl < 2; gl = gl + 1) begin : gen_a\n"
                      "      assign y_o[gl*2+0 +: 2] = x_i[gl*2 +: 2];\n"
                      "    end\n"
                      "    for (gl = 0; gl < 2; gl = gl + 1) begin : gen_b\n"
                      "      assign y_o[gl*2+4 +: 2] = x_i[gl*2 +: 2];\n"
                      "    end\n"
                      "  endgenerate\n"),
            std::string::npos)
      << text;
  EXPECT_TRUE(check_module(top, Design("top")).empty());
}

TEST(HwLoop, CheckerSeesEveryIteration) {
  auto straight = [](const Sym& i) { return i * 2; };
  EXPECT_EQ(joined(lanes_problems(3, 6, straight, straight)), "");
  // Lane 2 reads past x (6 bits): only the last iteration is out of range.
  auto shifted = [](const Sym& i) { return i * 2 + 1; };
  EXPECT_EQ(joined(lanes_problems(3, 6, shifted, straight)), "top: bits [6:5] of 'x_i' are outside its 6 bits\n");
  // Every lane drives y[0 +: 2].
  auto same = [](const Sym&) { return Sym(0); };
  EXPECT_EQ(joined(lanes_problems(3, 6, straight, same)),
            "top: 'y_o' bits [5:2] are used but never driven\n"
            "top: 'y_o' bits [1:0] have more than one driver\n");
  // One lane short of the output.
  EXPECT_EQ(joined(lanes_problems(3, 8, straight, straight)), "top: 'y_o' bits [7:6] are used but never driven\n");
}
