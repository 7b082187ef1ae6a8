// Pieces shared by the arrays that speak the os_tile protocol (systolic OS and cube):
// the module header with its ports and parameters, and the input-beat control.
#pragma once
#include <string>

#include "generator/design.hpp"

#include "generator/spec.hpp"

namespace bitloom {

// `module <top> (...)`, the shape/width localparams and `genvar gl, gr, gc;`.
// s_a carries ROWS*K_PER_BEAT lanes, s_b K_PER_BEAT*COLS lanes.
std::string tile_module_header(const GemmConfig& g, const std::string& genvars = "gl, gr, gc");

// Joint handshake of s_a and s_b, first/last tracking and the one-tile-in-the-PEs
// interlock (with a shift drain, every beat of the next tile waits for the drain; else
// only its last one). Declares beat_fire, beat_last, first_pending_q, drain_fire,
// drain_last.
// `gate`, when given (drain: overlap only), is a further condition for taking any beat (a
// Verilog expression); `gate_note` completes "Every beat also waits ..." in the comment.
std::string tile_input_control(bool shift_drain, const std::string& gate = "", const std::string& gate_note = "");

// Comment for the input register, which zeroes a on empty slots: the PEs have no
// accumulator enable, so an empty slot must add 0*b.
std::string empty_slot_note();

// The Design of an os_tile array before its PE and top modules are added: names,
// protocol and streams, params, timing and MACs per beat, and (drain: shift) the
// per-column shift register module.
Design os_tile_design(const GemmConfig& g, int latency_cycles);

}  // namespace bitloom
