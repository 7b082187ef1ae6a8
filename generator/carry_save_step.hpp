// The OPT1 step: (sum, carry) + sum_k a_k*b_k compressed back into (sum, carry) by one
// compressor tree, with no carry-propagate adder. Emitted as its own combinational
// module so that it can be proved equal to the MAC step and checked exhaustively.
#pragma once
#include "generator/arith/compressor_tree.hpp"
#include "generator/design.hpp"

namespace bitloom {

// Ports: a_i [products*AW], b_i [products*BW] (product k at lane k), sum_i, carry_i,
// sum_o, carry_o [CW]. `stats` receives the tree's statistics. Without `carry_input`
// (the multiply-add of a MAC PE, whose accumulator is one plain word) there is no
// carry_i and one row less in the tree.
VerilogModule carry_save_step_module(const std::string& name, const GemmConfig& g, int products,
                                     arith::TreeStats* stats = nullptr, bool carry_input = true);

}  // namespace bitloom
