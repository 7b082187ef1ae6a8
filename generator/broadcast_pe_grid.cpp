#include "generator/broadcast_pe_grid.hpp"

#include "generator/arith/booth.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/pe_results.hpp"

namespace bitloom {

using hw::Sym;

void connect_pe_digits(hw::Instance& pe, hw::Fragment& f, const GemmConfig& g, const Sym& gr, const Sym& gc) {
  const int digits = arith::booth_digit_count(g.a.width, g.a.is_signed);
  const Sym fanout = Sym::named("FANOUT", kRegisterCopyFanout);
  const Sym row_digits = Sym::named("ROW_DIGITS", g.k_per_beat * digits);
  const Sym a_code = Sym::named("A_CODE", 3 * row_digits.value());
  const Sym a_beat = Sym::named("A_BEAT", g.rows * a_code.value());
  const hw::Expr a_in = f.items().net("a_in_q");
  const Sym row = gc / fanout * a_beat + gr * a_code;
  hw::connect(pe, "neg_i", hw::part_at(a_in, row, row_digits));
  hw::connect(pe, "one_i", hw::part_at(a_in, row + row_digits, row_digits));
  hw::connect(pe, "two_i", hw::part_at(a_in, row + 2 * row_digits, row_digits));
}

std::string broadcast_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe, const BroadcastGrid& how) {
  hw::Fragment f(g.name + " PE grid");
  f.know(module_interface(d, pe));
  const bool flags = !g.shift_drain();
  const hw::Expr clk = f.from_text("clk", 1);
  hw::Expr first, last;
  if (flags) {
    first = f.from_text(how.first, g.rows);
    last = f.from_text(how.last, g.rows);
  }
  declare_pe_results(f, g);
  const hw::Expr b_net = f.from_text(how.b.net, how.b.width);
  const hw::Expr nb_net = how.nb.net.empty() ? hw::Expr{} : f.from_text(how.nb.net, how.nb.width);
  f.from_text("a_in_q", ((g.cols + kRegisterCopyFanout - 1) / kRegisterCopyFanout) * g.rows * 3 * g.k_per_beat *
                            arith::booth_digit_count(g.a.width, g.a.is_signed));
  auto pe_at = [&](hw::LoopBody& b, const Sym& gr, const Sym& gc) {
    hw::Instance u{pe, "u_pe", "", {}};
    hw::connect(u, "clk_i", clk);
    connect_pe_digits(u, f, g, gr, gc);
    hw::connect(u, "b_i", how.b.lane(b_net, gr, gc));
    if (!how.nb.net.empty()) hw::connect(u, "nb_i", how.nb.lane(nb_net, gr, gc));
    if (flags) {
      hw::connect(u, "first_i", hw::bit_at(first, gr));
      hw::connect(u, "last_i", hw::bit_at(last, gr));
    }
    connect_pe_results(u, f, g, gr, gc);
    b.add(u);
  };
  f.items().loop({"gen_row", "gr", Sym::named("ROWS", g.rows), [&](hw::LoopBody& rb, const Sym& gr) {
                    rb.loop({"gen_col", "gc", Sym::named("COLS", g.cols),
                             [&, gr](hw::LoopBody& b, const Sym& gc) { pe_at(b, gr, gc); }});
                  }});
  return f.checked_text();
}

}  // namespace bitloom
