// Elementwise stream units of the workload hardware, each L lanes wide, one beat per
// cycle, through an output register slice (prims::skid_buffer, so no combinational path
// runs from the output handshake to the input's). tlast and tkeep pass through with
// their beat.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::hw::prims {

// The GEMM epilogue: per lane, acc (acc_width bits, signed) -> round half up at bit
// shift_i - 1 (no rounding term at shift 0), arithmetic shift right by shift_i,
// saturate to out_width bits (signed or unsigned), then 0 for negative values when
// relu_i. shift_i and relu_i are the stage's settings: stable while its beats are
// inside. A register after the rounding add splits the path (so a unit behind a fast
// array does not set the clock), then the output slice.
// Streams s_acc and m_out. Returns the unit and its slice (leaves first).
std::vector<Module> gemm_epilogue(const std::string& name, int lanes, int acc_width, int out_width, bool out_signed);

// Saturating add: per lane x + y, clamped to `width` bits (signed or unsigned). Joins
// s_x (with tlast, tkeep) and s_y (data only: the beats pair up in order); m_sum.
std::vector<Module> saturating_add(const std::string& name, int lanes, int width, bool is_signed);

}  // namespace bitloom::hw::prims
