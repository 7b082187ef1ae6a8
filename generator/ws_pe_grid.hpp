// The PE grid of the weight-stationary systolic array as a checked IR fragment: the row
// and column entries of the links, each PE row's copies of the step and shift controls,
// and KH x COLS PEs, each held to the PE module's header.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "hw/fragment.hpp"

namespace bitloom {

// The ws_stream arrays' per-row (WS) or per-column (multiplier-adder tree) copies of the
// step and shadow-shift enables, each a one-flop module of its own: advance_<per> and
// w_shift_<per> [count], from advance_d and w_shift_d.
struct ControlCopies {
  std::string advance_reg, shift_reg;
  hw::Expr clk, advance_d, shift_d, advance, shift;
};
ControlCopies declare_control_copies(hw::Fragment& f, const Design& d, const GemmConfig& g, const std::string& per,
                                     int count);
// u_advance and u_w_shift driving bit `index` of the copies.
void add_control_copies(hw::LoopBody& b, const ControlCopies& c, const hw::Sym& index);

// `d` holds the PE module `pe` and the control copy modules. Expects the text to declare
// the links (a_link, valid/swap/last_link, w_link, psum links) and advance_row /
// w_shift_row, and to drive a_skewed, the skewed flags, w_in_q, advance_d and w_shift_d.
std::string ws_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe);

}  // namespace bitloom
