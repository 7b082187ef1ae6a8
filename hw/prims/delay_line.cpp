#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

// The registers of one lane, stage 0 the newest: `stages` names them, `in` is the
// lane's input slice.
void add_lane(Module& m, const std::string& stages, const Expr& in, const Expr& out, int width, int depth,
              bool enable) {
  if (depth == 0) {
    m.assign(out, in);
    return;
  }
  m.reg(stages, depth * width, "stage 0 is the newest");
  const std::string when = enable ? "if (en_i) " : "";
  const std::string next =
      depth == 1 ? in.text : fmt::format("{{{}[{}:0], {}}}", stages, (depth - 1) * width - 1, in.text);
  m.raw(fmt::format("  always @(posedge clk_i) {}{} <= {};\n", when, stages, next), {stages},
        enable ? std::vector<std::string>{"clk_i", "en_i", "d_i"} : std::vector<std::string>{"clk_i", "d_i"});
  m.assign(out, slice(m.net(stages), (depth - 1) * width, width));
}

std::string depth_text(int depth) { return fmt::format("{} cycle{}", depth, depth == 1 ? "" : "s"); }

}  // namespace

Module delay_lines(const std::string& name, int width, const std::vector<int>& depths, bool enable,
                   const std::string& what) {
  if (depths.empty() || width < 1)
    throw std::logic_error(fmt::format("prims: delay lines {} with {} lanes of {} bits", name, depths.size(), width));
  for (int depth : depths)
    if (depth < 0) throw std::logic_error(fmt::format("prims: delay line {} with depth {}", name, depth));
  const bool one = depths.size() == 1;
  const std::string moving = enable ? ", moving on cycles with en_i" : "";
  Module m(name, one ? fmt::format("{}: {} bits delayed by {}{}.", name, width, depth_text(depths[0]), moving)
                     : fmt::format("{}: {} lanes of {} bits, lane i of d_i delayed by {} into lane i of q_o{}.", name,
                                   depths.size(), width, what, moving));
  m.input("clk_i");
  if (enable) m.input("en_i");
  const int lanes = static_cast<int>(depths.size());
  const Expr d = m.input("d_i", lanes * width);
  const Expr q = m.output("q_o", lanes * width);
  for (int i = 0; i < lanes; ++i) {
    const std::string stages = one ? "stages_q" : fmt::format("lane{}_q", i);
    add_lane(m, stages, slice(d, i * width, width), slice(q, i * width, width), width, depths[static_cast<size_t>(i)],
             enable);
  }
  if (*std::max_element(depths.begin(), depths.end()) == 0) {
    if (enable) m.raw("  // A wire: en_i has nothing to hold.\n  wire unused_en = en_i;\n", {}, {"en_i"});
    // clk_i is unused too; name it so lint sees it was meant.
    m.raw("  wire unused_clk = clk_i;\n", {}, {"clk_i"});
  }
  return m;
}

Module delay_line(const std::string& name, int width, int depth, bool enable) {
  return delay_lines(name, width, {depth}, enable, depth_text(depth));
}

}  // namespace bitloom::hw::prims
