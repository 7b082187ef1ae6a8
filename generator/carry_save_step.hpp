// The OPT1 step: (sum, carry) + sum_k a_k*b_k compressed back into (sum, carry) by one
// compressor tree, with no carry-propagate adder. Emitted as its own combinational
// module so that it can be proved equal to the MAC step and checked exhaustively.
#pragma once
#include "generator/arith/compressor_tree.hpp"
#include "generator/design.hpp"

namespace bitloom {

// What the step adds to its products: an accumulator pair (OPT1), one plain word (the
// multiply-add of a MAC PE), or nothing (a multiplier-adder tree's column, or one
// multiplier of it). Each absent input is a port less and a row less in the tree.
enum class StepAccumulator { kNone, kSum, kSumAndCarry };

// Ports: neg_i, one_i, two_i [products*digits] (a_k's radix-4 Booth digits, recoded
// outside, once for every PE that a_k reaches: booth_recoder.hpp), b_i [products*BW]
// (product k at lane k), then sum_i and carry_i as `acc` has them, sum_o, carry_o [CW].
// With `restart`, a restart_i input makes the step take its accumulator inputs as zero
// (the first beat of a tile); the gate then sits beside the compressors it feeds, where
// synthesis can merge it into them (in the PE, hierarchical synthesis cannot).
// `stats` receives the tree's statistics.
VerilogModule carry_save_step_module(const std::string& name, const GemmConfig& g, int products,
                                     arith::TreeStats* stats = nullptr,
                                     StepAccumulator acc = StepAccumulator::kSumAndCarry, bool restart = false);

// Bits of -b as the arrays with negated multiples (GemmConfig::negated_multiples) hand it
// to their PEs' steps (nb_i, per product): arith::booth_product_width of b.
int negated_b_width(const GemmConfig& g);

}  // namespace bitloom
