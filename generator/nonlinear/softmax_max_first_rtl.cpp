#include "generator/nonlinear/softmax_max_first_rtl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/softmax_rows_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"

namespace bitloom {

using namespace vexpr;
using vpipe::clog2;
using vpipe::delay;
using vpipe::delay_valid;

namespace {

// Ports of an exp unit and a = max - x (>= 0, one bit wider than x).
std::string exp_module_head(const std::string& name, int xw, int ew) {
  const int aw = xw + 1;
  std::string v = "`resetall\n`default_nettype none\n";
  v += fmt::format(
      "module {} (\n  input  wire clk_i,\n  input  wire en_i,\n  input  wire [{}:0] x_i,\n  input  wire [{}:0] max_i,\n"
      "  output reg  [{}:0] e_o\n);\n",
      name, xw - 1, xw - 1, ew - 1);
  v += fmt::format("  wire signed [{}:0] x_s = {};\n", aw - 1, sext("x_i", xw, aw));
  v += fmt::format("  wire signed [{}:0] max_s = {};\n", aw - 1, sext("max_i", xw, aw));
  v += fmt::format("  wire [{}:0] a = max_s - x_s;\n", aw - 1);
  return v;
}

struct ExpUnit {
  VerilogModule module;
  int latency = 0;
  int out_width = 0;   // unsigned e
  int multipliers = 0;
};

// I-BERT i-exp of x - max: a = max - x = z |ln2| - p, z by a constant divide (multiply
// and shift, checked exact for every a), q = (p + b)^2 + c, e = q * 2^(shift - z).
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

}  // namespace

SoftmaxRtl emit_max_first_softmax_rtl(const NonlinearConfig& c, const SoftmaxModel& m) {
  SoftmaxRtl r;
  const bool ibert = m.method == "ibert";
  const int P = c.lanes, xw = c.x.width, yw = c.y.width;
  const std::string top = c.name;
  const ExpUnit ex = ibert ? ibert_exp(top + "_exp", c, m) : lut_exp(top + "_exp", c, m);
  r.modules.push_back(ex.module);
  const int le = ex.latency, ew = ex.out_width;
  // The vector sum: I-BERT's integer sum (sized by exp_shift to stay below 2^31), or the
  // LUT method's saturating ap_fixed<18,8>-like register.
  const int64_t lut_sum_max = (int64_t{1} << 17) - 1;
  const int sw = ibert ? fx::unsigned_bits((int64_t{1} << ew) * c.max_len) : 17;
  const int bsw = fx::unsigned_bits(((int64_t{1} << ew) - 1) * P);
  // 1/sum: floor(2^32 / sum) in 33 quotient bits, or the reciprocal table's 18 bits.
  const int fw = ibert ? 33 : 18;
  const int ld = ibert ? 33 : 1;
  const int out_shift = ibert ? 32 - c.y.frac : 2 * m.lut_frac - c.y.frac;
  const int beats_max = (c.max_len + P - 1) / P;
  // Sum reader: b1, exp, beat sum, vector end; then 1/sum and the meta FIFO write.
  const int meta_lat = 1 + le + 1 + 1 + ld + 1;
  const int depth = 3 * beats_max + meta_lat + 8;
  const int vdepth = meta_lat + 2 * beats_max + 8;
  const int dw = clog2(depth + 1), vdw = clog2(vdepth + 1);
  const int bpw = std::max(1, clog2(depth)), vpw = std::max(1, clog2(vdepth));
  const int out_lat = 1 + le + 1 + 1;  // c1, exp, product, output
  // One-beat vector, no stalls: f0 (max) and the max FIFO write, then the two readers.
  r.latency = 2 + meta_lat + out_lat;
  r.buffer_beats = depth;
  r.multipliers = 2 * P * ex.multipliers + P;
  const int bufw = 1 + P + P * xw;
  const int metaw = 1 + xw + fw;

  std::string v;
  v += fmt::format("// {}: streaming softmax, method {} (a max-first baseline).\n//\n", top, m.method);
  v += fmt::format(
      "// Protocol softmax_rows (as online_base2): {} lanes of signed Q{}.{} in, UQ{}.{} out, tkeep masks\n"
      "// lanes, vectors of up to {} elements. Each element is read three times: on arrival (running\n"
      "// max), by the sum reader (exp of x - max, the sum, then {}), and by the output reader\n"
      "// (exp again, times 1/sum, >> {}, floored). The buffer holds {} beats (about three vectors)\n"
      "// so back-to-back vectors stream at one beat per cycle. Latency (one-beat vector): {} cycles.\n",
      P, xw - c.x.frac, c.x.frac, yw - c.y.frac, c.y.frac, c.max_len,
      ibert ? "floor(2^32 / sum) by a 33-stage divider" : "1/sum from a 1024-entry table in steps of 0.25",
      out_shift, depth, r.latency);
  v += softmax_rows::module_header(top, P, xw, yw, depth, vdepth);
  v += "  // ---------------------------------------------------------------- admission, buffer\n";
  v += "  wire sum_issue, sum_issue_last, out_issue, out_issue_last;\n";
  v += softmax_rows::admission(depth, vdepth, dw, vdw, "out_issue", "out_issue_last");
  v += fmt::format("  reg [{}:0] buf_mem [0:DEPTH-1];\n", bufw - 1);
  v += fmt::format("  reg [{0}:0] wr_ptr_q;\n  reg [{0}:0] sum_ptr_q;\n  reg [{0}:0] out_ptr_q;\n", bpw - 1);
  v += fmt::format("  reg [{0}:0] sum_avail_q;  // beats written, not yet read by the sum reader\n", dw - 1);
  v += "  always @(posedge clk) begin\n    if (in_fire) buf_mem[wr_ptr_q] <= {s_x_tlast, s_x_tkeep, s_x_tdata};\n  end\n";
  auto bump = [&](const std::string& ptr) {
    return fmt::format("({0} == {1}) ? {2} : {0} + {3}", ptr, ulit(depth - 1, bpw), ulit(0, bpw), ulit(1, bpw));
  };
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      wr_ptr_q <= {0};\n      sum_ptr_q <= {0};\n      out_ptr_q <= {0};\n      sum_avail_q <= {1};\n",
                   ulit(0, bpw), ulit(0, dw));
  v += "    end else begin\n";
  v += fmt::format("      if (in_fire) wr_ptr_q <= {};\n", bump("wr_ptr_q"));
  v += fmt::format("      if (sum_issue) sum_ptr_q <= {};\n", bump("sum_ptr_q"));
  v += fmt::format("      if (out_issue) out_ptr_q <= {};\n", bump("out_ptr_q"));
  v += fmt::format("      sum_avail_q <= sum_avail_q + {{{}'d0, in_fire}} - {{{}'d0, sum_issue}};\n", dw - 1, dw - 1);
  v += "    end\n  end\n\n";

  // ---- running max on arrival
  v += "  // ---------------------------------------------------------------- running max\n";
  v += fmt::format("  reg [{}:0] f0_x;\n  reg [{}:0] f0_keep;\n  reg f0_last, f0_valid;\n", P * xw - 1, P - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) f0_valid <= 1'b0;\n    else f0_valid <= in_fire;\n  end\n";
  v += "  always @(posedge clk) begin\n    f0_x <= s_x_tdata;\n    f0_keep <= s_x_tkeep;\n    f0_last <= s_x_tlast;\n  end\n";
  v += fmt::format("  reg signed [{}:0] beat_max;\n  reg beat_any;\n  integer li;\n", xw - 1);
  v += "  always @* begin\n";
  v += fmt::format("    beat_max = {};\n    beat_any = 1'b0;\n", slit(0, xw));
  v += "    for (li = 0; li < LANES; li = li + 1)\n";
  v += fmt::format("      if (f0_keep[li] && (!beat_any || $signed(f0_x[li*{0} +: {0}]) > beat_max)) begin\n", xw);
  v += fmt::format("        beat_max = f0_x[li*{0} +: {0}];\n        beat_any = 1'b1;\n      end\n  end\n", xw);
  v += fmt::format("  reg signed [{}:0] run_max_q;\n  reg run_have_q;\n", xw - 1);
  v += "  wire take = f0_valid && beat_any;\n";
  v += fmt::format("  wire signed [{}:0] max_next = (take && (!run_have_q || beat_max > run_max_q)) ? beat_max : run_max_q;\n", xw - 1);
  v += "  wire have_next = run_have_q || take;\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) run_have_q <= 1'b0;\n";
  v += "    else if (f0_valid) run_have_q <= f0_last ? 1'b0 : have_next;\n  end\n";
  v += "  always @(posedge clk) begin\n    if (f0_valid) run_max_q <= max_next;\n  end\n";
  v += "  // Per-vector max, oldest first, for the sum reader.\n";
  v += fmt::format("  reg [{}:0] maxq_mem [0:VDEPTH-1];\n  reg [{}:0] maxq_wr_q;\n  reg [{}:0] maxq_rd_q;\n  reg [{}:0] maxq_count_q;\n",
                   xw, vpw - 1, vpw - 1, vdw - 1);
  auto vbump = [&](const std::string& ptr) {
    return fmt::format("({0} == {1}) ? {2} : {0} + {3}", ptr, ulit(vdepth - 1, vpw), ulit(0, vpw), ulit(1, vpw));
  };
  v += "  wire max_push = f0_valid && f0_last;\n";
  v += "  always @(posedge clk) begin\n    if (max_push) maxq_mem[maxq_wr_q] <= {have_next, max_next};\n  end\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      maxq_wr_q <= {0};\n      maxq_rd_q <= {0};\n      maxq_count_q <= {1};\n", ulit(0, vpw), ulit(0, vdw));
  v += "    end else begin\n";
  v += fmt::format("      if (max_push) maxq_wr_q <= {};\n", vbump("maxq_wr_q"));
  v += fmt::format("      if (sum_issue && sum_issue_last) maxq_rd_q <= {};\n", vbump("maxq_rd_q"));
  v += fmt::format("      maxq_count_q <= maxq_count_q + {{{}'d0, max_push}} - {{{}'d0, sum_issue && sum_issue_last}};\n", vdw - 1, vdw - 1);
  v += "    end\n  end\n\n";

  // ---- sum reader
  v += "  // ---------------------------------------------------------------- sum reader (never stalls)\n";
  v += fmt::format("  assign sum_issue = (sum_avail_q != {}) && (maxq_count_q != {});\n", ulit(0, dw), ulit(0, vdw));
  v += fmt::format("  wire [{}:0] sum_head = buf_mem[sum_ptr_q];\n", bufw - 1);
  v += fmt::format("  wire [{}:0] sum_max = maxq_mem[maxq_rd_q];\n", xw);
  v += fmt::format("  assign sum_issue_last = sum_head[{}];\n", bufw - 1);
  v += fmt::format("  reg [{}:0] s1_x;\n  reg [{}:0] s1_keep;\n  reg [{}:0] s1_max;\n  reg s1_last, s1_valid;\n", P * xw - 1, P - 1, xw);
  v += "  always @(posedge clk) begin\n    if (!rst_n) s1_valid <= 1'b0;\n    else s1_valid <= sum_issue;\n  end\n";
  v += fmt::format("  always @(posedge clk) begin\n    s1_x <= sum_head[{}:0];\n    s1_keep <= sum_head[{}:{}];\n"
                   "    s1_max <= sum_max;\n    s1_last <= sum_issue_last;\n  end\n", P * xw - 1, P * xw + P - 1, P * xw);
  v += fmt::format("  wire [{}:0] s_e;\n", P * ew - 1);
  v += "  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_sum_exp\n";
  v += fmt::format("      {} u_exp (\n        .clk_i(clk),\n        .en_i(1'b1),\n        .x_i(s1_x[gl*{} +: {}]),\n"
                   "        .max_i(s1_max[{}:0]),\n        .e_o(s_e[gl*{} +: {}])\n      );\n", top + "_exp", xw, xw, xw - 1, ew, ew);
  v += "    end\n  endgenerate\n";
  v += delay("sd_keep", fmt::format("[{}:0]", P - 1), "s1_keep", le, "1'b1");
  v += delay("sd_last", "", "s1_last", le, "1'b1");
  v += delay("sd_meta", fmt::format("[{}:0]", xw), "s1_max", le, "1'b1");
  v += delay_valid("sd_valid", "s1_valid", le, "1'b1");
  const std::string sd = fmt::format("_s{}", le);
  v += fmt::format("  reg [{}:0] beat_sum;\n  integer si;\n  always @* begin\n    beat_sum = {};\n", bsw - 1, ulit(0, bsw));
  v += fmt::format("    for (si = 0; si < LANES; si = si + 1)\n      if (sd_keep{}[si]) beat_sum = beat_sum + {};\n  end\n", sd,
                   bsw > ew ? fmt::format("{{{}'d0, s_e[si*{} +: {}]}}", bsw - ew, ew, ew) : fmt::format("s_e[si*{} +: {}]", ew, ew));
  v += fmt::format("  reg [{}:0] sb_sum;\n  reg [{}:0] sb_meta;\n  reg sb_last, sb_valid;\n", bsw - 1, xw);
  v += fmt::format("  always @(posedge clk) begin\n    if (!rst_n) sb_valid <= 1'b0;\n    else sb_valid <= sd_valid{};\n  end\n", sd);
  v += fmt::format("  always @(posedge clk) begin\n    sb_sum <= beat_sum;\n    sb_meta <= sd_meta{0};\n    sb_last <= sd_last{0};\n  end\n", sd);
  const int aw = std::max(sw, bsw) + 1;
  v += fmt::format("  reg [{}:0] vec_sum_q;\n", sw - 1);
  v += fmt::format("  wire [{}:0] vec_add = {} + {};\n", aw - 1, zext("vec_sum_q", sw, aw), zext("sb_sum", bsw, aw));
  if (ibert) {
    v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
    v += fmt::format("  wire [{}:0] vec_add_used = vec_add;\n", aw - 1);
    v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
    v += fmt::format("  wire [{}:0] sum_next = vec_add_used[{}:0];\n", sw - 1, sw - 1);
  } else {
    v += "  // The LUT method's sum saturates, like an ap_fixed<18,8> accumulator.\n";
    v += fmt::format("  wire [{}:0] sum_next = (vec_add > {}) ? {} : vec_add[{}:0];\n", sw - 1,
                     ulit(static_cast<uint64_t>(lut_sum_max), aw), ulit(static_cast<uint64_t>(lut_sum_max), sw), sw - 1);
  }
  v += fmt::format("  always @(posedge clk) begin\n    if (!rst_n) vec_sum_q <= {0};\n    else if (sb_valid) vec_sum_q <= sb_last ? {0} : sum_next;\n  end\n",
                   ulit(0, sw));
  v += fmt::format("  reg [{}:0] n0_sum;\n  reg [{}:0] n0_meta;\n  reg n0_valid;\n", sw - 1, xw);
  v += "  always @(posedge clk) begin\n    if (!rst_n) n0_valid <= 1'b0;\n    else n0_valid <= sb_valid && sb_last;\n  end\n";
  v += "  always @(posedge clk) begin\n    n0_sum <= sum_next;\n    n0_meta <= sb_meta;\n  end\n";

  // ---- 1/sum
  std::string factor, meta_valid, meta_meta;
  if (ibert) {
    v += "  // factor = floor(2^32 / sum): restoring division, one quotient bit per stage (bit 32 first).\n";
    const int rw = sw + 1;
    for (int st = 1; st <= 33; ++st) {
      const int bit = 33 - st;
      const std::string prev_rem = fmt::format("dv{}_rem", st - 1);
      const std::string prev_den = st == 1 ? "n0_sum" : fmt::format("dv{}_den", st - 1);
      const std::string prev_meta = st == 1 ? "n0_meta" : fmt::format("dv{}_meta", st - 1);
      const std::string prev_valid = st == 1 ? "n0_valid" : fmt::format("dv{}_valid", st - 1);
      const std::string num_bit = bit == 32 ? "1'b1" : "1'b0";
      if (st == 1) v += fmt::format("  wire [{}:0] dv1_try = {{{}'d0, {}}};\n", rw - 1, rw - 1, num_bit);
      else v += fmt::format("  wire [{}:0] dv{}_try = {{{}, {}}};\n", rw - 1, st, prev_rem, num_bit);
      v += fmt::format("  wire dv{0}_ge = dv{0}_try >= {1};\n", st, zext(prev_den, sw, rw));
      // The remainder stays below the divisor, so it fits the sum's width.
      v += fmt::format("  reg [{}:0] dv{}_rem;\n  reg [{}:0] dv{}_den;\n  reg [{}:0] dv{}_meta;\n  reg dv{}_valid;\n", sw - 1, st, sw - 1,
                       st, xw, st, st);
      v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
      v += fmt::format("  wire [{0}:0] dv{1}_diff = dv{1}_try - {2};\n", rw - 1, st, zext(prev_den, sw, rw));
      v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
      v += fmt::format("  reg [{}:0] dv{}_q;\n", 32, st);
      v += fmt::format("  always @(posedge clk) begin\n    if (!rst_n) dv{}_valid <= 1'b0;\n    else dv{}_valid <= {};\n  end\n", st, st,
                       prev_valid);
      v += "  always @(posedge clk) begin\n";
      v += fmt::format("    dv{0}_rem <= dv{0}_ge ? dv{0}_diff[{1}:0] : dv{0}_try[{1}:0];\n", st, sw - 1);
      v += fmt::format("    dv{}_den <= {};\n    dv{}_meta <= {};\n", st, prev_den, st, prev_meta);
      if (st == 1) v += fmt::format("    dv1_q <= {{dv1_ge, 32'd0}};\n");
      else v += fmt::format("    dv{0}_q <= dv{1}_q | ({{32'd0, dv{0}_ge}} << {2});\n", st, st - 1, bit);
      v += "  end\n";
    }
    v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
    v += fmt::format("  wire [{}:0] dv_rem_unused = dv33_rem;\n  wire [{}:0] dv_den_unused = dv33_den;\n", sw - 1, sw - 1);
    v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
    v += "  // A vector with no kept lane has sum 0; its outputs are all masked anyway.\n";
    factor = "dv33_q";
    meta_valid = "dv33_valid";
    meta_meta = "dv33_meta";
  } else {
    const int entries = static_cast<int>(m.lut_inv.size());
    const int iw = clog2(entries);
    v += fmt::format("  // 1/sum from a {}-entry table indexed by sum >> {} (steps of 0.25).\n", entries, m.lut_inv_shift);
    v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
    v += fmt::format("  wire [{}:0] inv_sh = n0_sum >> {};\n", sw - 1, m.lut_inv_shift);
    v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
    if (sw > iw)
      v += fmt::format("  wire [{}:0] inv_idx = (inv_sh > {}) ? {} : inv_sh[{}:0];\n", iw - 1, ulit(static_cast<uint64_t>(entries - 1), sw),
                       ulit(static_cast<uint64_t>(entries - 1), iw), iw - 1);
    else
      v += fmt::format("  wire [{}:0] inv_idx = {};\n", iw - 1, zext("inv_sh", sw, iw));
    v += fmt::format("  reg [{}:0] inv_rom;\n  always @* begin\n    case (inv_idx)\n", fw - 1);
    for (int i = 0; i < entries; ++i)
      v += fmt::format("      {}: inv_rom = {};\n", ulit(static_cast<uint64_t>(i), iw), ulit(static_cast<uint64_t>(m.lut_inv[i]), fw));
    v += fmt::format("      default: inv_rom = {};\n    endcase\n  end\n", ulit(0, fw));
    v += fmt::format("  reg [{}:0] iv_inv;\n  reg [{}:0] iv_meta;\n  reg iv_valid;\n", fw - 1, xw);
    v += "  always @(posedge clk) begin\n    if (!rst_n) iv_valid <= 1'b0;\n    else iv_valid <= n0_valid;\n  end\n";
    v += "  always @(posedge clk) begin\n    iv_inv <= inv_rom;\n    iv_meta <= n0_meta;\n  end\n";
    factor = "iv_inv";
    meta_valid = "iv_valid";
    meta_meta = "iv_meta";
  }
  v += "  // Per-vector {max, 1/sum}, oldest first, for the output reader.\n";
  v += fmt::format("  reg [{}:0] meta_mem [0:VDEPTH-1];\n  reg [{}:0] meta_wr_q;\n  reg [{}:0] meta_rd_q;\n  reg [{}:0] meta_count_q;\n",
                   metaw - 1, vpw - 1, vpw - 1, vdw - 1);
  v += fmt::format("  always @(posedge clk) begin\n    if ({}) meta_mem[meta_wr_q] <= {{{}, {}}};\n  end\n", meta_valid, meta_meta, factor);
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      meta_wr_q <= {0};\n      meta_rd_q <= {0};\n      meta_count_q <= {1};\n", ulit(0, vpw), ulit(0, vdw));
  v += "    end else begin\n";
  v += fmt::format("      if ({}) meta_wr_q <= {};\n", meta_valid, vbump("meta_wr_q"));
  v += fmt::format("      if (out_issue && out_issue_last) meta_rd_q <= {};\n", vbump("meta_rd_q"));
  v += fmt::format("      meta_count_q <= meta_count_q + {{{}'d0, {}}} - {{{}'d0, out_issue && out_issue_last}};\n", vdw - 1,
                   meta_valid, vdw - 1);
  v += "    end\n  end\n\n";

  // ---- output reader
  v += "  // ---------------------------------------------------------------- output reader (stalls on m_y)\n";
  v += "  wire advance = !m_y_tvalid || m_y_tready;\n";
  v += fmt::format("  wire [{}:0] out_head = buf_mem[out_ptr_q];\n", bufw - 1);
  v += fmt::format("  wire [{}:0] out_meta = meta_mem[meta_rd_q];\n", metaw - 1);
  v += "  // The meta FIFO entry exists only once the sum reader has finished the vector, and\n"
       "  // the buffer holds all of a vector's beats by then.\n";
  v += fmt::format("  assign out_issue = advance && (meta_count_q != {});\n", ulit(0, vdw));
  v += fmt::format("  assign out_issue_last = out_head[{}];\n", bufw - 1);
  v += fmt::format("  reg [{}:0] o1_x;\n  reg [{}:0] o1_keep;\n  reg [{}:0] o1_meta;\n  reg o1_last, o1_valid;\n", P * xw - 1, P - 1, metaw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) o1_valid <= 1'b0;\n    else if (advance) o1_valid <= out_issue;\n  end\n";
  v += fmt::format("  always @(posedge clk) begin\n    if (advance) begin\n      o1_x <= out_head[{}:0];\n      o1_keep <= out_head[{}:{}];\n"
                   "      o1_meta <= out_meta;\n      o1_last <= out_issue_last;\n    end\n  end\n",
                   P * xw - 1, P * xw + P - 1, P * xw);
  v += fmt::format("  wire [{}:0] o_e;\n", P * ew - 1);
  v += "  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_out_exp\n";
  v += fmt::format("      {} u_exp (\n        .clk_i(clk),\n        .en_i(advance),\n        .x_i(o1_x[gl*{} +: {}]),\n"
                   "        .max_i(o1_meta[{}:{}]),\n        .e_o(o_e[gl*{} +: {}])\n      );\n",
                   top + "_exp", xw, xw, fw + xw - 1, fw, ew, ew);
  v += "    end\n  endgenerate\n";
  v += delay("od_keep", fmt::format("[{}:0]", P - 1), "o1_keep", le, "advance");
  v += delay("od_last", "", "o1_last", le, "advance");
  // After the exp only {have, 1/sum} are needed.
  v += fmt::format("  wire [{}:0] o1_tail = {{o1_meta[{}], o1_meta[{}:0]}};\n", fw, metaw - 1, fw - 1);
  v += delay("od_meta", fmt::format("[{}:0]", fw), "o1_tail", le, "advance");
  v += delay_valid("od_valid", "o1_valid", le, "advance");
  const std::string od = fmt::format("_s{}", le);
  const int pw = ew + fw;
  v += fmt::format("  wire [{}:0] inv = od_meta{}[{}:0];\n", fw - 1, od, fw - 1);
  v += fmt::format("  wire have = od_meta{}[{}];\n", od, fw);
  v += fmt::format("  reg [{}:0] op_prod;\n  reg [{}:0] op_use;\n  reg op_last, op_valid;\n", P * pw - 1, P - 1);
  v += fmt::format("  always @(posedge clk) begin\n    if (!rst_n) op_valid <= 1'b0;\n    else if (advance) op_valid <= od_valid{};\n  end\n", od);
  v += fmt::format("  always @(posedge clk) begin\n    if (advance) begin\n      op_last <= od_last{0};\n      op_use <= od_keep{0} & {{{1}{{have}}}};\n    end\n  end\n",
                   od, P);
  v += "  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_product\n";
  v += "      always @(posedge clk) begin\n        if (advance)\n";
  v += fmt::format("          op_prod[gl*{0} +: {0}] <= {1} * {2};\n", pw, zext(fmt::format("o_e[gl*{} +: {}]", ew, ew), ew, pw), zext("inv", fw, pw));
  v += "      end\n    end\n  endgenerate\n";
  const int64_t ymax = (int64_t{1} << yw) - 1;
  const int qw = pw - out_shift;
  v += fmt::format("  // p = floor(e * (1/sum) / 2^{}), saturated below 2^{}.\n", out_shift, yw);
  v += fmt::format("  reg [{}:0] y_q;\n  reg y_last_q, y_valid_q;\n", P * yw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) y_valid_q <= 1'b0;\n    else if (advance) y_valid_q <= op_valid;\n  end\n";
  v += "  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_out\n";
  if (out_shift > 0) v += "      /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("      wire [{}:0] prod = op_prod[gl*{} +: {}];\n", pw - 1, pw, pw);
  if (out_shift > 0) v += "      /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("      wire [{}:0] q = prod[{}:{}];\n", qw - 1, pw - 1, out_shift);
  if (qw > yw)
    v += fmt::format("      wire [{}:0] p_sat = (q > {}) ? {} : q[{}:0];\n", yw - 1, ulit(static_cast<uint64_t>(ymax), qw),
                     ulit(static_cast<uint64_t>(ymax), yw), yw - 1);
  else
    v += fmt::format("      wire [{}:0] p_sat = {};\n", yw - 1, zext("q", qw, yw));
  v += "      always @(posedge clk) begin\n        if (advance)\n";
  v += fmt::format("          y_q[gl*{0} +: {0}] <= op_use[gl] ? p_sat : {1};\n", yw, ulit(0, yw));
  v += "      end\n    end\n  endgenerate\n";
  v += "  always @(posedge clk) begin\n    if (advance) y_last_q <= op_last;\n  end\n";
  v += "  assign m_y_tvalid = y_valid_q;\n  assign m_y_tlast = y_last_q;\n  assign m_y_tdata = y_q;\nendmodule\n";
  r.modules.push_back({top, "top", v});
  return r;
}

}  // namespace bitloom
