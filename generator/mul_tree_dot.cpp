#include "generator/mul_tree_dot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "generator/arith/ent_dot.hpp"
#include "generator/arith/booth.hpp"
#include "generator/arith/ent.hpp"
#include "generator/arith/prefix_adder.hpp"
#include "generator/booth_recoder.hpp"
#include "generator/carry_save_step.hpp"
#include "generator/pe_modules.hpp"

namespace bitloom {

namespace {

struct Word {
  std::string name;
  int width;
};

// `w` widened to `width` bits by its sign (signed results) or zeros.
std::string extend(const Word& w, int width, bool is_signed) {
  if (w.width == width) return w.name;
  return fmt::format("{{{{{}{{{}}}}}, {}}}", width - w.width,
                     is_signed ? fmt::format("{}[{}]", w.name, w.width - 1) : "1'b0", w.name);
}

// The MAC column: K products, each from its own multiplier, summed by a balanced tree of
// carry-propagate adders. A product of AW x BW bits fits in AW+BW bits (signed or not),
// and a level-l sum in one bit more per level, up to CW: no adder is wider than its sum.
ColumnDatapath mac_column(const GemmConfig& g, const std::string& step, int n) {
  ColumnDatapath c;
  const int k = g.rows, cw = g.c_width, pw = std::min(cw, g.a.width + g.b.width);
  const bool sgn = g.c_signed();
  GemmConfig mul = g;
  mul.c_width = pw;
  arith::TreeStats st;
  c.modules.push_back(carry_save_step_module(step + "_mul", mul, 1, &st, StepAccumulator::kNone));
  c.modules.back().role = "multiplier";  // the column is the step that is checked
  c.modules.push_back(arith::prefix_adder_module(step + "_mul_add", pw));
  std::map<int, std::string> adders;  // width -> module
  std::string body;
  std::vector<Word> level;
  for (int i = 0; i < k; ++i) {
    body += fmt::format(
        "  wire [{pw1}:0] m{i}_sum, m{i}_carry, p{i};\n"
        "  {step}_mul u_mul{i} (\n    .neg_i   (neg_i[{dlo} +: {n}]),\n    .one_i   (one_i[{dlo} +: {n}]),\n"
        "    .two_i   (two_i[{dlo} +: {n}]),\n    .b_i     (b_i[{blo} +: {bw}]),\n"
        "    .sum_o   (m{i}_sum),\n    .carry_o (m{i}_carry)\n  );\n"
        "  {step}_mul_add u_mul{i}_add (.a_i(m{i}_sum), .b_i(m{i}_carry), .sum_o(p{i}));\n",
        fmt::arg("pw1", pw - 1), fmt::arg("i", i), fmt::arg("step", step), fmt::arg("dlo", i * n),
        fmt::arg("n", n), fmt::arg("blo", i * g.b.width), fmt::arg("bw", g.b.width));
    level.push_back({fmt::format("p{}", i), pw});
  }
  for (int l = 1; level.size() > 1; ++l) {
    body += fmt::format("  // Adder level {}.\n", l);
    std::vector<Word> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      const int w = std::min(cw, std::max(level[i].width, level[i + 1].width) + 1);
      const std::string mod = fmt::format("{}_add{}", step, w);
      adders.emplace(w, mod);
      const Word s{fmt::format("s{}_{}", l, i / 2), w};
      body += fmt::format("  wire [{}:0] {};\n  {} u_{} (.a_i({}), .b_i({}), .sum_o({}));\n", w - 1, s.name, mod,
                          s.name, extend(level[i], w, sgn), extend(level[i + 1], w, sgn), s.name);
      next.push_back(s);
    }
    if (level.size() % 2) next.push_back(level.back());  // the odd one joins the next level
    level = next;
  }
  body += fmt::format("  assign sum_o = {};\n", extend(level.front(), cw, sgn));
  for (const auto& [w, mod] : adders) c.modules.push_back(arith::prefix_adder_module(mod, w));
  std::string text = fmt::format(
      "// {step}: a {k}-long dot product the plain way (the MAC baseline of the multiplier-adder\n"
      "// tree): {k} multiplier(s), each a radix-4 Booth tree and its own carry-propagate adder\n"
      "// ({pw} bits), then a balanced tree of carry-propagate adders. sum_o = sum_k a_k*b_k mod 2^{cw},\n"
      "// a_k given by its Booth digits (lane k of neg_i, one_i, two_i; see the recoder).\n"
      "`resetall\n`default_nettype none\nmodule {name} (\n"
      "  input  wire [{d1}:0] neg_i,\n  input  wire [{d1}:0] one_i,\n  input  wire [{d1}:0] two_i,\n"
      "  input  wire [{b1}:0] b_i,\n  output wire [{c1}:0] sum_o\n);\n",
      fmt::arg("step", step), fmt::arg("name", step + "_digits"), fmt::arg("k", k), fmt::arg("pw", pw),
      fmt::arg("cw", cw), fmt::arg("d1", k * n - 1), fmt::arg("b1", k * g.b.width - 1), fmt::arg("c1", cw - 1));
  c.modules.push_back({step + "_digits", "step_digits", text + body + "endmodule\n`resetall\n"});
  c.tree = tree_stats_json(st, k);
  return c;
}

// The Booth columns: each activation's digits from <step>_recode (once per row, in the
// top); <step>_digits, the column from the digits; <step>, the two joined for the checks.
ColumnDatapath booth_column(const GemmConfig& g, const std::string& step) {
  const int n = arith::booth_digit_count(g.a.width, g.a.is_signed);
  ColumnDatapath c;
  if (g.pe == PeKind::kMac) {
    c = mac_column(g, step, n);
  } else {
    arith::TreeStats st;
    c.modules.push_back(
        carry_save_step_module(step + "_digits", g, g.rows, &st, StepAccumulator::kNone));
    c.modules.back().role = "step_digits";
    c.tree = tree_stats_json(st);
    c.carry_save = true;
  }
  RecodedStep parts = recoded_step(step, step + "_recode", g, {g.rows, false, false, c.carry_save});
  c.modules.insert(c.modules.begin(), std::move(parts.recoder));
  c.modules.push_back(std::move(parts.view));
  c.core = step + "_digits";
  c.digit_kind = "Booth";
  c.digits = n;
  return c;
}

}  // namespace

ColumnDatapath mul_tree_column(const GemmConfig& g, const std::string& step) {
  if (g.pe != PeKind::kEnt) return booth_column(g, step);
  ColumnDatapath c;
  c.carry_save = true;
  arith::EntDotStats st;
  for (auto& m : arith::ent_dot_modules(
           step, {g.rows, g.a.width, g.b.width, g.a.is_signed, g.b.is_signed, g.c_width, g.tree}, &st))
    c.modules.push_back(std::move(m));
  c.core = step + "_trees";
  c.digit_kind = "EN-T";
  c.digits = arith::ent_digit_count(g.a.width, g.a.is_signed);
  // The per-bit-weight trees and the final one, added up; stages in series (the tallest
  // bit-weight tree, then the final tree).
  arith::TreeStats all = st.final_tree, tallest;
  for (const auto& t : st.weight_trees) {
    all.height = std::max(all.height, t.height);
    all.full_adders += t.full_adders, all.half_adders += t.half_adders, all.four_two += t.four_two;
    if (t.stages > tallest.stages) tallest = t;
  }
  all.stages += tallest.stages;
  all.lower_bound += tallest.lower_bound;
  c.tree = tree_stats_json(all);
  c.tree["bit_weight_widths"] = st.weight_widths;
  return c;
}

}  // namespace bitloom
