// One activation's radix-4 Booth digits as a module of its own. An array that
// broadcasts an activation to several PEs (the 2D-Matrix's rows) recodes it once here
// and registers the digits, so that no PE repeats the recoding and the PEs' critical
// path starts at the partial-product select.
#pragma once
#include <string>

#include "hw/module.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom {

// Ports: a_i [a_width]; neg_o, one_o, two_o [digits], digit d at bit d, each digit
// (one ? 1 : two ? 2 : 0) negated by neg, so that a = sum_d digit_d * 4^d.
hw::Module booth_recoder(const std::string& name, int a_width, bool a_signed);
VerilogModule booth_recoder_module(const std::string& name, int a_width, bool a_signed);

// The ports of a step that takes a's digits (carry_save_step_module, StepA::kBoothDigits).
struct DigitStepPorts {
  int products = 1;  // a_k at lane k of a_i, its digits at [k*digits +: digits]
  int a_width = 0, b_width = 0, c_width = 0;
  bool a_signed = false, sum_input = false, carry_input = false, carry_output = true;
};

// A step with a_i by value, as the exhaustive step check and the formal proof see it:
// one `recoder` (booth_recoder) per product, then `digit_step`. Arrays instantiate the two apart, so this
// module is a checking view that no array instantiates.
VerilogModule recoded_step_module(const std::string& name, const hw::Module& recoder, const std::string& digit_step,
                                  const DigitStepPorts& ports);

}  // namespace bitloom
