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
#include "hw/header_reader.hpp"
#include "hw/leaf.hpp"

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
  hw::Module m(step + "_digits",
               fmt::format("{0}: a {1}-long dot product the plain way (the MAC baseline of the multiplier-adder\n"
                           "tree): {1} multiplier(s), each a radix-4 Booth tree and its own carry-propagate adder\n"
                           "({2} bits), then a balanced tree of carry-propagate adders. sum_o = sum_k a_k*b_k mod 2^{3},\n"
                           "a_k given by its Booth digits (lane k of neg_i, one_i, two_i; see the recoder).",
                           step, k, pw, cw));
  std::map<std::string, hw::Expr> digit;
  for (const char* plane : {"neg", "one", "two"}) digit[plane] = m.input_vector(std::string(plane) + "_i", k * n);
  const hw::Expr b = m.input_vector("b_i", k * g.b.width), sum = m.output_vector("sum_o", cw);
  // A two-input adder instance (the products' and the tree's), inline as the text had it.
  auto add = [&](const std::string& module, const std::string& inst, const hw::Expr& x, const hw::Expr& y,
                 const hw::Expr& out) {
    hw::Instance u{module, inst, "", {}};
    hw::connect(u, "a_i", x);
    hw::connect(u, "b_i", y);
    hw::connect(u, "sum_o", out);
    m.add(u);
  };
  std::vector<Word> level;
  std::map<std::string, hw::Expr> nets;
  for (int i = 0; i < k; ++i) {
    m.raw(fmt::format("  wire [{0}:0] m{1}_sum, m{1}_carry, p{1};\n", pw - 1, i), {}, {});
    for (const char* part : {"_sum", "_carry"}) nets[fmt::format("m{}{}", i, part)] = m.raw_wire(fmt::format("m{}{}", i, part), pw);
    nets[fmt::format("p{}", i)] = m.raw_wire(fmt::format("p{}", i), pw);
    hw::Instance u{step + "_mul", fmt::format("u_mul{}", i), "", {}};
    for (const char* plane : {"neg", "one", "two"})
      hw::connect(u, std::string(plane) + "_i", hw::part_at(digit[plane], i * n, n));
    hw::connect(u, "b_i", hw::part_at(b, i * g.b.width, g.b.width));
    hw::connect(u, "sum_o", nets[fmt::format("m{}_sum", i)]);
    hw::connect(u, "carry_o", nets[fmt::format("m{}_carry", i)]);
    m.add(u);
    add(step + "_mul_add", fmt::format("u_mul{}_add", i), nets[fmt::format("m{}_sum", i)],
        nets[fmt::format("m{}_carry", i)], nets[fmt::format("p{}", i)]);
    level.push_back({fmt::format("p{}", i), pw});
  }
  auto widened = [&](const Word& w, int width) {
    return hw::op(extend(w, width, sgn), width, {nets.at(w.name)});
  };
  for (int l = 1; level.size() > 1; ++l) {
    m.raw(fmt::format("  // Adder level {}.\n", l), {}, {});
    std::vector<Word> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      const int w = std::min(cw, std::max(level[i].width, level[i + 1].width) + 1);
      const std::string mod = fmt::format("{}_add{}", step, w);
      adders.emplace(w, mod);
      const Word s{fmt::format("s{}_{}", l, i / 2), w};
      nets[s.name] = m.wire(s.name, w);
      add(mod, "u_" + s.name, widened(level[i], w), widened(level[i + 1], w), nets[s.name]);
      next.push_back(s);
    }
    if (level.size() % 2) next.push_back(level.back());  // the odd one joins the next level
    level = next;
  }
  m.assign(sum, widened(level.front(), cw));
  for (const auto& [w, mod] : adders) c.modules.push_back(arith::prefix_adder_module(mod, w));
  std::vector<hw::Module> children;
  for (const VerilogModule& child : c.modules) children.push_back(hw::read_module_header(child.text));
  c.modules.push_back(hw::checked_parent(m, children, "step_digits"));
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
