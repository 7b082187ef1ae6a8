// The largest value among the kept lanes of a beat, as a balanced tree of
// compare-and-select nodes: ceil(log2 P) comparators deep instead of a chain through
// every lane (at 16 lanes of int16 the chain was the softmax unit's critical path,
// 109 gate levels, and set the clock of every workload top that holds one).
#pragma once
#include <string>

namespace bitloom::vexpr {

// Verilog that declares `signed [width-1:0] max_name` (0 when no lane is kept) and
// `any_name` (some lane is kept) as wires, from `lanes` lanes of `values`
// (lane i at [i*width +: width], signed) and their keep bits `keep`. Intermediate
// nodes are named <max_name>_l<level>_<index> and <any_name>_l<level>_<index>.
std::string lane_max_tree(const std::string& max_name, const std::string& any_name, int lanes, int width,
                          const std::string& values, const std::string& keep);

}  // namespace bitloom::vexpr
