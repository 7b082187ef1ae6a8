// The PE grid of the broadcast os_tile arrays (2D-Matrix with mac/opt1 PEs, and cube) as
// a checked IR fragment: ROWS x COLS PEs, each taking its row's Booth digits from its
// copy of A (operand_copies.hpp), its column's B, the beat flags of its row (overlap
// drain) and driving its result buses (pe_results.hpp); each held to the PE's header.
#pragma once
#include <functional>
#include <string>

#include "generator/design.hpp"
#include "hw/fragment.hpp"

namespace bitloom {

// A bus of B-side operands the text drives (its net and width), and PE(gr, gc)'s lane on it.
struct ColumnBus {
  std::string net;
  int width = 0;
  std::function<hw::Expr(const hw::Expr& bus, const hw::Sym& gr, const hw::Sym& gc)> lane;
};

struct BroadcastGrid {
  ColumnBus b;   // each PE's b_i
  ColumnBus nb;  // with negated multiples (GemmConfig::negated_multiples) each PE's nb_i; else no net
  std::string first, last;  // the flag copies [ROWS] (overlap drain), from the text
};

std::string broadcast_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe, const BroadcastGrid& how);

// PE(gr, gc)'s digit ports (neg_i, one_i, two_i) on a_in_q (which `f` declares), in
// the symbols operand_copy_registers declares.
void connect_pe_digits(hw::Instance& pe, hw::Fragment& f, const GemmConfig& g, const hw::Sym& gr, const hw::Sym& gc);

}  // namespace bitloom
