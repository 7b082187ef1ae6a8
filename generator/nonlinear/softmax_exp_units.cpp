#include "generator/nonlinear/softmax_exp_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"
#include "hw/printer.hpp"

namespace bitloom {

using namespace vexpr;
using vpipe::clog2;

namespace {

// Ports of an exp unit and a = max - x (>= 0, one bit wider than x).
std::string exp_module_head(const std::string& name, int xw, int ew) {
  const int aw = xw + 1;
  hw::Module m(name, "");
  m.input("clk_i");
  m.input("en_i");
  m.input_vector("x_i", xw);
  m.input_vector("max_i", xw);
  m.output_reg_vector("e_o", ew);
  std::string v = hw::print_module_head(m);
  v += fmt::format("  wire signed [{}:0] x_s = {};\n", aw - 1, sext("x_i", xw, aw));
  v += fmt::format("  wire signed [{}:0] max_s = {};\n", aw - 1, sext("max_i", xw, aw));
  v += fmt::format("  wire [{}:0] a = max_s - x_s;\n", aw - 1);
  return v;
}


// floor(a / L) as (a * multiplier) >> shift, with the smallest shift that is exact for
// every a in [0, a_max].
struct ConstantDivider {
  int shift = 0;
  int64_t multiplier = 0;
};

ConstantDivider exact_divider(int64_t L, int64_t a_max) {
  for (int ds = 0; ds < 40; ++ds) {
    const int64_t dm = ((int64_t{1} << ds) + L - 1) / L;
    bool exact = true;
    for (int64_t a = 0; a <= a_max && exact; ++a) exact = (a * dm) >> ds == a / L;
    if (exact) return {ds, dm};
  }
  throw std::logic_error("no exact constant divider for I-BERT's ln 2 step");
}

}  // namespace

ExpUnit ibert_exp(const std::string& name, const NonlinearConfig& c, const SoftmaxModel& m) {
  const int xw = c.x.width;
  const int64_t a_max = (int64_t{1} << xw) - 1;
  const int64_t L = -m.ln2_int;
  const ConstantDivider divider = exact_divider(L, a_max);
  const int ds = divider.shift;
  const int64_t dm = divider.multiplier;
  int64_t z_max = a_max / L, q_max = 0, e_max = 0, t_lo = 0, t_hi = 0;
  for (int64_t a = 0; a <= a_max; ++a) {
    const int64_t z = a / L;
    const int64_t t = z * L - a + m.poly_b;
    t_lo = std::min(t_lo, t);
    t_hi = std::max(t_hi, t);
    const int64_t q = t * t + m.poly_c;
    q_max = std::max(q_max, q);
    const int64_t sh = m.exp_shift - z;
    e_max = std::max(e_max, sh >= 0 ? q << sh : (-sh >= 63 ? 0 : q >> -sh));
  }
  const int aw = xw + 1;                                  // a, unsigned
  const int zw = fx::unsigned_bits(std::max<int64_t>(1, z_max));
  const int dmw = fx::unsigned_bits(dm);
  const int tw = fx::signed_bits(t_lo, t_hi);
  const int qw = fx::unsigned_bits(q_max);
  const int ew = fx::unsigned_bits(std::max<int64_t>(1, e_max));
  const int lw = fx::unsigned_bits(L);
  const int shw = fx::signed_bits(m.exp_shift - z_max, std::max<int64_t>(m.exp_shift, 0)) + 1;
  const int qsw = qw + std::max(0, m.exp_shift);          // room for the left shift
  ExpUnit u;
  std::string v;
  v += fmt::format("// {}: I-BERT i-exp of x - max (Kim et al. 2021), as published but sized to the format.\n//\n", name);
  v += fmt::format(
      "// a = max - x = z * {} - p with p in (-{}, 0] (z = floor(a / {}) as a * {} >> {}, exact for\n"
      "// a <= {}), exp(p) ~ q = (p + {})^2 + {} in units 0.3585 S^2, e = q * 2^({} - z), floored.\n"
      "// Latency 3.\n",
      L, L, L, dm, ds, a_max, m.poly_b, m.poly_c, m.exp_shift);
  v += exp_module_head(name, xw, ew);
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] a_dm = {} * {};\n", aw + dmw - 1, zext("a", aw, aw + dmw), ulit(static_cast<uint64_t>(dm), aw + dmw));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  reg [{}:0] a_q;\n  reg [{}:0] z_q;\n", aw - 1, zw - 1);
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  v += fmt::format("      a_q <= a;\n      z_q <= a_dm[{}:{}];\n", ds + zw - 1, ds);
  v += "    end\n  end\n";
  const int zl = zw + lw + 1;
  const int tcw = std::max({tw, zl, aw + 1}) + 1;
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] z_l = {} * {};\n", zl - 1, zext("z_q", zw, zl), ulit(static_cast<uint64_t>(L), zl));
  v += fmt::format("  wire signed [{}:0] t_full = $signed({}) - $signed({}) + {};\n", tcw - 1, zext("z_l", zl, tcw),
                   zext("a_q", aw, tcw), slit(m.poly_b, tcw));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] t = t_full[{}:0];\n", tw - 1, tw - 1);
  const int sqw = 2 * tw;
  v += fmt::format("  wire signed [{}:0] t_ext = {};\n", sqw - 1, sext("t", tw, sqw));
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] q_full = t_ext * t_ext + {};\n", sqw, slit(m.poly_c, sqw + 1));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  reg [{}:0] q_q;\n  reg signed [{}:0] sh_q;\n", qw - 1, shw - 1);
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  v += fmt::format("      q_q <= q_full[{}:0];\n      sh_q <= {} - $signed({});\n", qw - 1, slit(m.exp_shift, shw),
                   zext("z_q", zw, shw));
  v += "    end\n  end\n";
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] q_wide = {};\n", qsw - 1, zext("q_q", qw, qsw));
  v += fmt::format("  wire [{}:0] up = q_wide << sh_q;\n", qsw - 1);
  v += fmt::format("  wire [{}:0] down = q_wide >> (-sh_q);\n", qsw - 1);
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  v += fmt::format("      e_o <= sh_q[{}] ? down[{}:0] : up[{}:0];\n", shw - 1, ew - 1, ew - 1);
  v += "    end\n  end\nendmodule\n";
  u.module = {name, "exp", v};
  u.latency = 3;
  u.out_width = ew;
  u.multipliers = 3;
  return u;
}

// hls4ml-style exp: a ROM indexed by the top bits of max - x.
ExpUnit lut_exp(const std::string& name, const NonlinearConfig& c, const SoftmaxModel& m) {
  const int xw = c.x.width;
  const int entries = static_cast<int>(m.lut_exp.size());
  const int iw = std::max(1, clog2(entries));
  int64_t e_max = 1;
  for (int64_t e : m.lut_exp) e_max = std::max(e_max, e);
  const int ew = fx::unsigned_bits(e_max);
  const int aw = xw + 1;
  ExpUnit u;
  std::string v;
  v += fmt::format("// {}: exp(-(max - x)) from a {}-entry table (hls4ml-style), {} fraction bits.\n", name, entries,
                   m.lut_frac);
  v += fmt::format("// Index = (max - x) >> {}, clamped to the last entry. Latency 1.\n", m.lut_exp_shift);
  v += exp_module_head(name, xw, ew);
  if (m.lut_exp_shift > 0) v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] a_sh = a >> {};\n", aw - 1, m.lut_exp_shift);
  if (m.lut_exp_shift > 0) v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  const int64_t last = entries - 1;
  if (aw > iw) {
    v += fmt::format("  wire [{}:0] idx = (a_sh > {}) ? {} : a_sh[{}:0];\n", iw - 1, ulit(static_cast<uint64_t>(last), aw),
                     ulit(static_cast<uint64_t>(last), iw), iw - 1);
  } else {
    v += fmt::format("  wire [{}:0] idx = {};\n", iw - 1, zext("a_sh", aw, iw));
  }
  v += fmt::format("  reg [{}:0] rom;\n  always @* begin\n    case (idx)\n", ew - 1);
  for (int i = 0; i < entries; ++i)
    v += fmt::format("      {}: rom = {};\n", ulit(static_cast<uint64_t>(i), iw), ulit(static_cast<uint64_t>(m.lut_exp[i]), ew));
  v += fmt::format("      default: rom = {};\n    endcase\n  end\n", ulit(0, ew));
  v += "  always @(posedge clk_i) begin\n    if (en_i) e_o <= rom;\n  end\nendmodule\n";
  u.module = {name, "exp", v};
  u.latency = 1;
  u.out_width = ew;
  return u;
}

}  // namespace bitloom
