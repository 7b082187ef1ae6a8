// A Kogge-Stone parallel-prefix adder as its own module: sum = a + b mod 2^width in
// about log2(width) carry levels (ABC keeps the ripple structure a behavioural `+` maps
// to, which is the slowest path of a carry-save array's drain).
#pragma once
#include <string>

#include "hw/verilog_module.hpp"

namespace bitloom::arith {

// Ports: a_i, b_i, sum_o, all `width` bits.
VerilogModule prefix_adder_module(const std::string& name, int width);

}  // namespace bitloom::arith
