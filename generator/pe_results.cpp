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

std::string shift_drain_columns(const Design& d, const GemmConfig& g) {
  hw::Fragment f(g.name + " drain columns");
  f.know(module_interface(d, shift_reg_name(g)));
  const bool carry_save = carry_save_results(g);
  if (carry_save) f.know(module_interface(d, final_adder_name(g)));
  const int cells = g.rows * g.cols, lane = g.c_width;
  const Sym rows = Sym::named("ROWS", g.rows), cols = Sym::named("COLS", g.cols), cw = Sym::named("C_WIDTH", lane);
  const hw::Expr clk = f.from_text("clk", 1), shift_d = f.from_text("shift_d", 1);
  const hw::Expr shift_col = f.for_text("shift_col", g.cols), row0 = f.for_text("row0", g.cols * lane);
  std::vector<hw::Expr> buses;
  for (const char* bus : result_buses(g)) {
    buses.push_back(f.own(bus, (cells + g.cols) * lane));
    f.items().raw_bits("", {hw::slice(buses.back(), 0, cells * lane)}, {});  // the PEs' accumulators
  }
  f.items().loop({"gen_drain_col", "gc", cols, [&](hw::LoopBody& b, const Sym& gc) {
                    hw::Instance copy{shift_reg_name(g), "u_shift", "", {}};
                    hw::connect(copy, "clk_i", clk);
                    hw::connect(copy, "d_i", shift_d);
                    hw::connect(copy, "q_o", hw::bit_at(shift_col, gc));
                    b.add(copy);
                    for (const hw::Expr& bus : buses)
                      b.assign(hw::part_at(bus, (rows * cols + gc) * cw, cw), hw::op("{C_WIDTH{1'b0}}", lane, {}));
                    if (!carry_save) {
                      b.assign(hw::part_at(row0, gc * cw, cw), hw::part_at(buses[0], gc * cw, cw));
                      return;
                    }
                    b.raw_bits("      // Row 0's (sum, carry) pair, added once on its way into the buffer: one adder\n"
                               "      // per output lane.\n",
                               {}, {});
                    hw::Instance add{final_adder_name(g), "u_final_add", "", {}};
                    hw::connect(add, "a_i", hw::part_at(buses[0], gc * cw, cw));
                    hw::connect(add, "b_i", hw::part_at(buses[1], gc * cw, cw));
                    hw::connect(add, "sum_o", hw::part_at(row0, gc * cw, cw));
                    b.add(add);
                  }});
  // The drain's own control (the shift count, the queue's push) reads a copy of its own:
  // column 0's copy drives only its PEs, as every other column's does.
  hw::Instance control{shift_reg_name(g), "u_shift_control", "", {}};
  hw::connect(control, "clk_i", clk);
  hw::connect(control, "d_i", shift_d);
  hw::connect(control, "q_o", f.for_text("shifting", 1));
  f.items().add(control);
  return f.checked_text();
}

}  // namespace bitloom
