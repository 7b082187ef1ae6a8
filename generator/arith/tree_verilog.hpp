// Structural Verilog for a compressor tree's adders.
#pragma once
#include <string>

#include "generator/arith/compressor_tree.hpp"

namespace bitloom::arith {

// Wire declarations and assigns for every adder in `net` (in creation order), then
// `row0_name` / `row1_name` (width bits each) assigned from the two rows.
std::string emit_tree(const BitNetlist& net, const TwoRows& rows, const TreeStats& stats,
                      const std::string& row0_name, const std::string& row1_name);

}  // namespace bitloom::arith
