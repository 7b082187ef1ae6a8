// Instances wired into text (hw/text_instance.hpp): checked against the child's header,
// printed on the text's nets, per lane on [gl*W +: W] slices.
#include <gtest/gtest.h>

#include "hw/checker.hpp"
#include "hw/header_reader.hpp"
#include "hw/text_instance.hpp"

using namespace bitloom::hw;

namespace {

// The header a table module of the nonlinear units has.
Module table_header() {
  return read_module_header(
      "module table (\n  input wire clk_i,\n  input wire en_i,\n  input wire [3:0] t_i,\n"
      "  output wire signed [7:0] value_o\n);\nendmodule\n");
}

TEST(TextInstance, PrintsTheInstanceOnTheTextsNets) {
  const std::string text = checked_text_instance(
      table_header(), "u_table",
      {{"clk_i", "clk", 1}, {"en_i", literal(1, 1)}, {"t_i", "mant", 5}, {"value_o", "full", 8}});
  EXPECT_NE(text.find("table u_table ("), std::string::npos) << text;
  EXPECT_NE(text.find(".t_i     (mant[3:0])"), std::string::npos) << text;
  EXPECT_NE(text.find(".en_i    (1'b1)"), std::string::npos) << text;
  EXPECT_NE(text.find(".value_o (full)"), std::string::npos) << text;
}

TEST(TextInstance, LanesTakeTheirOwnSlices) {
  const std::string text = checked_text_lanes(
      table_header(), "u_table", "gen_lane", "gl", Sym::named("LANES", 3),
      {{"clk_i", "clk", 1}, {"en_i", "advance", 1}, {"t_i", "x", 12, 0, 4}, {"value_o", "y", 24, 0, 8}});
  EXPECT_NE(text.find("for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_lane"), std::string::npos) << text;
  EXPECT_NE(text.find("x[gl*4 +: 4]"), std::string::npos) << text;
  EXPECT_NE(text.find("y[gl*8 +: 8]"), std::string::npos) << text;
}

TEST(TextInstance, AWrongWidthAMissingPortOrAnOverlapIsRefused) {
  // t_i is 4 bits: a 3-bit net cannot hold its slice.
  EXPECT_ANY_THROW(checked_text_instance(table_header(), "u_table",
                                         {{"clk_i", "clk", 1}, {"en_i", "en", 1}, {"t_i", "mant", 3}, {"value_o", "full", 8}}));
  // en_i left out.
  EXPECT_THROW(checked_text_instance(table_header(), "u_table", {{"clk_i", "clk", 1}, {"t_i", "mant", 4}, {"value_o", "full", 8}}),
               CheckError);
  // A port the module does not have.
  EXPECT_ANY_THROW(checked_text_instance(
      table_header(), "u_table",
      {{"clk_i", "clk", 1}, {"en_i", "en", 1}, {"t_i", "mant", 4}, {"value_o", "full", 8}, {"x_i", "x", 1}}));
  // Lanes writing overlapping slices (stride 4 for 8-bit values): bits driven twice.
  EXPECT_THROW(checked_text_lanes(table_header(), "u_table", "gen_lane", "gl", Sym::named("LANES", 3),
                                  {{"clk_i", "clk", 1}, {"en_i", "en", 1}, {"t_i", "x", 12, 0, 4}, {"value_o", "y", 24, 0, 4}}),
               CheckError);
  // Lanes reading past the end of x.
  EXPECT_ANY_THROW(checked_text_lanes(table_header(), "u_table", "gen_lane", "gl", Sym::named("LANES", 3),
                                      {{"clk_i", "clk", 1}, {"en_i", "en", 1}, {"t_i", "x", 8, 0, 4}, {"value_o", "y", 24, 0, 8}}));
}

}  // namespace
