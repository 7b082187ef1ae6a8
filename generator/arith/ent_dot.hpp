// The same-bit-weight dot product of the TPE paper's OPT2 (the multiplier-adder tree's
// column): sum_k a_k * w_k for K pairs. Each activation a_k is recoded into EN-T digits
// (generator/arith/ent.hpp); for each bit weight i, the K partial products d_{k,i} * w_k
// (each 0, +-w or +-2w) are summed by one compressor tree of their own; only then are the
// per-weight sums shifted by 2i and added, in a last tree that leaves a carry-save pair.
//
// Sizing: the result is taken mod 2^cw, so the sum at bit weight i is needed only mod
// 2^(cw - 2i), and that is what its tree keeps. With cw the no-overflow width of a K-long
// dot product every case is exact, the all -128 row times the all -128 column included
// (the paper's RTL sums each bit weight in 13 bits and wraps there at K = 16).
#pragma once
#include <string>
#include <vector>

#include "generator/arith/compressor_tree.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom::arith {

struct EntDotShape {
  int k = 1;                 // products per dot product
  int a_width = 8, w_width = 8;
  bool a_signed = true, w_signed = true;
  int c_width = 0;           // result width (mod 2^c_width)
  TreeStyle tree = TreeStyle::kDadda;
};

struct EntDotStats {
  std::vector<int> weight_widths;  // bits kept per bit-weight sum, lowest weight first
  std::vector<TreeStats> weight_trees;
  TreeStats final_tree;
};

// Module `name` (role "step"): inputs a_i [K*AW], b_i [K*WW] (the weights; lane k at
// [k*W +: W]); outputs sum_o, carry_o [CW]: sum_o + carry_o = sum_k a_k * w_k (mod 2^CW).
// Combinational. Built from two modules, returned first: `name`_recode (one activation's
// EN-T digits: a_i -> one_o, two_o, neg_o [D]) and `name`_trees (the digits of all K
// activations, lane k at [k*D +: D], and b_i -> the pair), so that an array can recode
// each activation once for all the columns it is broadcast to.
// The recoder alone: a_i [AW] -> one_o, two_o, neg_o [D] (role "ent_recode").
VerilogModule ent_recode_module(const std::string& name, int a_width, bool a_signed);

std::vector<VerilogModule> ent_dot_modules(const std::string& name, const EntDotShape& s,
                                           EntDotStats* stats = nullptr);

}  // namespace bitloom::arith
