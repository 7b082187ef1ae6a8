// The columns of the multiplier-adder tree as a checked IR fragment: per column its step
// and shift control copies, its PE and, for carry-save columns, the adder of its pair;
// each held to its module's header.
#pragma once
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// `d` holds the PE module `pe` and the copies' modules; `carry_save`: the column PE
// leaves a (sum, carry) pair that the final adder adds. Expects the text to declare
// pe_sum (pe_carry), column_sum, advance_col and w_shift_col, and to drive advance_d,
// w_shift_d, swap0_q, w_in_q and row_col_q.
std::string mul_tree_columns(const Design& d, const GemmConfig& g, const std::string& pe, int digits, bool carry_save,
                             const std::string& final_adder);

}  // namespace bitloom
