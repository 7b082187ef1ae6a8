#include "generator/carry_save_step.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"
#include "generator/arith/tree_verilog.hpp"
#include "hw/leaf.hpp"

namespace bitloom {

namespace {

// Gate delays by which the accumulator bits lead the partial products into the tree.
constexpr int kAccumulatorLead = 2;

// Every product's Booth partial products into `heap`, from a's digits; returns their
// Verilog.
std::string product_heap(arith::BitHeap& heap, const GemmConfig& g, int products) {
  const int n = arith::booth_digit_count(g.a.width, g.a.is_signed);
  std::string body;
  for (int k = 0; k < products; ++k) {
    const std::string m = fmt::format("m{}", k);
    auto lane = [&](const char* port) { return fmt::format("{}[{} +: {}]", port, k * n, n); };
    // A local copy keeps the Booth wiring readable (m0_b[3] rather than b_i[0 +: 8][3]).
    body += fmt::format("  wire [{}:0] {}_b = b_i[{} +: {}];\n", g.b.width - 1, m, k * g.b.width, g.b.width);
    const arith::BoothDigitWires digits{lane("neg_i"), lane("one_i"), lane("two_i")};
    if (g.negated_multiples()) {
      const int pw = negated_b_width(g);
      body += arith::emit_booth_products_from_multiples(heap, m, digits, n, m + "_b", fmt::format("nb_i[{} +: {}]", k * pw, pw),
                                                        g.b.width, g.b.is_signed);
    } else {
      body += arith::emit_booth_products_from_digits(heap, m, digits, n, m + "_b", g.b.width, g.b.is_signed);
    }
  }
  return body;
}

// What the step computes, by its accumulator inputs.
std::string step_comment(const std::string& name, int products, int cw, bool sum_input, bool carry_input,
                         bool negated_multiples) {
  std::string what =
      !sum_input
          ? fmt::format("{0}: the sum of {1} product(s) a_k*b_k as a carry-save pair, mod 2^{2}.\n\n"
                        "The radix-4 Booth partial products of all products enter one compressor tree; its two\n"
                        "output rows are added by a carry-propagate adder outside this module.\n",
                        name, products, cw)
      : carry_input
          ? fmt::format("{0}: one carry-save multiply-accumulate step (OPT1).\n\n"
                        "(sum_o + carry_o) = (sum_i + carry_i) + sum of {1} product(s) a_k*b_k, mod 2^{2}.\n"
                        "The radix-4 Booth partial products and both accumulator vectors enter one compressor\n"
                        "tree; its two output rows are the new accumulator. There is no carry-propagate adder:\n"
                        "that add happens once per result, on the array's drain path.\n",
                        name, products, cw)
          : fmt::format("{0}: the multiply-add of a MAC PE, before its carry-propagate add.\n\n"
                        "(sum_o + carry_o) = sum_i + sum of {1} product(s) a_k*b_k, mod 2^{2}. The radix-4\n"
                        "Booth partial products and the accumulator enter one compressor tree; the PE adds\n"
                        "its two output rows with a parallel-prefix adder.\n",
                        name, products, cw);
  what += "a_k arrives as its radix-4 Booth digits (neg_i, one_i, two_i): the array recodes each\n"
          "activation once for all the PEs it reaches.";
  if (negated_multiples)
    what += "\nb_k arrives with its negation (nb_i, negated once per array column): each partial product\n"
            "is a multiple of b_k or -b_k, so no negation's +1 makes the tree taller.";
  return what;
}

}  // namespace

int negated_b_width(const GemmConfig& g) { return arith::booth_product_width(g.b.width, g.b.is_signed); }

VerilogModule carry_save_step_module(const std::string& name, const GemmConfig& g, int products,
                                     arith::TreeStats* stats, StepAccumulator acc, bool restart) {
  const int n = arith::booth_digit_count(g.a.width, g.a.is_signed);
  const bool carry_input = acc == StepAccumulator::kSumAndCarry;
  const bool sum_input = acc != StepAccumulator::kNone;
  using namespace arith;
  const int cw = g.c_width;
  BitNetlist net;
  BitHeap heap(net, cw);
  if (g.negated_multiples()) heap.absorb_constant();
  if (g.arrival_ordered_tree()) heap.order_by_arrival();
  // From the flops, the accumulator passes at most one gate (a drain or restart
  // multiplexer) before the tree; a partial product passes an operand buffer and the
  // Booth select's two.
  const int acc_arrival = g.arrival_ordered_tree() ? -kAccumulatorLead : 0;
  const std::string body = product_heap(heap, g, products);
  // With a restart, the tree reads the accumulator through its restart gate.
  const char* sum_net = restart ? "sum_in" : "sum_i";
  const char* carry_net = restart ? "carry_in" : "carry_i";
  std::vector<BitId> sum, carry;
  for (int w = 0; w < cw; ++w) {
    if (sum_input) sum.push_back(net.input(fmt::format("{}[{}]", sum_net, w), acc_arrival));
    if (carry_input) carry.push_back(net.input(fmt::format("{}[{}]", carry_net, w), acc_arrival));
  }
  heap.add_unsigned(0, sum);
  heap.add_unsigned(0, carry);
  TreeStats st;
  const TwoRows rows = compress(heap, g.tree, "t", &st);
  if (stats) *stats = st;

  hw::Module m(name, step_comment(name, products, cw, sum_input, carry_input, g.negated_multiples()));
  m.input_vector("neg_i", products * n, fmt::format("a_k's Booth digits at [k*{0} +: {0}]", n));
  m.input_vector("one_i", products * n);
  m.input_vector("two_i", products * n);
  m.input_vector("b_i", products * g.b.width);
  if (g.negated_multiples())
    m.input_vector("nb_i", products * negated_b_width(g), "-b_k at [k*W +: W], two's complement");
  if (sum_input && restart) m.input("restart_i", 1, "a tile's first beat");
  if (sum_input) m.input_vector("sum_i", cw);
  if (carry_input) m.input_vector("carry_i", cw);
  m.output_vector("sum_o", cw);
  m.output_vector("carry_o", cw);
  std::string text = fmt::format("  // Partial-product bits above bit {} carry no weight mod 2^{}.\n"
                                 "  /* verilator lint_off UNUSEDSIGNAL */\n",
                                 cw - 1, cw);
  text += body;
  text += "  /* verilator lint_on UNUSEDSIGNAL */\n\n";
  if (restart && sum_input) {
    text += "  // A tile's first beat (restart_i) starts from zero rather than from the accumulator.\n";
    text += fmt::format("  wire [{0}:0] sum_in = restart_i ? {1}'d0 : sum_i;\n", cw - 1, cw);
    if (carry_input) text += fmt::format("  wire [{0}:0] carry_in = restart_i ? {1}'d0 : carry_i;\n", cw - 1, cw);
    text += "\n";
  }
  text += emit_tree(net, rows, st, "sum_o", "carry_o");
  std::vector<std::string> reads = {"neg_i", "one_i", "two_i", "b_i"};
  if (g.negated_multiples()) reads.push_back("nb_i");
  if (sum_input && restart) reads.push_back("restart_i");
  if (sum_input) reads.push_back("sum_i");
  if (carry_input) reads.push_back("carry_i");
  m.raw(text, {"sum_o", "carry_o"}, reads);
  return hw::checked_leaf(m, "step");
}

}  // namespace bitloom
