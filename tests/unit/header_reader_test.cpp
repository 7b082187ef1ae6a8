// The header reader (hw/header_reader.hpp): ports of a Verilog module from its ANSI
// header, widths from the parameter defaults. synth.Interface holds it to Yosys on every
// module of every regression spec; these cases pin the syntax it accepts and refuses.
#include <gtest/gtest.h>

#include <stdexcept>

#include "hw/header_reader.hpp"

using namespace bitloom::hw;

TEST(HeaderReader, PortsWithParameterWidthsCommentsAndRegs) {
  const Module m = read_module_header(
      "// a PE\n`resetall\nmodule pe #(\n  // the width\n  parameter integer B_WIDTH = 8,\n"
      "  parameter integer DIGITS = 2*(3+1)/2\n) (\n  input  wire clk_i,\n"
      "  /* verilator lint_off UNUSED */\n  input  wire [3*DIGITS-1:0] a_i,  // {two, one, neg}\n"
      "  input  wire signed [B_WIDTH-1:0] b_i,\n  output reg  [B_WIDTH+DIGITS-1:0] acc_o,\n"
      "  output wire [0:0] done_o\n);\n  wire [99:0] not_a_port;\nendmodule\n");
  EXPECT_EQ(m.name(), "pe");
  ASSERT_EQ(m.ports().size(), 5u);
  EXPECT_EQ(m.ports()[1].name, "a_i");
  EXPECT_EQ(m.ports()[1].width, 12);
  EXPECT_EQ(m.ports()[2].width, 8);
  EXPECT_EQ(m.ports()[3].name, "acc_o");
  EXPECT_EQ(m.ports()[3].dir, Dir::kOut);
  EXPECT_TRUE(m.ports()[3].is_reg);
  EXPECT_EQ(m.ports()[3].width, 12);
  EXPECT_EQ(m.ports()[4].width, 1);
}

TEST(HeaderReader, RefusesWhatItCannotRead) {
  EXPECT_THROW(read_module_header("wire x;"), std::logic_error);
  EXPECT_THROW(read_module_header("module m (input wire [W-1:0] a);"), std::logic_error);
  EXPECT_THROW(read_module_header("module m (inout wire a);"), std::logic_error);
  EXPECT_THROW(read_module_header("module m (input wire [7:0] a"), std::logic_error);
}
