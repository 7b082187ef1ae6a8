// Expressions of the structural IR: Verilog text together with its width and the net
// bits it reads, and, when it can stand on the left of an assignment, the bits it drives.
// The checker works on these bit runs; the printer only ever prints `text`.
#pragma once
#include <string>
#include <vector>

namespace bitloom::hw {

// Bits [lsb, lsb + width) of a net that is net_width bits wide.
struct Bits {
  std::string net;
  int lsb = 0;
  int width = 0;
  int net_width = 0;
};

struct Expr {
  std::string text;
  int width = 0;
  std::vector<Bits> reads;   // every net bit the expression depends on
  std::vector<Bits> lvalue;  // non-empty iff the expression is a net, a slice or a concatenation of them
  bool empty() const { return text.empty(); }
};

// The whole of a net.
Expr whole_net(const std::string& name, int width);

// Bits [lsb, lsb + width) of a net or of a slice of one (lsb counts from the slice's own bit 0).
Expr slice(const Expr& e, int lsb, int width);
inline Expr bit(const Expr& e, int index) { return slice(e, index, 1); }

// A sized decimal literal: 4'd9; one bit prints as 1'b0 / 1'b1.
Expr literal(int width, unsigned long long value);

// {first, ..., last}: parts[0] is the most significant.
Expr concat(const std::vector<Expr>& parts);

// {count{e}}
Expr replicate(int count, const Expr& e);

// Any other expression: `text` with the given width, reading every operand's bits.
Expr op(const std::string& text, int width, const std::vector<Expr>& operands);

}  // namespace bitloom::hw
