// A register module: one copy of a registered signal that fans out across an array (the
// WS array's step, the shift of a shift drain, a 2D-Matrix's operands). A module of its
// own, so each copy survives synthesis as separate flops (identical flops in one module
// get merged), and each drives only its own share of the PEs.
#pragma once
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// `what` completes the header comment: "// <name>: one copy of <what>."
VerilogModule fanout_reg_module(const std::string& name, const std::string& what, int width = 1);

// The same, loaded on the cycles after en_d_i is high (hw::prims::enabled_register_copy).
VerilogModule enabled_fanout_reg_module(const std::string& name, const std::string& what, int width);

// Loads one copy of a registered operand drives: one flop driving a whole row or column
// of 16 PEs spends about 0.9 ns in its clock-to-output alone on osu018 (16x16 int8 OPT1
// 2D-Matrix: 309 MHz with one copy, 435 MHz with a copy per 4 PEs, for 2.4 % more area).
constexpr int kRegisterCopyFanout = 4;

}  // namespace bitloom
