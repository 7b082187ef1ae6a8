#include <fmt/format.h>

#include <stdexcept>

#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

Module delay_line(const std::string& name, int width, int depth, bool enable) {
  if (depth < 0) throw std::logic_error(fmt::format("prims: delay line {} with depth {}", name, depth));
  Module m(name, fmt::format("{}: {} bits delayed by {} cycle{}{}.", name, width, depth, depth == 1 ? "" : "s",
                             enable ? ", moving on cycles with en_i" : ""));
  m.input("clk_i");
  if (enable) m.input("en_i");
  const Expr d = m.input("d_i", width);
  const Expr q = m.output("q_o", width);
  if (depth == 0) {
    m.assign(q, d);
    if (enable) m.raw("  // A wire: en_i has nothing to hold.\n  wire unused_en = en_i;\n", {}, {"en_i"});
    // clk_i is unused too; name it so lint sees it was meant.
    m.raw("  wire unused_clk = clk_i;\n", {}, {"clk_i"});
    return m;
  }
  m.reg("stages_q", depth * width, "stage 0 is the newest");
  const std::string when = enable ? "if (en_i) " : "";
  const std::string next =
      depth == 1 ? "d_i" : fmt::format("{{stages_q[{}:0], d_i}}", (depth - 1) * width - 1);
  m.raw(fmt::format("  always @(posedge clk_i) {}stages_q <= {};\n", when, next), {"stages_q"},
        enable ? std::vector<std::string>{"clk_i", "en_i", "d_i"} : std::vector<std::string>{"clk_i", "d_i"});
  m.assign(q, slice(m.net("stages_q"), (depth - 1) * width, width));
  return m;
}

}  // namespace bitloom::hw::prims
