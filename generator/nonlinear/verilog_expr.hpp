// Small helpers for emitting sized Verilog-2005 expressions without width warnings.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace bitloom::vexpr {

// `name` (a `from`-bit signal) sign-extended to `to` bits.
inline std::string sext(const std::string& name, int from, int to) {
  if (to == from) return name;
  return fmt::format("{{{{{}{{{}[{}]}}}}, {}}}", to - from, name, from - 1, name);
}

// `name` zero-extended to `to` bits.
inline std::string zext(const std::string& name, int from, int to) {
  if (to == from) return name;
  return fmt::format("{{{}'d0, {}}}", to - from, name);
}

// A signed `width`-bit literal.
inline std::string slit(int64_t v, int width) {
  return v < 0 ? fmt::format("-{}'sd{}", width, -v) : fmt::format("{}'sd{}", width, v);
}

// An unsigned `width`-bit literal.
inline std::string ulit(uint64_t v, int width) { return fmt::format("{}'d{}", width, v); }

}  // namespace bitloom::vexpr
