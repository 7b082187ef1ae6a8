// The skew and de-skew of the systolic arrays: one hw::prims::delay_lines module per
// array side, instantiated in the array's top.
#pragma once
#include <string>
#include <vector>

#include "generator/design.hpp"
#include "generator/spec.hpp"

namespace bitloom {

struct SkewLines {
  std::string module;   // the delay_lines module, e.g. <top>_a_skew
  std::string what;     // how the depths go, for its header: "i cycles"
  int width = 1;        // bits of one lane
  std::vector<int> depths;  // per lane
  std::string enable;   // the top's net that moves the lines; empty: every cycle
};

// Row i of A's Booth digits delayed by i `unit`s (cycles, or steps moving with `enable`):
// <top>_a_skew of the systolic arrays.
SkewLines row_digit_skew(const GemmConfig& g, const std::string& unit, const std::string& enable);

// Adds the module of `lines` to `d`.
void add_skew_module(Design& d, const SkewLines& lines);

// Its instance `u_<label>_skew` in d's top, from `in` to `out`, checked against the
// module's header (the module must be in `d` already).
std::string skew_instance(const Design& d, const SkewLines& lines, const std::string& label, const std::string& in,
                          const std::string& out);

// Lane i delayed by i cycles (count lanes), or by count - 1 - i with `reversed`.
std::vector<int> staircase(int count, bool reversed = false);

}  // namespace bitloom
