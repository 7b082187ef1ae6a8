// A bit heap: every bit to be summed, sorted by weight, modulo 2^width. Signed
// operands enter with the constant-folding sign-extension trick: a two's-complement
// value v with sign bit s at weight 2^m is (v without s) + (~s)*2^m - 2^m, so only the
// inverted sign bit enters the heap and all the -2^m terms fold into one constant.
#pragma once
#include <cstdint>
#include <vector>

#include "generator/arith/bit_netlist.hpp"

namespace bitloom::arith {

class BitHeap {
 public:
  BitHeap(BitNetlist& net, int width);

  void add_bit(int weight, BitId b);
  // bits[k] has weight 2^(shift+k).
  void add_unsigned(int shift, const std::vector<BitId>& bits);
  // Two's complement: bits.back() is the sign bit.
  void add_signed(int shift, const std::vector<BitId>& bits);
  // Adds value * 2^shift (mod 2^width); negative values are fine.
  void add_constant(int64_t value, int shift = 0);

  int width() const { return width_; }
  uint64_t constant() const { return constant_; }
  // Columns with the constant turned into 1-bits (once; later additions are an error).
  const std::vector<std::vector<BitId>>& columns_with_constant();
  int max_height() const;
  BitNetlist& net() { return net_; }

 private:
  BitNetlist& net_;
  int width_;
  uint64_t mask_;
  uint64_t constant_ = 0;
  bool constant_placed_ = false;
  std::vector<std::vector<BitId>> columns_;
};

}  // namespace bitloom::arith
