#include "generator/pe_results.hpp"

#include "generator/array_drain.hpp"

namespace bitloom {

using hw::Sym;

namespace {

std::vector<const char*> result_buses(const GemmConfig& g) {
  if (carry_save_results(g)) return {"pe_sum", "pe_carry"};
  return {g.shift_drain() ? "pe_acc" : "pe_result"};
}

}  // namespace

void declare_pe_results(hw::Fragment& f, const GemmConfig& g) {
  const int cells = g.rows * g.cols, lane = g.c_width;
  for (const char* bus : result_buses(g)) {
    if (!g.shift_drain()) {
      f.for_text(bus, cells * lane);
      continue;
    }
    const hw::Expr acc = f.own(bus, (cells + g.cols) * lane);
    f.items().raw_bits("", {hw::slice(acc, cells * lane, g.cols * lane)}, {});  // the zeros below
  }
  if (g.shift_drain()) f.from_text("shift_col", g.cols);
}

void connect_pe_results(hw::Instance& pe, hw::Fragment& f, const GemmConfig& g, const Sym& gr, const Sym& gc) {
  const Sym cols = Sym::named("COLS", g.cols), lane = Sym::named("C_WIDTH", g.c_width);
  const Sym here = (gr * cols + gc) * lane, below = ((gr + 1) * cols + gc) * lane;
  auto bus = [&](const char* name) { return f.items().net(name); };
  if (g.shift_drain()) {
    hw::connect(pe, "shift_i", hw::bit_at(bus("shift_col"), gc));
    if (carry_save_results(g)) {
      hw::connect(pe, "below_sum_i", hw::part_at(bus("pe_sum"), below, lane));
      hw::connect(pe, "below_carry_i", hw::part_at(bus("pe_carry"), below, lane));
      hw::connect(pe, "sum_o", hw::part_at(bus("pe_sum"), here, lane));
      hw::connect(pe, "carry_o", hw::part_at(bus("pe_carry"), here, lane));
    } else {
      hw::connect(pe, "below_i", hw::part_at(bus("pe_acc"), below, lane));
      hw::connect(pe, "acc_o", hw::part_at(bus("pe_acc"), here, lane));
    }
  } else if (carry_save_results(g)) {
    hw::connect(pe, "result_sum_o", hw::part_at(bus("pe_sum"), here, lane));
    hw::connect(pe, "result_carry_o", hw::part_at(bus("pe_carry"), here, lane));
  } else {
    hw::connect(pe, "result_o", hw::part_at(bus("pe_result"), here, lane));
  }
}

}  // namespace bitloom
