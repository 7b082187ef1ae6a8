// Integers of the printed Verilog that stand for a value: a localparam, a genvar, or
// arithmetic on them. The printer shows the text (ROWS, gr*COLS+gc); the checker, which
// expands every generate loop, uses the value the text has in one elaboration. One
// expression gives both, so what is printed and what is checked cannot drift apart.
#pragma once
#include <cctype>
#include <string>

#include "hw/expr.hpp"

namespace bitloom::hw {

class Sym {
 public:
  Sym(long long value);  // NOLINT(google-explicit-constructor): a number prints as itself
  static Sym named(const std::string& name, long long value);

  const std::string& text() const { return text_; }
  long long value() const { return value_; }
  bool is_number() const { return op_ == 0 && !text_.empty() && (text_[0] == '-' || std::isdigit(static_cast<unsigned char>(text_[0]))); }
  // "[W-1:0] " for a width W ("" for the number 1): a declaration's range.
  std::string range() const;

  friend Sym operator+(const Sym& a, const Sym& b);
  friend Sym operator-(const Sym& a, const Sym& b);
  friend Sym operator*(const Sym& a, const Sym& b);
  friend Sym operator/(const Sym& a, const Sym& b);
  friend Sym operator%(const Sym& a, const Sym& b);

 private:
  // Binding strength: 3 a name or number, 2 a product or quotient, 1 a sum.
  Sym(std::string text, long long value, int strength, char op = 0)
      : text_(std::move(text)), value_(value), strength_(strength), op_(op) {}
  static Sym combine(const Sym& a, char op, const Sym& b, long long value);

  std::string text_;
  long long value_ = 0;
  int strength_ = 3;
  char op_ = 0;  // the outermost operator, 0 for a name or number
};

// net[lsb +: width] of a whole net, its bits where lsb and width have their values.
Expr part_at(const Expr& net, const Sym& lsb, const Sym& width);
// net[index] of a whole net.
Expr bit_at(const Expr& net, const Sym& index);

}  // namespace bitloom::hw
