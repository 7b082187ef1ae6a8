// The arithmetic contract of a PE kind's step module, as a Verilog checker the formal
// proof runs against the generated step: `ok` is high when
// sum_o + carry_o == sum_i (+ carry_i) + sum_k a_k * b_k, mod 2^C_WIDTH, with the spec's
// operand signs. It is written from the PE kind's definition (plain multiplies and adds),
// never from the step's own netlist.
#pragma once
#include <string>

#include "generator/spec.hpp"

namespace bitloom {

// The ports a step module has besides a_i and b_i.
struct StepPorts {
  int products = 1;           // products per step (lanes of a_i and b_i)
  bool sum_input = true;      // sum_i: the accumulator (absent in a multiplier-adder tree's column)
  bool carry_input = false;   // carry_i: the accumulator's carry vector (OPT1)
  bool carry_output = true;   // carry_o: the result is a pair (absent when the step adds it)
  bool restart = false;       // restart_i: take the accumulator inputs as zero (a tile's first beat)
};

// Module `step_proof` instantiating `step`.
std::string step_reference_module(const GemmConfig& c, const std::string& step, const StepPorts& ports);

// Module `step_proof` for the sequential sparse bit-serial PE `pe` (2D-Matrix), whose
// flip-flops the proof turns into free inputs `<reg>.q` and outputs `<reg>.d` (Yosys
// `expose -evert-dff`), so it covers one cycle from every state, reachable or not:
// - the encoder's recoder `recode` turns every activation a into digits of at most one
//   magnitude each with sum_i digit_i * 4^i == a;
// - for every issued digit (magnitude 1 or 2, sign, slot, weight) and every (sum, carry)
//   state, the next pair sums to (first ? 0 : sum + carry) + digit * b[slot] * 4^weight
//   mod 2^C_WIDTH, and the result pair takes the next pair exactly when `last` is high.
std::string sparse_pe_reference_module(const GemmConfig& c, const std::string& pe, const std::string& recode);

}  // namespace bitloom
