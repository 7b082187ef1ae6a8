#include "hw/sym.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace bitloom::hw {

Sym::Sym(long long value) : text_(std::to_string(value)), value_(value), strength_(value < 0 ? 1 : 3) {}

std::string Sym::range() const {
  if (is_number()) return value_ == 1 ? "" : fmt::format("[{}:0] ", value_ - 1);
  return fmt::format("[{}-1:0] ", text_);
}

Sym Sym::named(const std::string& name, long long value) { return Sym(name, value, 3); }

Sym Sym::combine(const Sym& a, char op, const Sym& b, long long value) {
  const int strength = op == '+' || op == '-' ? 1 : 2;
  // The right operand keeps its parentheses at equal strength unless the operator is
  // associative: a-(b+c) and a/(b*c) are not a-b+c and a/b*c.
  const bool associative = op == '+' || op == '*';
  // A quotient or remainder inside a product keeps its parentheses, for the reader:
  // (gc/FANOUT)*A_BEAT.
  auto quotient = [](const Sym& s) { return s.op_ == '/' || s.op_ == '%'; };
  const bool wrap_left = a.strength_ < strength || (op == '*' && quotient(a));
  const bool wrap_right = b.strength_ < strength || (b.strength_ == strength && !associative) || (op == '*' && quotient(b));
  const std::string left = wrap_left ? "(" + a.text_ + ")" : a.text_;
  const std::string right = wrap_right ? "(" + b.text_ + ")" : b.text_;
  return Sym(left + op + right, value, strength, op);
}

Sym operator+(const Sym& a, const Sym& b) { return Sym::combine(a, '+', b, a.value_ + b.value_); }
Sym operator-(const Sym& a, const Sym& b) { return Sym::combine(a, '-', b, a.value_ - b.value_); }
Sym operator*(const Sym& a, const Sym& b) { return Sym::combine(a, '*', b, a.value_ * b.value_); }
Sym operator/(const Sym& a, const Sym& b) {
  if (b.value_ == 0) throw std::logic_error(fmt::format("hw: {} / {} divides by zero", a.text_, b.text_));
  return Sym::combine(a, '/', b, a.value_ / b.value_);
}
Sym operator%(const Sym& a, const Sym& b) {
  if (b.value_ == 0) throw std::logic_error(fmt::format("hw: {} % {} divides by zero", a.text_, b.text_));
  return Sym::combine(a, '%', b, a.value_ % b.value_);
}

namespace {

Bits whole_bits(const Expr& net, long long lsb, long long width, const char* what) {
  if (net.lvalue.size() != 1 || net.lvalue[0].lsb != 0 || net.lvalue[0].width != net.lvalue[0].net_width)
    throw std::logic_error(fmt::format("hw: {} of '{}', which is not a whole net", what, net.text));
  return Bits{net.text, static_cast<int>(lsb), static_cast<int>(width), net.width};
}

}  // namespace

// Out-of-range bits are left for the checker, which names the module and the net.
Expr part_at(const Expr& net, const Sym& lsb, const Sym& width) {
  const Bits b = whole_bits(net, lsb.value(), width.value(), "a part select");
  return {fmt::format("{}[{} +: {}]", net.text, lsb.text(), width.text()), b.width, {b}, {b}};
}

Expr bit_at(const Expr& net, const Sym& index) {
  const Bits b = whole_bits(net, index.value(), 1, "a bit select");
  return {fmt::format("{}[{}]", net.text, index.text()), 1, {b}, {b}};
}

}  // namespace bitloom::hw
