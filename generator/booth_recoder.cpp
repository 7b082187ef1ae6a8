#include "generator/booth_recoder.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"
#include "generator/carry_save_step.hpp"
#include "hw/checker.hpp"
#include "hw/design.hpp"
#include "hw/printer.hpp"

namespace bitloom {

namespace {

hw::Module booth_recoder(const std::string& name, int a_width, bool a_signed) {
  using namespace hw;
  const int n = arith::booth_digit_count(a_width, a_signed);
  Module m(name, fmt::format("{}: the {} radix-4 Booth digits of one {}-bit {} activation, digit d at bit d:\n"
                             "(one_o ? 1 : two_o ? 2 : 0), negated when neg_o; a = sum_d digit_d * 4^d.",
                             name, n, a_width, a_signed ? "signed" : "unsigned"));
  const Expr a = m.input("a_i", a_width);
  const Expr neg = m.output("neg_o", n), one = m.output("one_o", n), two = m.output("two_o", n);
  const Expr ext = m.wire("a_ext", 2 * n + 1, "bit 0 is a[-1] = 0; above a, its sign (or zeros)");
  m.assign(ext, op(arith::booth_a_extension("a_i", a_width, a_signed), 2 * n + 1, {a}));
  for (int d = 0; d < n; ++d) {
    const Expr x2 = bit(ext, 2 * d + 2), x1 = bit(ext, 2 * d + 1), x0 = bit(ext, 2 * d);
    const arith::BoothDigitWires logic = arith::booth_digit_logic(x2.text, x1.text, x0.text);
    m.assign(bit(neg, d), x2);
    m.assign(bit(one, d), op(logic.one, 1, {x1, x0}));
    m.assign(bit(two, d), op(logic.two, 1, {x2, x1, x0}));
  }
  return m;
}

// The view: `k` recoders into `digit_step`, checked against the recoder and the digit
// step's ports (its body is a bit-level netlist in text, so it is given here as a shell).
hw::Module step_view(const std::string& name, const hw::Module& recoder, const std::string& digit_step,
                     const GemmConfig& g, const StepPorts& p) {
  using namespace hw;
  const int n = arith::booth_digit_count(g.a.width, g.a.is_signed), k = p.products, cw = g.c_width;
  Module shell(digit_step, "");
  for (const char* digit : {"neg_i", "one_i", "two_i"}) shell.input(digit, k * n);
  shell.input("b_i", k * g.b.width);
  const int pw = negated_b_width(g);
  if (g.negated_multiples()) shell.input("nb_i", k * pw);
  if (p.restart) shell.input("restart_i", 1);
  if (p.sum_input) shell.input("sum_i", cw);
  if (p.carry_input) shell.input("carry_i", cw);
  shell.output("sum_o", cw);
  if (p.carry_output) shell.output("carry_o", cw);

  Module m(name, fmt::format("{}: the step with a by value, as the exhaustive step check\n"
                             "and the formal proof see it: {} recodes a,\n"
                             "{} takes the digits. Arrays instantiate the two apart\n"
                             "(one recoder per broadcast activation), never this module.",
                             name, recoder.name(), digit_step));
  const Expr a = m.input("a_i", k * g.a.width);
  const Expr b = m.input("b_i", k * g.b.width);
  const Expr sum_i = p.sum_input ? m.input("sum_i", cw) : Expr{};
  const Expr carry_i = p.carry_input ? m.input("carry_i", cw) : Expr{};
  const Expr sum_o = m.output("sum_o", cw);
  const Expr carry_o = p.carry_output ? m.output("carry_o", cw) : Expr{};
  Instance step{digit_step, "u_step", "", {}};
  std::vector<Expr> digits;
  for (const std::string digit : {"neg", "one", "two"}) {
    digits.push_back(m.wire(digit, k * n));
    connect(step, digit + "_i", digits.back());
  }
  for (int i = 0; i < k; ++i) {
    Instance rec{recoder.name(), k == 1 ? "u_recode" : fmt::format("u_recode{}", i), "", {}};
    connect(rec, "a_i", slice(a, i * g.a.width, g.a.width));
    connect(rec, "neg_o", slice(digits[0], i * n, n));
    connect(rec, "one_o", slice(digits[1], i * n, n));
    connect(rec, "two_o", slice(digits[2], i * n, n));
    m.add(rec);
  }
  connect(step, "b_i", b);
  if (g.negated_multiples()) {
    // What the array computes once per column: -b, two's complement.
    const Expr nb = m.wire("nb", k * pw, "-b_k at [k*W +: W]");
    for (int i = 0; i < k; ++i)
      m.assign(slice(nb, i * pw, pw), op(arith::negated_b_text("b_i", i * g.b.width, g.b.width, g.b.is_signed), pw, {b}));
    connect(step, "nb_i", nb);
  }
  // The checks cover the arithmetic; the restart gate is exercised by every array
  // simulation (each tile's first beat).
  if (p.restart) connect(step, "restart_i", literal(1, 0));
  if (p.sum_input) connect(step, "sum_i", sum_i);
  if (p.carry_input) connect(step, "carry_i", carry_i);
  connect(step, "sum_o", sum_o);
  if (p.carry_output) connect(step, "carry_o", carry_o);
  m.add(step);
  hw::Design context(name);
  context.add(recoder);
  context.add(shell);
  const auto problems = check_module(m, context);
  if (!problems.empty()) throw CheckError(name + ": " + problems.front());
  return m;
}

}  // namespace

RecodedStep recoded_step(const std::string& step, const std::string& recoder_name, const GemmConfig& g,
                         const StepPorts& ports) {
  const hw::Module recoder = booth_recoder(recoder_name, g.a.width, g.a.is_signed);
  hw::require_clean(recoder);
  const hw::Module view = step_view(step, recoder, step + "_digits", g, ports);
  return {{recoder.name(), "recode", hw::print_module(recoder)}, {step, "step", hw::print_module(view)}};
}

}  // namespace bitloom
