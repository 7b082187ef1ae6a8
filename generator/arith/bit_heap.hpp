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
  // When the constant is placed, a constant 1 in a column that holds a bit x is absorbed
  // rather than placed where that lowers the column without making the next one taller
  // than the tallest column: x + 1 is ~x there plus x one column up (no gate but an
  // inverter). A run of constant 1s above a sign bit becomes the classic "~s s s" prefix.
  void absorb_constant() { absorb_ = true; }
  // The Dadda reduction then feeds each stage's adders the earliest bits of a column
  // (BitNetlist arrivals), the latest of three on the adder's one-gate input, and lets
  // the latest bits pass to the next stage: a bit that enters late (a Booth partial
  // product beside an accumulator) crosses fewer gates. Same stages, same adder count.
  void order_by_arrival() { by_arrival_ = true; }
  bool ordered_by_arrival() const { return by_arrival_; }
  int max_height() const;
  BitNetlist& net() { return net_; }

 private:
  int placed_height() const;  // with the constant as 1-bits
  // Where absorption happens (absorb_constant) and the tallest column it leaves.
  struct Absorption {
    std::vector<bool> columns;
    size_t height = 0;
  };
  Absorption plan_absorption() const;

  BitNetlist& net_;
  int width_;
  uint64_t mask_;
  uint64_t constant_ = 0;
  bool constant_placed_ = false;
  bool absorb_ = false;
  bool by_arrival_ = false;
  std::vector<std::vector<BitId>> columns_;
};

}  // namespace bitloom::arith
