#include "generator/mul_tree_dot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "generator/arith/ent_dot.hpp"
#include "generator/arith/prefix_adder.hpp"
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
ColumnDatapath mac_column(const GemmConfig& g, const std::string& step) {
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
        "  {step}_mul u_mul{i} (\n    .a_i     (a_i[{alo} +: {aw}]),\n    .b_i     (b_i[{blo} +: {bw}]),\n"
        "    .sum_o   (m{i}_sum),\n    .carry_o (m{i}_carry)\n  );\n"
        "  {step}_mul_add u_mul{i}_add (.a_i(m{i}_sum), .b_i(m{i}_carry), .sum_o(p{i}));\n",
        fmt::arg("pw1", pw - 1), fmt::arg("i", i), fmt::arg("step", step), fmt::arg("alo", i * g.a.width),
        fmt::arg("aw", g.a.width), fmt::arg("blo", i * g.b.width), fmt::arg("bw", g.b.width));
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
      "// ({pw} bits), then a balanced tree of carry-propagate adders. sum_o = sum_k a_k*b_k mod 2^{cw}.\n"
      "`resetall\n`default_nettype none\nmodule {step} (\n"
      "  input  wire [{a1}:0] a_i,\n  input  wire [{b1}:0] b_i,\n  output wire [{c1}:0] sum_o\n);\n",
      fmt::arg("step", step), fmt::arg("k", k), fmt::arg("pw", pw), fmt::arg("cw", cw),
      fmt::arg("a1", k * g.a.width - 1), fmt::arg("b1", k * g.b.width - 1), fmt::arg("c1", cw - 1));
  c.modules.push_back({step, "step", text + body + "endmodule\n`resetall\n"});
  c.tree = tree_stats_json(st, k);
  return c;
}

}  // namespace

ColumnDatapath mul_tree_column(const GemmConfig& g, const std::string& step) {
  if (g.pe == PeKind::kMac) return mac_column(g, step);
  ColumnDatapath c;
  c.carry_save = true;
  if (g.pe == PeKind::kOpt1) {
    arith::TreeStats st;
    c.modules.push_back(carry_save_step_module(step, g, g.rows, &st, StepAccumulator::kNone));
    c.tree = tree_stats_json(st);
    return c;
  }
  arith::EntDotStats st;
  for (auto& m : arith::ent_dot_modules(
           step, {g.rows, g.a.width, g.b.width, g.a.is_signed, g.b.is_signed, g.c_width, g.tree}, &st))
    c.modules.push_back(std::move(m));
  c.recoded = true;
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
