// A piecewise polynomial over an unsigned fixed-point input code, as the hardware
// evaluates it. The input range is cut into equal blocks; each block has its own
// segment length (a power of two in codes), so steep parts of a function get short
// segments and flat parts long ones, and one row of coefficients serves one segment.
//
//   block  = t >> block_bits            row = block_base[block] + (offset >> shift)
//   offset = t mod 2^block_bits         u   = offset mod 2^shift
//   acc = c[d];  acc = c[i] + round_shift(acc * u, in_frac)  for i = d-1 .. 0
//
// Coefficients are integers in units of 2^-frac, so the result is too. This header is
// the bit-exact model; poly_fit.hpp computes the coefficients and poly_rtl.hpp emits
// the same datapath as Verilog.
#pragma once
#include <cstdint>
#include <vector>

#include "generator/nonlinear/fixed_point.hpp"

namespace bitloom {

struct PolyTable {
  int in_bits = 0;                 // width of the input code t
  int in_frac = 0;                 // fraction bits of t: u is scaled by 2^-in_frac
  int block_bits = 0;              // log2 of the codes per block
  std::vector<int> block_shift;    // per block: log2 of the codes per segment
  std::vector<int> block_base;     // per block: its first row
  int degree = 1;
  int frac = 0;                    // fraction bits of coefficients and result
  std::vector<int64_t> coef;       // rows x (degree + 1), c0 first

  int blocks() const { return static_cast<int>(block_shift.size()); }
  int rows() const { return static_cast<int>(coef.size()) / (degree + 1); }
  uint64_t domain_codes() const { return static_cast<uint64_t>(blocks()) << block_bits; }
  int64_t c(int row, int i) const { return coef[static_cast<size_t>(row) * (degree + 1) + i]; }

  int row_of(uint64_t t) const {
    const int b = static_cast<int>(t >> block_bits);
    const uint64_t offset = t & ((uint64_t{1} << block_bits) - 1);
    return block_base[b] + static_cast<int>(offset >> block_shift[b]);
  }
  int64_t u_of(uint64_t t) const {
    const int b = static_cast<int>(t >> block_bits);
    return static_cast<int64_t>(t & ((uint64_t{1} << block_shift[b]) - 1));
  }
  // Horner's rule from the top coefficient. t must be below domain_codes().
  int64_t eval(uint64_t t) const {
    const int row = row_of(t);
    const int64_t u = u_of(t);
    int64_t acc = c(row, degree);
    for (int i = degree - 1; i >= 0; --i) acc = c(row, i) + fx::round_shift(acc * u, in_frac);
    return acc;
  }
};

}  // namespace bitloom
