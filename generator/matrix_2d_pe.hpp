// The PEs of the 2D-Matrix array (arch matrix_2d): operands arrive broadcast along the
// PE's row and column, nothing moves on to a neighbour, so a PE is only its arithmetic,
// its accumulator and its result registers.
#pragma once
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// mac / opt1: acc <= (first ? 0 : acc) + a*b every cycle (the array feeds a = 0 on empty
// slots); `last` copies the finished sum (pair) into the result registers. Uses the
// modules `pe`_step (and, for mac, `pe`_add), which add_matrix_2d_pe appends.
// sparse_serial: the row's encoder issues one EN-T digit per cycle (one/two/neg, the
// slot of the group it belongs to, its bit weight); the PE selects that slot's b,
// forms +-b or +-2b shifted by 2 * weight and adds it to a (sum, carry) accumulator.
void add_matrix_2d_pe(Design& d, const GemmConfig& g, const std::string& pe);

}  // namespace bitloom
