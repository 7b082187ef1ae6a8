// Radix-4 Booth recoding: a = sum_i d_i 4^i with d_i in {-2,-1,0,1,2}, digit i read
// from bits a[2i+1], a[2i], a[2i-1] (a[-1] = 0). A signed a of width W needs ceil(W/2)
// digits; an unsigned one needs one more bit of room (a zero sign), ceil((W+1)/2).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "generator/arith/bit_heap.hpp"

namespace bitloom::arith {

int booth_digit_count(int width, bool is_signed);

// Reference recoding of a value (for tests and models).
std::vector<int> booth_digits(int64_t a, int width, bool is_signed);

// The digits of a, recoded elsewhere: Verilog expressions of n bits each, digit i at
// bit i; digit i is (one ? 1 : two ? 2 : 0), negated when neg.
struct BoothDigitWires {
  std::string neg, one, two;
};

// Emits Verilog for the Booth partial products of a*b (wires prefixed with `prefix`)
// from a's digits and adds them to `heap` at bit weight `shift` and above. Returns the
// Verilog text. Each product is (|d| * b) XOR neg, a two's-complement word, plus `neg`
// at its LSB. Every array recodes a once (generator/booth_recoder.hpp) for all the PEs
// it reaches, so the PEs see only the digits.
std::string emit_booth_products_from_digits(BitHeap& heap, const std::string& prefix, const BoothDigitWires& digits,
                                            int digit_count, const std::string& b, int b_width, bool b_signed,
                                            int shift = 0);

// The same products from b and its negation nb (booth_product_width bits, two's
// complement, computed elsewhere): product d is |d| * (neg ? nb : b), one bit wider,
// and nothing else enters the heap for it. Without the +1 of a negation, the tallest
// column of a signed 8 x 8 product is one bit lower.
std::string emit_booth_products_from_multiples(BitHeap& heap, const std::string& prefix, const BoothDigitWires& digits,
                                               int digit_count, const std::string& b, const std::string& nb,
                                               int b_width, bool b_signed, int shift = 0);

// Verilog: -b in booth_product_width bits, for the multiples above (b the b_width bits of
// bus `b` from bit lo).
std::string negated_b_text(const std::string& b, int lo, int b_width, bool b_signed);

// Verilog: a widened for recoding, {sign or zero extension, a, 1'b0} (bit 0 is a[-1]).
std::string booth_a_extension(const std::string& a, int a_width, bool a_signed);

// Digit d's neg, one and two as Verilog expressions of the extended a's bits 2d+2
// (x2), 2d+1 (x1) and 2d (x0).
BoothDigitWires booth_digit_logic(const std::string& x2, const std::string& x1, const std::string& x0);

// Width of one partial-product word: b and 2b must fit as two's complement.
int booth_product_width(int b_width, bool b_signed);

}  // namespace bitloom::arith
