#include "generator/mul_tree_pe.hpp"

#include <fmt/format.h>


namespace bitloom {

// One column: its shadow and active weights and its dot product, registered.
std::string mul_tree_column_pe(const GemmConfig& g, const std::string& pe, const std::string& step,
                               const ColumnDatapath& col) {
  const int kd = g.rows * col.digits;
  const bool carry_save = col.carry_save;
  return fmt::format(
      R"(// {pe}: one column of the {k}-deep multiplier-adder tree ({kind} datapath).
//
// The column's weights are double-buffered: the next set shifts into the shadow column
// one weight per w_shift_i (beat k of s_w ends at lane k), and a binding beat copies it
// into the active column as it steps in (advance_i && swap_i). The dot product of the
// row (its {digit_kind} digits, recoded once for every column) with the active weights is
// registered{pair}.
`resetall
`default_nettype none
module {pe} (
  input  wire                    clk_i,
  input  wire                    advance_i,  // the array steps
  input  wire                    swap_i,     // the stepping row binds the shadow weights
  input  wire                    w_shift_i,  // shift w_i into the shadow column
  input  wire [{bw1}:0]           w_i,
{a_ports}
  output reg  [{c1}:0]          sum_o{carry_port}
);
  localparam integer KH = {k};
  localparam integer B_WIDTH = {bw};
  reg  [KH*B_WIDTH-1:0] shadow_q, weight_q;
  always @(posedge clk_i) begin
    if (w_shift_i) shadow_q <= {shift};
    if (advance_i && swap_i) weight_q <= shadow_q;
  end
  wire [{c1}:0] dot_sum{dot_carry_wire};
  {dot} u_dot (
{a_conn}
    .b_i     (weight_q),
    .sum_o   (dot_sum){dot_carry_port}
  );
  always @(posedge clk_i) begin
    if (advance_i) begin
      sum_o   <= dot_sum;{carry_reg}
    end
  end
endmodule
`resetall
)",
      fmt::arg("pe", pe), fmt::arg("k", g.rows), fmt::arg("kind", name(g.pe)),
      fmt::arg("pair", carry_save ? " as a carry-save pair: the carry-propagate add is the top's, once per row" : ""),
      fmt::arg("bw1", g.b.width - 1), fmt::arg("bw", g.b.width),
      fmt::arg("digit_kind", col.digit_kind),
      fmt::arg("a_ports", fmt::format("  input  wire [{0}:0]  one_i,      // the row's {2} digits, activation k at\n"
                                      "  input  wire [{0}:0]  two_i,      // [k*D +: D] (see {1}_recode)\n"
                                      "  input  wire [{0}:0]  neg_i,",
                                      kd - 1, step, col.digit_kind)),
      fmt::arg("a_conn", "    .one_i   (one_i),\n    .two_i   (two_i),\n    .neg_i   (neg_i),"),
      fmt::arg("dot", col.core),
      fmt::arg("c1", g.c_width - 1),
      fmt::arg("carry_port", carry_save ? fmt::format(",\n  output reg  [{}:0]          carry_o", g.c_width - 1) : ""),
      fmt::arg("shift", g.rows == 1 ? "w_i" : "{w_i, shadow_q[KH*B_WIDTH-1:B_WIDTH]}"), 
      fmt::arg("dot_carry_wire", carry_save ? ", dot_carry" : ""),
      fmt::arg("dot_carry_port", carry_save ? ",\n    .carry_o (dot_carry)" : ""),
      fmt::arg("carry_reg", carry_save ? "\n      carry_o <= dot_carry;" : ""));
}

}  // namespace bitloom
