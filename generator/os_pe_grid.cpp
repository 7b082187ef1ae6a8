#include "generator/os_pe_grid.hpp"

#include "generator/pe_results.hpp"
#include "generator/recoder_loops.hpp"

namespace bitloom {

using hw::Sym;

std::string os_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe) {
  const bool flags = !g.shift_drain();
  hw::Fragment f(g.name + " PE grid");
  f.know(module_interface(d, pe));
  const Sym rows = Sym::named("ROWS", g.rows), cols = Sym::named("COLS", g.cols);
  const Sym code = Sym::named("A_CODE", digit_code_bits(g)), bw = Sym::named("B_WIDTH", g.b.width);
  const hw::Expr clk = f.from_text("clk", 1), rst = f.from_text("rst_n", 1);
  const hw::Expr a_in = f.from_text("a_skewed", g.rows * digit_code_bits(g));
  const hw::Expr b_in = f.from_text("b_skewed", g.cols * g.b.width);
  const hw::Expr a_link = f.own("a_link", g.rows * (g.cols + 1) * digit_code_bits(g));
  const hw::Expr b_link = f.own("b_link", (g.rows + 1) * g.cols * g.b.width);
  hw::Expr first_in, last_in, first_link, last_link;
  if (flags) {
    first_in = f.from_text("first_skew_q", g.rows);
    last_in = f.from_text("last_skew_q", g.rows);
    first_link = f.own("first_link", g.rows * (g.cols + 1));
    last_link = f.own("last_link", g.rows * (g.cols + 1));
  }
  declare_pe_results(f, g);
  f.items().loop({"gen_row_entry", "gr", rows, [&](hw::LoopBody& b, const Sym& gr) {
                    b.assign(hw::part_at(a_link, gr * (cols + 1) * code, code), hw::part_at(a_in, gr * code, code));
                    if (!flags) return;
                    b.assign(hw::bit_at(first_link, gr * (cols + 1)), hw::bit_at(first_in, gr));
                    b.assign(hw::bit_at(last_link, gr * (cols + 1)), hw::bit_at(last_in, gr));
                  }});
  f.items().loop({"gen_col_entry", "gc", cols, [&](hw::LoopBody& b, const Sym& gc) {
                    b.assign(hw::part_at(b_link, gc * bw, bw), hw::part_at(b_in, gc * bw, bw));
                  }});
  auto pe_at = [&](hw::LoopBody& b, const Sym& gr, const Sym& gc) {
    const Sym here = gr * (cols + 1) + gc, right = gr * (cols + 1) + gc + 1;
    hw::Instance u{pe, "u_pe", "", {}};
    hw::connect(u, "clk_i", clk);
    if (flags) hw::connect(u, "rst_ni", rst);
    hw::connect(u, "a_digits_i", hw::part_at(a_link, here * code, code));
    if (flags) {
      hw::connect(u, "first_i", hw::bit_at(first_link, here));
      hw::connect(u, "last_i", hw::bit_at(last_link, here));
    }
    hw::connect(u, "b_i", hw::part_at(b_link, (gr * cols + gc) * bw, bw));
    hw::connect(u, "a_digits_o", hw::part_at(a_link, right * code, code));
    if (flags) {
      hw::connect(u, "first_o", hw::bit_at(first_link, right));
      hw::connect(u, "last_o", hw::bit_at(last_link, right));
    }
    hw::connect(u, "b_o", hw::part_at(b_link, ((gr + 1) * cols + gc) * bw, bw));
    connect_pe_results(u, f, g, gr, gc);
    b.add(u);
  };
  f.items().loop({"gen_row", "gr", rows, [&](hw::LoopBody& rb, const Sym& gr) {
                    rb.loop({"gen_col", "gc", cols, [&, gr](hw::LoopBody& b, const Sym& gc) { pe_at(b, gr, gc); }});
                  }});
  return f.checked_text();
}

}  // namespace bitloom
