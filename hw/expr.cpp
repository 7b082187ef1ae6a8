#include "hw/expr.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace bitloom::hw {

namespace {

std::string bits_text(const Bits& b) {
  if (b.lsb == 0 && b.width == b.net_width) return b.net;
  if (b.width == 1) return fmt::format("{}[{}]", b.net, b.lsb);
  return fmt::format("{}[{}:{}]", b.net, b.lsb + b.width - 1, b.lsb);
}

}  // namespace

Expr whole_net(const std::string& name, int width) {
  Bits b{name, 0, width, width};
  return {name, width, {b}, {b}};
}

Expr slice(const Expr& e, int lsb, int width) {
  if (e.lvalue.size() != 1)
    throw std::logic_error(fmt::format("hw: slice of '{}', which is not a net or a slice of one", e.text));
  if (lsb < 0 || width < 1 || lsb + width > e.width)
    throw std::logic_error(fmt::format("hw: slice [{} +: {}] outside '{}' ({} bits)", lsb, width, e.text, e.width));
  const Bits& of = e.lvalue[0];
  Bits b{of.net, of.lsb + lsb, width, of.net_width};
  return {bits_text(b), width, {b}, {b}};
}

Expr literal(int width, unsigned long long value) {
  if (width < 1 || (width < 64 && (value >> width) != 0))
    throw std::logic_error(fmt::format("hw: literal {} does not fit {} bits", value, width));
  if (width == 1) return {fmt::format("1'b{}", value), 1, {}, {}};
  return {fmt::format("{}'d{}", width, value), width, {}, {}};
}

Expr concat(const std::vector<Expr>& parts) {
  if (parts.size() == 1) return parts[0];
  Expr e;
  e.text = "{";
  bool assignable = true;
  for (size_t i = 0; i < parts.size(); ++i) {
    e.text += (i ? ", " : "") + parts[i].text;
    e.width += parts[i].width;
    e.reads.insert(e.reads.end(), parts[i].reads.begin(), parts[i].reads.end());
    assignable = assignable && !parts[i].lvalue.empty();
  }
  e.text += "}";
  if (assignable)
    for (const Expr& p : parts) e.lvalue.insert(e.lvalue.end(), p.lvalue.begin(), p.lvalue.end());
  return e;
}

Expr replicate(int count, const Expr& e) {
  return {fmt::format("{{{}{{{}}}}}", count, e.text), count * e.width, e.reads, {}};
}

Expr op(const std::string& text, int width, const std::vector<Expr>& operands) {
  Expr e{text, width, {}, {}};
  for (const Expr& o : operands) e.reads.insert(e.reads.end(), o.reads.begin(), o.reads.end());
  return e;
}

}  // namespace bitloom::hw
