// One column of the multiplier-adder tree as its PE module: the column's shadow and
// active weights (double-buffered) around its datapath (generator/mul_tree_dot.hpp), the
// result registered.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/mul_tree_dot.hpp"
#include "generator/spec.hpp"

namespace bitloom {

// Module `pe` around the column datapath `col` (its core, fed with the row's digits;
// `step` names the recoder, `step`_recode). Carry-save columns register the pair
// (sum_o, carry_o), the others the sum.
// The core's module must be in `d` already.
VerilogModule mul_tree_column_pe(const Design& d, const GemmConfig& g, const std::string& pe, const std::string& step,
                                 const ColumnDatapath& col);

}  // namespace bitloom
