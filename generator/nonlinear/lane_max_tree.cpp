#include "generator/nonlinear/lane_max_tree.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "generator/nonlinear/verilog_expr.hpp"

namespace bitloom::vexpr {

namespace {

struct Node {
  std::string max, any;
};

// A wire with its value: `width` > 0 a signed bus, else one bit.
std::string declare(int width, const std::string& name, const std::string& value) {
  return width > 0 ? fmt::format("  wire signed [{}:0] {} = {};\n", width - 1, name, value)
                   : fmt::format("  wire {} = {};\n", name, value);
}

}  // namespace

std::string lane_max_tree(const std::string& max_name, const std::string& any_name, int lanes, int width,
                          const std::string& values, const std::string& keep) {
  std::string v = fmt::format("  // {}: the largest kept lane, a tree of compare-selects (not a chain through the lanes).\n",
                               max_name);
  // Leaves: a lane that is not kept holds 0, so a node whose lanes are all dropped
  // holds 0 too and the result needs no special case.
  std::vector<Node> level;
  for (int i = 0; i < lanes; ++i) {
    const Node leaf{fmt::format("{}_l0_{}", max_name, i), fmt::format("{}_l0_{}", any_name, i)};
    v += declare(0, leaf.any, fmt::format("{}[{}]", keep, i));
    v += declare(width, leaf.max,
                 fmt::format("{} ? $signed({}[{} +: {}]) : {}", leaf.any, values, i * width, width, slit(0, width)));
    level.push_back(leaf);
  }
  for (int depth = 1; level.size() > 1; ++depth) {
    std::vector<Node> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      const Node &a = level[i], &b = level[i + 1];
      const bool last = level.size() == 2;
      const Node n{last ? max_name : fmt::format("{}_l{}_{}", max_name, depth, i / 2),
                   last ? any_name : fmt::format("{}_l{}_{}", any_name, depth, i / 2)};
      v += declare(0, n.any, fmt::format("{} || {}", a.any, b.any));
      v += declare(width, n.max,
                   fmt::format("({} && (!{} || {} >= {})) ? {} : {}", a.any, b.any, a.max, b.max, a.max, b.max));
      next.push_back(n);
    }
    // An odd node out goes up a level as it is.
    if (level.size() % 2 == 1) next.push_back(level.back());
    level = std::move(next);
  }
  if (lanes == 1) {
    v += declare(0, any_name, level[0].any);
    v += declare(width, max_name, level[0].max);
  }
  return v;
}

}  // namespace bitloom::vexpr
