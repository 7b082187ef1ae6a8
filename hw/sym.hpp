// Integers of the printed Verilog that stand for a value: a localparam, a genvar, or
// arithmetic on them. The printer shows the text (ROWS, gr*COLS+gc); the checker, which
// expands every generate loop, uses the value the text has in one elaboration. One
// expression gives both, so what is printed and what is checked cannot drift apart.
#pragma once
#include <string>

#include "hw/expr.hpp"

namespace bitloom::hw {

class Sym {
 public:
  Sym(long long value);  // NOLINT(google-explicit-constructor): a number prints as itself
  static Sym named(const std::string& name, long long value);

  const std::string& text() const { return text_; }
  long long value() const { return value_; }

  friend Sym operator+(const Sym& a, const Sym& b);
  friend Sym operator-(const Sym& a, const Sym& b);
  friend Sym operator*(const Sym& a, const Sym& b);
  friend Sym operator/(const Sym& a, const Sym& b);
  friend Sym operator%(const Sym& a, const Sym& b);

 private:
  // Binding strength: 3 a name or number, 2 a product or quotient, 1 a sum.
  Sym(std::string text, long long value, int strength) : text_(std::move(text)), value_(value), strength_(strength) {}
  static Sym combine(const Sym& a, char op, const Sym& b, long long value);

  std::string text_;
  long long value_ = 0;
  int strength_ = 3;
};

// net[lsb +: width] of a whole net, its bits where lsb and width have their values.
Expr part_at(const Expr& net, const Sym& lsb, const Sym& width);
// net[index] of a whole net.
Expr bit_at(const Expr& net, const Sym& index);

}  // namespace bitloom::hw
