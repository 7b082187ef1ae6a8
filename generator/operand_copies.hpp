// The input registers of the broadcast os_tile arrays (2D-Matrix and cube): each beat
// of A and B is registered in several copies, one per kRegisterCopyFanout PE columns
// (A) or rows (B), each copy a module of its own so that synthesis keeps it. One flop
// driving a whole row or column of PEs across the hierarchy is left unbuffered by a
// per-module mapping and costs about 0.9 ns of clock-to-output on osu018.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/spec.hpp"

namespace bitloom {

// Verilog: localparams FANOUT, A_COPIES, B_COPIES, A_BEAT, B_BEAT; `a_d` (s_a_tdata on
// a taken beat, else zeros); `a_in_q` / `b_in_q` with copy k at k*A_BEAT / k*B_BEAT, and
// the copies' instances (genvar gk). Expects beat_fire. Each activation is recoded once
// by `a_recoder` (a Booth recoder module, booth_recoder.hpp) and the A copies hold its
// digits: localparams DIGITS, ROW_DIGITS (K_PER_BEAT*DIGITS) and A_CODE; PE row i's
// digits at i*A_CODE in a copy, as {two, one, neg} of ROW_DIGITS bits each.
std::string operand_copy_registers(const Design& d, const GemmConfig& g, const std::string& a_recoder);

// The modules of the A and B copies (A's copies hold Booth digits).
void add_operand_copy_modules(Design& d, const GemmConfig& g);

// Verilog: the overlap drain's beat flags `first_d` / `last_d` registered once per PE row
// into `first` / `last` [ROWS] (genvar gl), each copy a module of its own.
std::string beat_flag_copies(const Design& d, const GemmConfig& g, const std::string& first, const std::string& last);

// The module of one beat flag copy.
void add_beat_flag_module(Design& d, const GemmConfig& g);

}  // namespace bitloom
