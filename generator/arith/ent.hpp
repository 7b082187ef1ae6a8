// EN-T digit encoding (after EN-T, ICCD 2024), the recoding the TPE paper's OPT2/OPT3
// use for activations: the value's magnitude is split into 2-bit digits with a carry
// chain (a digit of 3 or 4 becomes -1 or 0 and carries one up), so each magnitude digit
// is in {-1, 0, 1, 2}; with the sign applied, a = sign * sum_i d_i 4^i, d_i in {-2..2}.
// Unlike Booth's, the digits of small magnitudes are mostly zero, which the sparse
// bit-serial encoder skips.
#pragma once
#include <cstdint>
#include <vector>

namespace bitloom::arith {

// Digits of the magnitude of a `width`-bit value (signed or not): enough for the largest
// magnitude (2^(W-1) signed, 2^W - 1 unsigned).
int ent_digit_count(int width, bool is_signed);

// The signed digits of `a`, least significant first (sign applied): a = sum d_i 4^i.
std::vector<int> ent_digits(int64_t a, int width, bool is_signed);

// How many of those digits are nonzero: the partial products the sparse encoder issues.
int ent_nonzero_digits(int64_t a, int width, bool is_signed);

// The issue cycles per operand of a 2D-Matrix array of `rows` sparse-serial PE rows that
// move in lockstep (a group costs its busiest row's nonzero digits, one at least), for
// activations drawn from N(0, sigma), truncated toward zero and clamped to the operand,
// `operands_per_row` per row from std::mt19937_64(seed): the prediction a manifest
// states. (tb/sparse_serial_model.hpp adds the load buffer's cycles, for exact timing.)
double sparse_lockstep_cycles_per_operand(int rows, int width, bool is_signed, int group, double sigma,
                                          uint64_t seed, int operands_per_row);

// The sparse bit-serial encoder's cost for one row of activations, in cycles: a group of
// `group` consecutive values issues one partial product per cycle for each nonzero digit
// of any bit weight, and a group with no nonzero digit still takes one cycle.
// `per_bit_weight` instead charges each bit weight of a group on its own (max(1, nonzero
// digits at that weight)): the literal reading of the paper's text, which reproduces none
// of its figures (bench_sparse_serial shows both).
long long sparse_serial_cycles(const std::vector<int64_t>& row, int width, bool is_signed, int group,
                               bool per_bit_weight = false);

}  // namespace bitloom::arith
