#include "generator/arith/prefix_adder.hpp"

#include <fmt/format.h>

#include "hw/leaf.hpp"

namespace bitloom::arith {

VerilogModule prefix_adder_module(const std::string& name, int width) {
  int levels = 0;
  while ((1 << levels) < width) ++levels;
  hw::Module m(name, fmt::format("{}: {}-bit Kogge-Stone adder, sum_o = a_i + b_i mod 2^{}, {} prefix level(s).\n"
                                  "Level l combines (generate, propagate) pairs 2^l bits apart; the carry into bit i is\n"
                                  "the group generate of bits i-1..0.",
                                  name, width, width, levels));
  m.input_vector("a_i", width);
  m.input_vector("b_i", width);
  m.output_vector("sum_o", width);
  std::string v = fmt::format("  wire [{0}:0] p0 = a_i ^ b_i;\n  wire [{0}:0] g0 = a_i & b_i;\n", width - 1);
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
  m.raw(v, {"sum_o"}, {"a_i", "b_i"});
  return hw::checked_leaf(m, "adder");
}

}  // namespace bitloom::arith
