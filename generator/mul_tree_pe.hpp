// One column of the multiplier-adder tree as its PE module: the column's shadow and
// active weights (double-buffered) around its datapath (generator/mul_tree_dot.hpp), the
// result registered.
#pragma once
#include <string>

#include "generator/spec.hpp"

namespace bitloom {

// Module `pe` around the column datapath `step` (for recoded columns, `step`_trees fed
// with the row's EN-T digits; else `step` fed with the row). Carry-save columns register
// the pair (sum_o, carry_o), the others the sum.
std::string mul_tree_column_pe(const GemmConfig& g, const std::string& pe, const std::string& step, bool carry_save,
                               bool recoded);

}  // namespace bitloom
