// Per-lane delay lines (skew and de-skew of systolic arrays) as a generate loop.
#pragma once
#include <string>

namespace bitloom {

// Delays lane gl of `in` (LANES lanes of WIDTH bits) by `delay_expr` cycles into `out`;
// `delay_expr` is a Verilog expression of the genvar gl ("gl", "(COLS-1-gl)"). With a
// non-empty `enable`, the registers move only when it is high. Uses genvar gl.
std::string lane_delay_block(const std::string& label, const std::string& in, const std::string& out,
                             const std::string& lanes, const std::string& width,
                             const std::string& delay_expr, const std::string& enable = "");

}  // namespace bitloom
