// Pipeline pieces the streaming units share when they emit Verilog: delay chains of
// valid flags (reset), and ceil(log2).
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace bitloom::vpipe {

inline int clog2(int64_t n) {
  int b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}

// Registers <name>_s1..<name>_s<n> delaying a 1-bit valid flag `src` under enable `en`,
// reset to 0 (data waits in delay lines: generator/nonlinear/delay_line_set.hpp).
inline std::string delay_valid(const std::string& name, const std::string& src, int n, const std::string& en) {
  std::string v;
  for (int s = 1; s <= n; ++s) v += fmt::format("  reg {}_s{};\n", name, s);
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  for (int s = 1; s <= n; ++s) v += fmt::format("      {}_s{} <= 1'b0;\n", name, s);
  v += fmt::format("    end else if ({}) begin\n", en);
  for (int s = 1; s <= n; ++s)
    v += fmt::format("      {}_s{} <= {};\n", name, s, s == 1 ? src : fmt::format("{}_s{}", name, s - 1));
  v += "    end\n  end\n";
  return v;
}

}  // namespace bitloom::vpipe
