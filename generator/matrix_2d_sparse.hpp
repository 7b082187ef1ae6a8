// The sparse bit-serial part of the 2D-Matrix top: the group load buffer, one encoder per
// PE row, the issue control and the PE array fed from them.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/spec.hpp"

namespace bitloom {

// Verilog between the input control (which it gates with load_full_q / handover, both
// declared by the caller) and the drain; drives row_done and the PE flags first_d /
// last_d, whose per-row copies first_row / last_row the caller makes.
std::string sparse_array_body(const Design& d, const GemmConfig& g, const std::string& pe, const std::string& encoder);

}  // namespace bitloom
