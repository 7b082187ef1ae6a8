#include "generator/nonlinear/gelu_rtl.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "generator/interfaces.hpp"
#include "generator/nonlinear/delay_line_set.hpp"
#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/poly_rtl.hpp"
#include "generator/nonlinear/verilog_expr.hpp"
#include "hw/header_reader.hpp"
#include "hw/printer.hpp"
#include "hw/text_instance.hpp"

namespace bitloom {

namespace {

using namespace vexpr;

// The last stage: round a signed value with `drop` extra fraction bits to the output
// format and saturate; registers y_o.
std::string round_saturate(const std::string& acc, int aw, int drop, int yw) {
  std::string v;
  const int qw = aw - drop;
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] acc_rnd = {} + {};\n", aw - 1, acc, slit(int64_t{1} << (drop - 1), aw));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] y_full = acc_rnd[{}:{}];\n", qw - 1, aw - 1, drop);
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  if (qw > yw) {
    const int64_t hi = (int64_t{1} << (yw - 1)) - 1;
    v += fmt::format("      if (y_full > {}) y_o <= {};\n", slit(hi, qw), slit(hi, yw));
    v += fmt::format("      else if (y_full < {}) y_o <= {};\n", slit(-hi - 1, qw), slit(-hi - 1, yw));
    v += fmt::format("      else y_o <= y_full[{}:0];\n", yw - 1);
  } else {
    v += fmt::format("      y_o <= {};\n", sext("y_full", qw, yw));
  }
  v += "    end\n  end\n";
  return v;
}

std::string lane_ports(const std::string& name, int xw, int yw) {
  hw::Module m(name, "");
  m.input("clk_i");
  m.input("en_i");
  m.input_vector("x_i", xw);
  m.output_reg_vector("y_o", yw);
  return hw::print_module_head(m);
}

GeluRtl relu_minus_delta_rtl(const NonlinearConfig& c, const GeluModel& m) {
  GeluRtl r;
  const int xw = c.x.width, yw = c.y.width;
  const std::string table_name = c.name + "_delta";
  const uint64_t domain = m.delta.domain_codes();
  const PolyModule pm = emit_poly_module(
      table_name, m.delta, domain,
      fmt::format("delta(t) = t * Phi(-t) for t = |x| below {} (code {}), the amount GELU lies under ReLU",
                  std::ldexp(static_cast<double>(domain), -c.x.frac), domain));
  r.modules.push_back(pm.module);
  const int lp = pm.latency;
  const int shift_up = m.frac - c.x.frac;
  const int aw = std::max(xw + shift_up, pm.value_width) + 2;
  const std::string lane = c.name + "_lane";
  std::string v;
  v += fmt::format("// {}: one GELU lane, GELU(x) = ReLU(x) - delta(|x|).\n//\n", lane);
  v += fmt::format(
      "// Stage 0 registers x; the delta table takes {} stages; the last stage subtracts and\n"
      "// rounds to Q{}.{} with saturation. Latency {} cycles. Internal values carry {} fraction bits.\n",
      lp, yw - c.y.frac, c.y.frac, lp + 2, m.frac);
  v += lane_ports(lane, xw, yw);
  DelayLineSet delays(lane);
  v += fmt::format("  reg [{}:0] x_q;\n", xw - 1);
  v += "  always @(posedge clk_i) begin\n    if (en_i) x_q <= x_i;\n  end\n";
  v += "  // |x| fits in XW unsigned bits, even for the most negative code.\n";
  v += fmt::format("  wire [{}:0] t = x_q[{}] ? (~x_q + {}) : x_q;\n", xw - 1, xw - 1, ulit(1, xw));
  if (domain < (uint64_t{1} << xw)) {
    v += fmt::format("  wire in_domain = t < {};\n", ulit(domain, xw));
  } else {
    v += "  wire in_domain = 1'b1;\n";
  }
  v += fmt::format("  wire signed [{}:0] delta;\n", pm.value_width - 1);
  v += hw::checked_text_instance(hw::read_module_header(pm.module.text), "u_delta",
                                 {{"clk_i", "clk_i", 1}, {"en_i", "en_i", 1}, {"t_i", "t", xw},
                                  {"value_o", "delta", pm.value_width}});
  v += delays.delay("x", xw, "x_q", lp, "en_i", "clk_i");
  v += delays.delay("in_domain", 1, "in_domain", lp, "en_i", "clk_i");
  const std::string xs = fmt::format("x_s{}", lp);
  v += fmt::format("  // ReLU(x) on the internal grid ({} more fraction bits than x).\n", shift_up);
  v += fmt::format("  wire signed [{}:0] relu = {}[{}] ? {} : {};\n", aw - 1, xs, xw - 1, slit(0, aw),
                   fmt::format("{{{}'d0, {}, {}'d0}}", aw - xw - shift_up, xs, shift_up));
  v += fmt::format("  wire signed [{}:0] delta_used = in_domain_s{} ? {} : {};\n", aw - 1, lp,
                   sext("delta", pm.value_width, aw), slit(0, aw));
  v += fmt::format("  wire signed [{}:0] acc = relu - delta_used;\n", aw - 1);
  v += round_saturate("acc", aw, m.frac - c.y.frac, yw);
  v += "endmodule\n";
  for (VerilogModule& line : delays.modules()) r.modules.push_back(std::move(line));
  r.modules.push_back({lane, "lane", v});
  r.latency = lp + 2;
  r.multipliers_per_lane = m.delta.degree;
  int row_bits = 0;
  for (int i = 0; i <= m.delta.degree; ++i) {
    int64_t lo = 0, hi = 0;
    for (int row = 0; row < m.delta.rows(); ++row) {
      lo = std::min(lo, m.delta.c(row, i));
      hi = std::max(hi, m.delta.c(row, i));
    }
    row_bits += fx::signed_bits(lo, hi);
  }
  r.table_row_bits = row_bits;
  return r;
}

// Widths of I-BERT's intermediates, from their ranges over every input code.
struct IbertWidths {
  int mag, d, sq, poly, h, g, rescale;
};

IbertWidths ibert_widths(const NonlinearConfig& c, const GeluModel& m) {
  const int xw = c.x.width;
  fx::Range dr, sq, poly, h, g, prod;
  const int64_t nb = -m.b_int;
  const int64_t lo = -(int64_t{1} << (xw - 1)), hi = (int64_t{1} << (xw - 1)) - 1;
  for (int64_t x = lo; x <= hi; ++x) {
    const int64_t mag = x < 0 ? -x : x;
    const int64_t d = std::min(mag, nb) - nb;
    dr.add(d);
    sq.add(d * d);
    const int64_t p = d * d + m.c_int;
    poly.add(p);
    poly.add(-p);
    const int64_t e = fx::floor_shift(x > 0 ? p : (x < 0 ? -p : 0), m.erf_shift);
    h.add(e + m.one_int);
    g.add(x * (e + m.one_int));
    prod.add(x * (e + m.one_int) * m.out_mult + (int64_t{1} << (m.out_shift - 1)));
  }
  const int magw = std::max(xw, fx::unsigned_bits(nb)) + 1;  // signed room for |x| and -b
  const int mw = fx::signed_bits(std::min<int64_t>(m.out_mult, 0), std::max<int64_t>(m.out_mult, 0));
  return {magw, dr.bits(), sq.bits() + 1, poly.bits(), h.bits(), g.bits(), std::max(prod.bits(), g.bits() + mw)};
}

GeluRtl ibert_rtl(const NonlinearConfig& c, const GeluModel& m) {
  GeluRtl r;
  const int xw = c.x.width, yw = c.y.width;
  const int64_t nb = -m.b_int;
  const IbertWidths w = ibert_widths(c, m);
  const int magw = w.mag, dw = w.d, sqw = w.sq, pw = w.poly, hw = w.h, gw = w.g, rw = w.rescale;
  const std::string lane = c.name + "_lane";
  std::string v;
  v += fmt::format("// {}: one GELU lane, I-BERT's integer GELU.\n//\n", lane);
  v += fmt::format(
      "// erf(u) ~ sgn(u) [a (min(|u|, -b) + b)^2 + 1], a = -0.2888, b = -1.769, on the integer code\n"
      "// of x with u = x / sqrt 2: b_int = {}, c_int = 1 / (a S^2) = {}, shifted right by {} (derived\n"
      "// from the formats), one_int = {}. GELU = x (erf + 1) / 2 is moved to the output grid by\n"
      "// one multiply by {} / 2^{} (shift-and-add). Stages: x, square, erf, x * (erf + 1), rescale.\n"
      "// Latency 5.\n",
      m.b_int, m.c_int, m.erf_shift, m.one_int, m.out_mult, m.out_shift);
  v += lane_ports(lane, xw, yw);
  v += fmt::format("  reg signed [{}:0] x_q;\n", xw - 1);
  v += "  always @(posedge clk_i) begin\n    if (en_i) x_q <= x_i;\n  end\n";
  v += "  // Stage 1: d = min(|x|, -b) + b, squared.\n";
  v += fmt::format("  wire signed [{}:0] x_wide = {};\n", magw - 1, sext("x_q", xw, magw));
  v += fmt::format("  wire signed [{}:0] mag = x_q[{}] ? -x_wide : x_wide;\n", magw - 1, xw - 1);
  v += fmt::format("  wire signed [{}:0] clipped = (mag < {}) ? mag : {};\n", magw - 1, slit(nb, magw), slit(nb, magw));
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] d_full = clipped - {};\n", magw - 1, slit(nb, magw));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] d = d_full[{}:0];\n", dw - 1, dw - 1);
  v += fmt::format("  wire signed [{}:0] d_ext = {};\n", sqw - 1, sext("d", dw, sqw));
  v += fmt::format("  reg signed [{}:0] sq_s1;\n  reg signed [{}:0] x_s1;\n  reg pos_s1, neg_s1;\n", sqw - 1, xw - 1);
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  v += "      sq_s1 <= d_ext * d_ext;\n      x_s1 <= x_q;\n";
  v += fmt::format("      pos_s1 <= !x_q[{}] && (x_q != {});\n      neg_s1 <= x_q[{}];\n", xw - 1, ulit(0, xw), xw - 1);
  v += "    end\n  end\n";
  const int pew = std::max(pw, sqw) + 1;
  v += "  // Stage 2: erf in units of a S^2 2^k, plus the 1 of (1 + erf).\n";
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] poly = {} + {};\n", pew - 1, sext("sq_s1", sqw, pew), slit(m.c_int, pew));
  v += fmt::format("  wire signed [{}:0] erf_signed = pos_s1 ? poly : (neg_s1 ? -poly : {});\n", pew - 1, slit(0, pew));
  v += fmt::format("  wire signed [{}:0] erf_sh = erf_signed >>> {};\n", pew - 1, m.erf_shift);
  v += fmt::format("  wire signed [{}:0] h_full = {} + {};\n", pew, sext("erf_sh", pew, pew + 1),
                   slit(m.one_int, pew + 1));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  reg signed [{}:0] h_s2;\n  reg signed [{}:0] x_s2;\n", hw - 1, xw - 1);
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  v += fmt::format("      h_s2 <= h_full[{}:0];\n      x_s2 <= x_s1;\n", hw - 1);
  v += "    end\n  end\n";
  v += "  // Stage 3: x * (erf + 1).\n";
  v += fmt::format("  reg signed [{}:0] g_s3;\n", gw - 1);
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] g_full = {} * {};\n", gw + 1, sext("x_s2", xw, gw + 2), sext("h_s2", hw, gw + 2));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  v += fmt::format("      g_s3 <= g_full[{}:0];\n", gw - 1);
  v += "    end\n  end\n";
  v += "  // Stage 4: onto the output grid, rounded and saturated.\n";
  v += fmt::format("  wire signed [{}:0] g_wide = {};\n", rw - 1, sext("g_s3", gw, rw));
  v += fmt::format("  wire signed [{}:0] acc = {};  // g * {}\n", rw - 1, csd_product("g_wide", rw, m.out_mult), m.out_mult);
  v += round_saturate("acc", rw, m.out_shift, yw);
  v += "endmodule\n";
  r.modules.push_back({lane, "lane", v});
  r.latency = 5;
  r.multipliers_per_lane = 2;  // the square and x * (erf + 1); the rescale is shift-and-add
  return r;
}

}  // namespace

VerilogModule emit_elementwise_top(const NonlinearConfig& c, const VerilogModule& lane, int latency,
                                   const std::string& what) {
  const std::string& top = c.name;
  const int lanes = c.lanes, xw = c.x.width, yw = c.y.width;
  std::string v;
  v += fmt::format("// {}: {}.\n//\n", top, what);
  v += fmt::format(
      "// Protocol elementwise. Each s_x beat carries {} lanes (lane n = bits [n*{} +: {}]); its\n"
      "// results leave on m_y {} cycles later in the same lanes, with s_x_tlast passed through.\n"
      "// The whole pipeline advances whenever its output register is empty or taken, so one\n"
      "// beat per cycle is sustained and back-pressure stalls every stage at once.\n",
      lanes, xw, xw, latency);
  v += hw::print_module_head(stream_top_head(top, elementwise_streams(c), {}));
  v += fmt::format("  // Lanes per beat (spec: lanes) and the pipeline depth.\n  localparam integer LANES = {};\n", lanes);
  v += fmt::format("  localparam integer LATENCY = {};\n\n", latency);
  v += "  wire advance = !m_y_tvalid || m_y_tready;\n  assign s_x_tready = advance;\n\n";
  v += "  // Only the valid flags need a reset; data registers are qualified by them.\n";
  v += "  reg [LATENCY-1:0] valid_q;\n  reg [LATENCY-1:0] last_q;\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) valid_q <= {LATENCY{1'b0}};\n";
  v += "    else if (advance) valid_q <= {valid_q[LATENCY-2:0], s_x_tvalid};\n  end\n";
  v += "  always @(posedge clk) begin\n    if (advance) last_q <= {last_q[LATENCY-2:0], s_x_tlast};\n  end\n";
  v += "  assign m_y_tvalid = valid_q[LATENCY-1];\n  assign m_y_tlast = last_q[LATENCY-1];\n\n";
  v += "  genvar gl;\n";
  v += hw::checked_text_lanes(hw::read_module_header(lane.text), "u_lane", "gen_lane", "gl",
                              hw::Sym::named("LANES", lanes),
                              {{"clk_i", "clk", 1}, {"en_i", "advance", 1}, {"x_i", "s_x_tdata", lanes * xw, 0, xw},
                               {"y_o", "m_y_tdata", lanes * yw, 0, yw}});
  v += "endmodule\n";
  return {top, "top", v};
}

GeluRtl emit_gelu_rtl(const NonlinearConfig& c, const GeluModel& m) {
  GeluRtl r = c.method == Method::kIbert ? ibert_rtl(c, m) : relu_minus_delta_rtl(c, m);
  const std::string what =
      c.method == Method::kIbert ? "streaming GELU, I-BERT integer erf"
                          : fmt::format("streaming GELU, ReLU minus a {} delta table ({})",
                                        m.delta.degree == 1 ? "piecewise-linear" : "piecewise-quadratic", c.method);
  const VerilogModule lane = *std::find_if(r.modules.begin(), r.modules.end(),
                                           [&](const VerilogModule& m) { return m.name == c.name + "_lane"; });
  r.modules.push_back(emit_elementwise_top(c, lane, r.latency, what));
  return r;
}

}  // namespace bitloom
