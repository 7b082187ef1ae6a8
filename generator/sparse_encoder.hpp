// The sparse bit-serial encoder of one 2D-Matrix PE row (TPE OPT3/OPT4C): it takes a
// group of G activations, recodes each into EN-T digits and issues one nonzero digit per
// cycle, lowest slot and bit weight first, skipping the zero digits.
#pragma once
#include <string>
#include <vector>

#include "generator/spec.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom {

// Module `name` and the recoder it instantiates (`name`_recode), leaves first.
// Ports: clk_i, rst_ni, load_i (take a_i, the group: slot s at [s*AW +: AW]), run_i
// (issue this cycle), final_o (after this cycle's issue no digit is left; high for an
// empty group), and the registered issue one_o, two_o, neg_o, slot_o, weight_o (all
// magnitude bits 0 when nothing is issued).
std::vector<VerilogModule> sparse_encoder_modules(const std::string& name, const GemmConfig& g);

// Bits of the slot and weight fields.
int sparse_slot_bits(const GemmConfig& g);
int sparse_weight_bits(const GemmConfig& g);

}  // namespace bitloom
