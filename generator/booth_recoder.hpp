// One activation's radix-4 Booth digits as a module of its own. Every array recodes an
// activation once here, whether it broadcasts it to several PEs (the cube's and the
// 2D-Matrix's rows, the multiplier-adder tree's columns) or passes it along a row of
// PEs (OS, WS), and registers the digits, so that no PE repeats the recoding and the
// PEs' critical path starts at the partial-product select.
#pragma once
#include <string>

#include "generator/spec.hpp"
#include "generator/step_reference.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom {

struct RecodedStep {
  // Ports: a_i [a width]; neg_o, one_o, two_o [digits], digit d at bit d, each digit
  // (one ? 1 : two ? 2 : 0) negated by neg, so that a = sum_d digit_d * 4^d.
  VerilogModule recoder;
  // The step with a_i by value, as the exhaustive step check and the formal proof see
  // it: one recoder per product, then `<step>_digits` (carry_save_step_module, or a
  // MAC column). Arrays instantiate the two apart, so no array instantiates this view.
  VerilogModule view;
};

// The recoder `recoder_name` and the view `step` of a digit step with `ports`.
RecodedStep recoded_step(const std::string& step, const std::string& recoder_name, const GemmConfig& g,
                         const StepPorts& ports);

}  // namespace bitloom
