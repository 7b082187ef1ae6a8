#include "generator/arith/prefix_adder.hpp"

#include <fmt/format.h>

namespace bitloom::arith {

VerilogModule prefix_adder_module(const std::string& name, int width) {
  int levels = 0;
  while ((1 << levels) < width) ++levels;
  std::string v = fmt::format(
      R"(// {name}: {w}-bit Kogge-Stone adder, sum_o = a_i + b_i mod 2^{w}, {levels} prefix level(s).
// Level l combines (generate, propagate) pairs 2^l bits apart; the carry into bit i is
// the group generate of bits i-1..0.
`resetall
`default_nettype none
module {name} (
  input  wire [{w1}:0] a_i,
  input  wire [{w1}:0] b_i,
  output wire [{w1}:0] sum_o
);
  wire [{w1}:0] p0 = a_i ^ b_i;
  wire [{w1}:0] g0 = a_i & b_i;
)",
      fmt::arg("name", name), fmt::arg("w", width), fmt::arg("w1", width - 1), fmt::arg("levels", levels));
  for (int l = 1; l <= levels; ++l) {
    const int d = 1 << (l - 1);
    // The top bit's group propagate is never used: keep only what later levels read.
    v += fmt::format("  wire [{0}:0] g{1}, p{1};\n", width - 1, l);
    v += fmt::format("  assign g{0}[{1}:0] = g{2}[{1}:0];\n  assign p{0}[{1}:0] = p{2}[{1}:0];\n", l,
                     d - 1 < width - 1 ? d - 1 : width - 1, l - 1);
    if (d < width)
      v += fmt::format("  assign g{0}[{1}:{2}] = g{3}[{1}:{2}] | (p{3}[{1}:{2}] & g{3}[{4}:0]);\n"
                       "  assign p{0}[{1}:{2}] = p{3}[{1}:{2}] & p{3}[{4}:0];\n",
                       l, width - 1, d, l - 1, width - 1 - d);
  }
  v += fmt::format("  // Propagates of the last level and the top group generate are not needed.\n"
                   "  /* verilator lint_off UNUSEDSIGNAL */\n  wire [{0}:0] g_all = g{1};\n  wire [{0}:0] p_all = p{1};\n"
                   "  /* verilator lint_on UNUSEDSIGNAL */\n",
                   width - 1, levels);
  if (width == 1)
    v += "  assign sum_o = p0;\n";
  else
    v += fmt::format("  assign sum_o = p0 ^ {{g_all[{}:0], 1'b0}};\n", width - 2);
  v += "endmodule\n`resetall\n";
  return {name, "adder", v};
}

}  // namespace bitloom::arith
