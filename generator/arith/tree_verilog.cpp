#include "generator/arith/tree_verilog.hpp"

#include <fmt/format.h>

namespace bitloom::arith {

std::string emit_tree(const BitNetlist& net, const TwoRows& rows, const TreeStats& st,
                      const std::string& row0_name, const std::string& row1_name) {
  const bool four_two = st.style == TreeStyle::kFourTwo;
  std::string v = fmt::format(
      "  // Compressor tree: heap height {}, {} stage(s) of {} (the lower bound for that height\n"
      "  // is {}), {} full adders, {} half adders{}.\n{}",
      st.height, st.stages, four_two ? "4:2" : "3:2", st.lower_bound, st.full_adders, st.half_adders,
      four_two ? fmt::format(" ({} 4:2 compressors of two adders each)", st.four_two) : "",
      st.by_arrival ? fmt::format("  // Each adder takes its column's earliest bits, the latest of three on its one-gate\n"
                                  "  // input: the last output bit is {} gate delays after the partial products.\n",
                                  st.latest)
                    : "");
  const int top = static_cast<int>(rows.row0.size()) - 1;
  for (const auto& c : net.cells()) {
    const std::string s = net.node(c.sum).name, k = net.node(c.carry).name;
    const std::string a = net.expr(c.a), b = net.expr(c.b);
    if (c.column == top) {
      // The carry of the top column has no weight mod 2^width: a parity gate suffices.
      v += fmt::format("  wire {s};\n  assign {s} = {a} ^ {b}{x};\n", fmt::arg("s", s), fmt::arg("a", a),
                       fmt::arg("b", b), fmt::arg("x", c.full ? " ^ " + net.expr(c.c) : ""));
    } else if (c.full) {
      const std::string x = net.expr(c.c);
      v += fmt::format("  wire {s}, {k};\n  assign {s} = {a} ^ {b} ^ {x};\n"
                       "  assign {k} = ({a} & {b}) | ({x} & ({a} ^ {b}));\n",
                       fmt::arg("s", s), fmt::arg("k", k), fmt::arg("a", a), fmt::arg("b", b),
                       fmt::arg("x", x));
    } else {
      v += fmt::format("  wire {s}, {k};\n  assign {s} = {a} ^ {b};\n  assign {k} = {a} & {b};\n",
                       fmt::arg("s", s), fmt::arg("k", k), fmt::arg("a", a), fmt::arg("b", b));
    }
  }
  auto concat = [&](const std::vector<BitId>& row) {
    std::string s;
    for (size_t i = row.size(); i-- > 0;) s += net.expr(row[i]) + (i ? ", " : "");
    return "{" + s + "}";
  };
  v += fmt::format("  assign {} = {};\n  assign {} = {};\n", row0_name, concat(rows.row0), row1_name,
                   concat(rows.row1));
  return v;
}

}  // namespace bitloom::arith
