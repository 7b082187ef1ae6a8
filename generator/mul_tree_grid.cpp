#include "generator/mul_tree_grid.hpp"

#include "generator/fanout_reg.hpp"
#include "generator/ws_pe_grid.hpp"

namespace bitloom {

using hw::Sym;

std::string mul_tree_columns(const Design& d, const GemmConfig& g, const std::string& pe, int digits, bool carry_save,
                             const std::string& final_adder) {
  hw::Fragment f(g.name + " columns");
  f.know(module_interface(d, pe));
  const ControlCopies copies = declare_control_copies(f, d, g, "col", g.cols);
  if (carry_save) f.know(module_interface(d, final_adder));
  const Sym kh = Sym::named("KH", g.rows), cols = Sym::named("COLS", g.cols), digit = Sym::named("DIGITS", digits);
  const Sym fanout = Sym::named("FANOUT", kRegisterCopyFanout), row_bits = Sym::named("ROW_BITS", 3 * g.rows * digits);
  const Sym bw = Sym::named("B_WIDTH", g.b.width), cw = Sym::named("C_WIDTH", g.c_width);
  const int row_copies = (g.cols + kRegisterCopyFanout - 1) / kRegisterCopyFanout;
  const hw::Expr clk = copies.clk, swap = f.from_text("swap0_q", 1);
  const hw::Expr w_in = f.from_text("w_in_q", g.cols * g.b.width);
  const hw::Expr row = f.from_text("row_col_q", static_cast<int>(row_copies * row_bits.value()));
  const hw::Expr sum = f.own("pe_sum", g.cols * g.c_width);
  const hw::Expr carry = carry_save ? f.own("pe_carry", g.cols * g.c_width) : hw::Expr{};
  const hw::Expr column_sum = f.for_text("column_sum", g.cols * g.c_width);
  f.items().loop({"gen_col", "gc", cols, [&](hw::LoopBody& b, const Sym& gc) {
                    add_control_copies(b, copies, gc);
                    const Sym at = gc / fanout * row_bits, plane = kh * digit;
                    hw::Instance u{pe, "u_pe", "", {}};
                    hw::connect(u, "clk_i", clk);
                    hw::connect(u, "advance_i", hw::bit_at(copies.advance, gc));
                    hw::connect(u, "swap_i", swap);
                    hw::connect(u, "w_shift_i", hw::bit_at(copies.shift, gc));
                    hw::connect(u, "w_i", hw::part_at(w_in, gc * bw, bw));
                    hw::connect(u, "one_i", hw::part_at(row, at, plane));
                    hw::connect(u, "two_i", hw::part_at(row, at + plane, plane));
                    hw::connect(u, "neg_i", hw::part_at(row, at + 2 * plane, plane));
                    hw::connect(u, "sum_o", hw::part_at(sum, gc * cw, cw));
                    if (carry_save) hw::connect(u, "carry_o", hw::part_at(carry, gc * cw, cw));
                    b.add(u);
                    if (!carry_save) {
                      b.assign(hw::part_at(column_sum, gc * cw, cw), hw::part_at(sum, gc * cw, cw));
                      return;
                    }
                    b.raw_bits("      // The column's pair is added here, once per row.\n", {}, {});
                    hw::Instance add{final_adder, "u_final_add", "", {}};
                    hw::connect(add, "a_i", hw::part_at(sum, gc * cw, cw));
                    hw::connect(add, "b_i", hw::part_at(carry, gc * cw, cw));
                    hw::connect(add, "sum_o", hw::part_at(column_sum, gc * cw, cw));
                    b.add(add);
                  }});
  return f.checked_text();
}

}  // namespace bitloom
