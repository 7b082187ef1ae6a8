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

// `name < k` and `name >= k` for an unsigned `width`-bit signal, as constants when k is
// beyond every value the signal holds (a narrow literal would wrap and change the test).
inline bool beyond(uint64_t k, int width) { return width < 64 && k > (uint64_t{1} << width) - 1; }
inline std::string below(const std::string& name, int width, uint64_t k) {
  return beyond(k, width) ? "1'b1" : fmt::format("{} < {}", name, ulit(k, width));
}
inline std::string at_least(const std::string& name, int width, uint64_t k) {
  return beyond(k, width) ? "1'b0" : fmt::format("{} >= {}", name, ulit(k, width));
}

// `name` (a signed `width`-bit signal) times the constant `k`, as shifts and adds of its
// canonical signed digits: a few adders instead of a multiplier array, which also keeps
// ABC's equivalence sweeping from stalling on a wide constant multiply.
inline std::string csd_product(const std::string& name, int width, int64_t k) {
  std::string expr = slit(0, width);
  const bool negative = k < 0;
  uint64_t n = static_cast<uint64_t>(negative ? -k : k);
  for (int shift = 0; n != 0; ++shift, n >>= 1) {
    if (!(n & 1)) continue;
    const int digit = (n & 3) == 3 ? -1 : 1;  // ...11 -> -1 and a carry
    n = digit < 0 ? n + 1 : n - 1;
    const bool add = (digit > 0) != negative;
    expr += fmt::format(" {} {}", add ? "+" : "-", shift == 0 ? name : fmt::format("({} <<< {})", name, shift));
  }
  return expr;
}

}  // namespace bitloom::vexpr
