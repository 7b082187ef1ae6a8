#include "generator/arith/ent_dot.hpp"

#include <fmt/format.h>

#include <map>

#include "generator/arith/booth.hpp"
#include "generator/arith/ent.hpp"
#include "generator/arith/tree_verilog.hpp"
#include "hw/header_reader.hpp"
#include "hw/leaf.hpp"

namespace bitloom::arith {

namespace {

// EN-T recoding of activation k (lane k of a_i): sign, magnitude, and per digit i the
// selects one/two/neg of the partial product (|digit| * w) XOR neg, neg completing the
// negation.
std::string recode(const EntDotShape& s, int k, int digits) {
  const int aw = s.a_width, mw = 2 * digits;
  std::string v = fmt::format(
      "  // Activation {k}: sign and magnitude (2^{top} fits as unsigned), then 2-bit digits with a\n"
      "  // carry chain: t = pair + carry in {{0..4}}; t = 3 is digit -1 and t = 4 digit 0, both carrying 1.\n"
      "  wire        e{k}_s = {sign};\n"
      "  wire [{aw1}:0] e{k}_m = e{k}_s ? (~a_i[{lo} +: {aw}] + {aw}'d1) : a_i[{lo} +: {aw}];\n"
      "  wire [{mw1}:0] e{k}_mx = {mx};\n"
      "  wire [{d1}:0] e{k}_one, e{k}_two, e{k}_neg;\n"
      "  wire e{k}_c0 = 1'b0;  // one wire per carry: a vector would be a false loop to Verilator\n",
      fmt::arg("k", k), fmt::arg("top", aw - 1),
      fmt::arg("sign", s.a_signed ? fmt::format("a_i[{}]", k * aw + aw - 1) : "1'b0"), fmt::arg("aw1", aw - 1),
      fmt::arg("aw", aw), fmt::arg("lo", k * aw), fmt::arg("mw1", mw - 1),
      fmt::arg("mx", mw > aw ? fmt::format("{{{}'b0, e{}_m}}", mw - aw, k) : fmt::format("e{}_m", k)),
      fmt::arg("d", digits), fmt::arg("d1", digits - 1));
  for (int i = 0; i < digits; ++i)
    v += fmt::format(
        "  wire [2:0] e{k}_t{i} = {{1'b0, e{k}_mx[{hi}:{lo}]}} + {{2'b00, e{k}_c{i}}};\n"
        "  wire e{k}_c{i1} = e{k}_t{i} >= 3'd3;\n"
        "  assign e{k}_one[{i}] = e{k}_t{i} == 3'd1 || e{k}_t{i} == 3'd3;\n"
        "  assign e{k}_two[{i}] = e{k}_t{i} == 3'd2;\n"
        "  assign e{k}_neg[{i}] = (e{k}_one[{i}] || e{k}_two[{i}]) && (e{k}_s ^ (e{k}_t{i} == 3'd3));\n",
        fmt::arg("k", k), fmt::arg("i", i), fmt::arg("i1", i + 1), fmt::arg("hi", 2 * i + 1), fmt::arg("lo", 2 * i));
  return v;
}

// The partial product of digit i of activation k into `heap` (its bit weight's tree).
std::string product(const EntDotShape& s, int k, int i, BitHeap& heap) {
  const int pw = booth_product_width(s.w_width, s.w_signed);
  const std::string top = s.w_signed ? fmt::format("b_i[{}]", k * s.w_width + s.w_width - 1) : "2'b00";
  std::string v = fmt::format(
      "  wire [{pw1}:0] p{k}_{i} = (({{{pw}{{e{k}_one[{i}]}}}} & {{{top}, b_i[{lo} +: {ww}]}}) |\n"
      "                      ({{{pw}{{e{k}_two[{i}]}}}} & {{{pad}b_i[{lo} +: {ww}], 1'b0}})) ^ {{{pw}{{e{k}_neg[{i}]}}}};\n",
      fmt::arg("pw1", pw - 1), fmt::arg("pw", pw), fmt::arg("k", k), fmt::arg("i", i), fmt::arg("top", top),
      fmt::arg("lo", k * s.w_width), fmt::arg("ww", s.w_width), fmt::arg("pad", s.w_signed ? "" : "1'b0, "));
  std::vector<BitId> word;
  BitNetlist& net = heap.net();
  for (int b = 0; b < pw; ++b) word.push_back(net.input(fmt::format("p{}_{}[{}]", k, i, b)));
  // Wider than the tree keeps: the low bits are all that count (mod 2^width).
  if (pw > heap.width()) word.resize(heap.width()), heap.add_unsigned(0, word);
  else heap.add_signed(0, word);
  heap.add_bit(0, net.input(fmt::format("e{}_neg[{}]", k, i)));
  return v;
}

}  // namespace

VerilogModule ent_recode_module(const std::string& name, int a_width, bool a_signed) {
  const int digits = ent_digit_count(a_width, a_signed);
  const EntDotShape one{1, a_width, 1, a_signed, false, 2 * digits, TreeStyle::kDadda};
  hw::Module m(name, fmt::format("{}: EN-T digits of one {}-bit {} activation, least significant first: digit i\n"
                                 "is one_o[i] ? 1 : two_o[i] ? 2 : 0, negated when neg_o[i]. a = sum_i digit_i * 4^i.",
                                 name, a_width, a_signed ? "signed" : "unsigned"));
  m.input_vector("a_i", a_width);
  for (const char* port : {"one_o", "two_o", "neg_o"}) m.output_vector(port, digits);
  std::string text =
      "  // The carry out of the top digit is always 0 (the magnitude fits the digits).\n"
      "  /* verilator lint_off UNUSEDSIGNAL */\n";
  text += recode(one, 0, digits);
  text += "  /* verilator lint_on UNUSEDSIGNAL */\n"
          "  assign one_o = e0_one;\n  assign two_o = e0_two;\n  assign neg_o = e0_neg;\n";
  m.raw(text, {"one_o", "two_o", "neg_o"}, {"a_i"});
  return hw::checked_leaf(m, "ent_recode");
}

VerilogModule ent_trees_module(const std::string& name, const EntDotShape& s, EntDotStats* stats) {
  const int digits = ent_digit_count(s.a_width, s.a_signed);
  const int cw = s.c_width;
  std::string body;
  for (int k = 0; k < s.k; ++k)
    body += fmt::format("  wire [{d1}:0] e{k}_one = one_i[{lo} +: {d}];\n  wire [{d1}:0] e{k}_two = two_i[{lo} +: {d}];\n"
                        "  wire [{d1}:0] e{k}_neg = neg_i[{lo} +: {d}];\n",
                        fmt::arg("d1", digits - 1), fmt::arg("k", k), fmt::arg("lo", k * digits), fmt::arg("d", digits));
  // One tree per bit weight over all K products of that weight (each its own netlist, so
  // each emits only its own adders).
  BitNetlist final_net;
  BitHeap total(final_net, cw);
  EntDotStats st;
  std::string trees;
  for (int i = 0; i < digits && 2 * i < cw; ++i) {
    BitNetlist net;
    BitHeap heap(net, cw - 2 * i);
    body += fmt::format("  // Bit weight 4^{}: the {} products of that weight, summed mod 2^{}.\n", i, s.k, cw - 2 * i);
    for (int k = 0; k < s.k; ++k) body += product(s, k, i, heap);
    TreeStats ts;
    const TwoRows rows = compress(heap, s.tree, fmt::format("w{}", i), &ts);
    trees += emit_tree(net, rows, ts, fmt::format("bw{}_s", i), fmt::format("bw{}_c", i));
    body += fmt::format("  wire [{0}:0] bw{1}_s, bw{1}_c;\n", cw - 2 * i - 1, i);
    std::vector<BitId> r0, r1;
    for (int b = 0; b < cw - 2 * i; ++b) {
      r0.push_back(final_net.input(fmt::format("bw{}_s[{}]", i, b)));
      r1.push_back(final_net.input(fmt::format("bw{}_c[{}]", i, b)));
    }
    total.add_unsigned(2 * i, r0);
    total.add_unsigned(2 * i, r1);
    st.weight_widths.push_back(cw - 2 * i);
    st.weight_trees.push_back(ts);
  }
  const TwoRows rows = compress(total, s.tree, "f", &st.final_tree);
  if (stats) *stats = st;
  hw::Module m(name, fmt::format("{0}: a {1}-long dot product from EN-T digits, same-bit-weight trees (TPE OPT2).\n\n"
                                 "(sum_o + carry_o) = sum_k a_k * w_k mod 2^{2}, a_k given by its digits (lane k of one_i,\n"
                                 "two_i, neg_i; see the recoder): one compressor tree per bit weight, then the {3} weight\n"
                                 "sums shifted by 2i and compressed to a pair.",
                                 name, s.k, cw, st.weight_widths.size()));
  m.set_port_preamble(fmt::format("  // Digits and product bits above the kept weights carry no weight mod 2^{}.\n"
                                  "  /* verilator lint_off UNUSEDSIGNAL */\n", cw));
  for (const char* port : {"one_i", "two_i", "neg_i"}) m.input_vector(port, s.k * digits);
  m.input_vector("b_i", s.k * s.w_width);
  m.output_vector("sum_o", cw);
  m.output_vector("carry_o", cw);
  std::string text = body + "  /* verilator lint_on UNUSEDSIGNAL */\n\n" + trees;
  text += emit_tree(final_net, rows, st.final_tree, "sum_o", "carry_o");
  m.raw(text, {"sum_o", "carry_o"}, {"one_i", "two_i", "neg_i", "b_i"});
  return hw::checked_leaf(m, "ent_trees");
}

std::vector<VerilogModule> ent_dot_modules(const std::string& name, const EntDotShape& s, EntDotStats* stats) {
  const int digits = ent_digit_count(s.a_width, s.a_signed);
  std::vector<VerilogModule> mods = {ent_recode_module(name + "_recode", s.a_width, s.a_signed),
                                     ent_trees_module(name + "_trees", s, stats)};
  hw::Module m(name, fmt::format("{0}: sum_k a_k * w_k mod 2^{1} for {2} pairs (TPE OPT2): each activation's EN-T\n"
                                 "digits ({0}_recode), then the same-bit-weight trees ({0}_trees). An array that\n"
                                 "broadcasts activations instantiates the two parts apart, one recoder per activation.",
                                 name, s.c_width, s.k));
  const hw::Expr a = m.input_vector("a_i", s.k * s.a_width), b = m.input_vector("b_i", s.k * s.w_width);
  const hw::Expr sum = m.output_vector("sum_o", s.c_width), carry = m.output_vector("carry_o", s.c_width);
  m.raw(fmt::format("  wire [{}:0] one, two, neg;\n", s.k * digits - 1), {}, {});
  std::map<std::string, hw::Expr> planes;
  for (const char* plane : {"one", "two", "neg"}) planes[plane] = m.raw_wire(plane, s.k * digits);
  for (int k = 0; k < s.k; ++k) {
    hw::Instance u{name + "_recode", fmt::format("u_recode{}", k), "", {}};
    hw::connect(u, "a_i", hw::part_at(a, k * s.a_width, s.a_width));
    for (const char* plane : {"one", "two", "neg"})
      hw::connect(u, std::string(plane) + "_o", hw::part_at(planes[plane], k * digits, digits));
    m.add(u);
  }
  hw::Instance trees{name + "_trees", "u_trees", "", {}};
  for (const char* plane : {"one", "two", "neg"}) hw::connect(trees, std::string(plane) + "_i", planes[plane]);
  hw::connect(trees, "b_i", b);
  hw::connect(trees, "sum_o", sum);
  hw::connect(trees, "carry_o", carry);
  m.add(trees);
  mods.push_back(hw::checked_parent(m, {hw::read_module_header(mods[0].text), hw::read_module_header(mods[1].text)}, "step"));
  return mods;
}

}  // namespace bitloom::arith
