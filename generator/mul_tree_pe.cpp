#include "generator/mul_tree_pe.hpp"

#include <fmt/format.h>

#include "hw/leaf.hpp"

namespace bitloom {

// One column: its shadow and active weights and its dot product, registered.
VerilogModule mul_tree_column_pe(const Design& d, const GemmConfig& g, const std::string& pe, const std::string& step,
                                 const ColumnDatapath& col) {
  const int kd = g.rows * col.digits;
  const bool carry_save = col.carry_save;
  hw::Module m(pe, fmt::format("{0}: one column of the {1}-deep multiplier-adder tree ({2} datapath).\n\n"
                               "The column's weights are double-buffered: the next set shifts into the shadow column\n"
                               "one weight per w_shift_i (beat k of s_w ends at lane k), and a binding beat copies it\n"
                               "into the active column as it steps in (advance_i && swap_i). The dot product of the\n"
                               "row (its {3} digits, recoded once for every column) with the active weights is\n"
                               "registered{4}.",
                               pe, g.rows, name(g.pe), col.digit_kind,
                               carry_save ? " as a carry-save pair: the carry-propagate add is the top's, once per row" : ""));
  m.input("clk_i");
  m.input("advance_i", 1, "the array steps");
  m.input("swap_i", 1, "the stepping row binds the shadow weights");
  m.input("w_shift_i", 1, "shift w_i into the shadow column");
  m.input_vector("w_i", g.b.width);
  hw::Instance dot{col.core, "u_dot", "", {}};
  hw::connect(dot, "one_i", m.input_vector("one_i", kd, fmt::format("the row's {} digits, activation k at", col.digit_kind)));
  hw::connect(dot, "two_i", m.input_vector("two_i", kd, fmt::format("[k*D +: D] (see {}_recode)", step)));
  hw::connect(dot, "neg_i", m.input_vector("neg_i", kd));
  m.output_reg_vector("sum_o", g.c_width);
  if (carry_save) m.output_reg_vector("carry_o", g.c_width);
  m.constant("KH", g.rows);
  m.constant("B_WIDTH", g.b.width);
  const hw::Expr weights = m.raw_wire("weight_q", g.rows * g.b.width);
  m.raw_wire("shadow_q", g.rows * g.b.width);
  m.raw(fmt::format("  reg  [KH*B_WIDTH-1:0] shadow_q, weight_q;\n"
                    "  always @(posedge clk_i) begin\n"
                    "    if (w_shift_i) shadow_q <= {};\n"
                    "    if (advance_i && swap_i) weight_q <= shadow_q;\n"
                    "  end\n"
                    "  wire [{}:0] dot_sum{};\n",
                    g.rows == 1 ? "w_i" : "{w_i, shadow_q[KH*B_WIDTH-1:B_WIDTH]}", g.c_width - 1,
                    carry_save ? ", dot_carry" : ""),
        {"shadow_q", "weight_q"}, {"w_shift_i", "w_i", "advance_i", "swap_i"});
  hw::connect(dot, "b_i", weights);
  hw::connect(dot, "sum_o", m.raw_wire("dot_sum", g.c_width));
  if (carry_save) hw::connect(dot, "carry_o", m.raw_wire("dot_carry", g.c_width));
  m.add(dot);
  m.raw(fmt::format("  always @(posedge clk_i) begin\n"
                    "    if (advance_i) begin\n"
                    "      sum_o   <= dot_sum;{}\n"
                    "    end\n"
                    "  end\n",
                    carry_save ? "\n      carry_o <= dot_carry;" : ""),
        carry_save ? std::vector<std::string>{"sum_o", "carry_o"} : std::vector<std::string>{"sum_o"},
        carry_save ? std::vector<std::string>{"advance_i", "dot_sum", "dot_carry"}
                   : std::vector<std::string>{"advance_i", "dot_sum"});
  return hw::checked_parent(m, {module_interface(d, col.core)}, "pe");
}

}  // namespace bitloom
