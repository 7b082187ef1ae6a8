// The arithmetic contract of a PE kind's step module, as a Verilog checker the formal
// proof runs against the generated step: `ok` is high when
// sum_o + carry_o == sum_i (+ carry_i) + sum_k a_k * b_k, mod 2^C_WIDTH, with the spec's
// operand signs. It is written from the PE kind's definition (plain multiplies and adds),
// never from the step's own netlist.
#pragma once
#include <string>

#include "generator/spec.hpp"

namespace bitloom {

// Module `step_proof` instantiating `step`. `carry_input`: the step takes carry_i (OPT1).
std::string step_reference_module(const GemmConfig& c, const std::string& step, bool carry_input);

}  // namespace bitloom
