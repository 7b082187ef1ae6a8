#include "generator/nonlinear/lane_sum_tree.hpp"

#include <fmt/format.h>

#include "generator/arith/bit_heap.hpp"
#include "generator/arith/compressor_tree.hpp"
#include "generator/arith/tree_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"

namespace bitloom::vexpr {

std::string lane_sum_tree(const std::string& sum_name, int width, const std::vector<std::string>& terms,
                          int term_width) {
  // One or two terms need no tree: a single add is already the carry-propagate adder.
  if (terms.size() <= 2) {
    auto wide = [&](const std::string& t) { return zext(t, term_width, width); };
    const std::string rhs = terms.size() == 1 ? wide(terms[0]) : fmt::format("{} + {}", wide(terms[0]), wide(terms[1]));
    return fmt::format("  wire [{}:0] {} = {};\n", width - 1, sum_name, rhs);
  }
  arith::BitNetlist net;
  arith::BitHeap heap(net, width);
  for (const std::string& term : terms) {
    std::vector<arith::BitId> bits;
    for (int b = 0; b < term_width; ++b) bits.push_back(net.input(fmt::format("{}[{}]", term, b)));
    heap.add_unsigned(0, bits);
  }
  arith::TreeStats stats;
  const arith::TwoRows rows = arith::compress_dadda(heap, sum_name + "_t", &stats);
  const std::string row0 = sum_name + "_row0", row1 = sum_name + "_row1";
  std::string v = fmt::format("  wire [{0}:0] {1};\n  wire [{0}:0] {2};\n", width - 1, row0, row1);
  v += arith::emit_tree(net, rows, stats, row0, row1);
  v += fmt::format("  wire [{}:0] {} = {} + {};\n", width - 1, sum_name, row0, row1);
  return v;
}

}  // namespace bitloom::vexpr
