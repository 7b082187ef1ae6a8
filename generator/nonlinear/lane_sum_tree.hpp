// The sum of a beat's per-lane terms as one compressor tree (a Dadda tree of full
// adders over every term's bits, then a single carry-propagate add) instead of a chain
// of P adders: at 16 lanes the chain, with a select after each add, was the softmax
// unit's critical path once its beat max had become a tree.
#pragma once
#include <string>
#include <vector>

namespace bitloom::vexpr {

// Verilog that declares `[width-1:0] sum_name` = the sum, modulo 2^width, of `terms`
// (Verilog names of unsigned `term_width`-bit wires, term_width <= width). The tree's
// wires are named <sum_name>_t_*.
std::string lane_sum_tree(const std::string& sum_name, int width, const std::vector<std::string>& terms,
                          int term_width);

}  // namespace bitloom::vexpr
