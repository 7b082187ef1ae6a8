// The datapath of one multiplier-adder-tree column: the K-long dot product of a row of A
// with the column's stationary weights, one module per PE kind (role "step", so the
// exhaustive step check and the formal proof apply to it):
//   mac  — K multipliers, each its own Booth tree and carry-propagate adder, then a
//          balanced tree of carry-propagate adders, every level only as wide as its sums;
//   opt1 — one bit heap over all K products' Booth partial products, left as a pair;
//   ent  — OPT2: EN-T digits of each activation, one tree per bit weight (arith/ent_dot).
// A row reaches every column, so the array recodes each activation once for all of them
// (radix-4 Booth digits for mac and opt1, EN-T digits for ent) and the columns take the
// digits. Ports of the step: a_i [K*AW], b_i [K*BW], sum_o [CW] and, for the carry-save
// kinds, carry_o [CW].
#pragma once
#include <string>
#include <vector>

#include "generator/design.hpp"

namespace bitloom {

struct ColumnDatapath {
  std::vector<VerilogModule> modules;  // leaves first; the last is the step
  bool carry_save = false;             // the step leaves a (sum, carry) pair
  // The array recodes each activation once (<step>_recode, in the top) and each column
  // sums from the digits (`core`); <step> joins the two for the checks.
  std::string core;        // the module a column instantiates
  std::string digit_kind;  // "Booth" or "EN-T"
  int digits = 0;          // digits per activation
  nlohmann::ordered_json tree;         // compressor-tree statistics of the step
};

// The column of `g` (arch mul_tree, K = g.rows) as module `step_name` and its leaves.
ColumnDatapath mul_tree_column(const GemmConfig& g, const std::string& step_name);

}  // namespace bitloom
