// Sections of the online softmax top after pass 1: the reciprocal of each vector's
// sum, the per-vector FIFO, and pass 2 with its rounding.
#include <fmt/format.h>

#include <algorithm>

#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"
#include "generator/nonlinear/online_softmax_writer.hpp"
#include "hw/header_reader.hpp"
#include "hw/text_instance.hpp"

namespace bitloom::online_softmax {

using namespace vexpr;
using vpipe::clog2;
using vpipe::delay_valid;

// Per vector: the sum normalised, and the reciprocal table.
void OnlineSoftmaxWriter::reciprocal() {
  // ---- reciprocal pipeline
  v += "  // ---------------------------------------------------------------- 1/sum per vector\n";
  v += fmt::format("  reg [{}:0] r0_sum;\n  reg signed [{}:0] r0_m;\n  reg r0_have, r0_valid;\n", sw - 1, viw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) r0_valid <= 1'b0;\n    else r0_valid <= fb_valid && fb_last;\n  end\n";
  v += "  always @(posedge clk) begin\n    r0_sum <= sum_next;\n    r0_m <= m_next;\n    r0_have <= have_next;\n  end\n";
  v += fmt::format("  // Normalise: sum = s * 2^e with s = mant / 2^{} in [1, 2).\n", mf);
  v += fmt::format("  reg [{}:0] msb;\n  integer bi;\n", kw - 1);
  v += "  always @* begin\n";
  v += fmt::format("    msb = {};\n", ulit(0, kw));
  v += fmt::format("    for (bi = 0; bi < {}; bi = bi + 1) if (r0_sum[bi]) msb = bi[{}:0];\n", sw, kw - 1);
  v += "  end\n";
  const int nw = sw + mf + 1;
  v += fmt::format("  wire [{}:0] sum_wide = {};\n", nw - 1, zext("r0_sum", sw, nw));
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] norm_r = sum_wide >> (msb - {});\n", nw - 1, ulit(static_cast<uint64_t>(std::min(mf, (1 << kw) - 1)), kw));
  v += fmt::format("  wire [{}:0] norm_l = sum_wide << ({} - msb);\n", nw - 1, ulit(static_cast<uint64_t>(std::min(mf, (1 << kw) - 1)), kw));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] mant = (msb >= {}) ? norm_r[{}:0] : norm_l[{}:0];\n", mf, ulit(static_cast<uint64_t>(std::min(mf, (1 << kw) - 1)), kw), mf, mf);
  v += fmt::format("  wire signed [{}:0] e_new = {} - {};\n", e_w - 1, zext("msb", kw, e_w), slit(m.sum_frac, e_w));
  v += fmt::format("  reg [{}:0] r1_mant;\n  reg signed [{}:0] r1_e;\n  reg signed [{}:0] r1_m;\n  reg r1_have, r1_valid;\n", mf, e_w - 1, viw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) r1_valid <= 1'b0;\n    else r1_valid <= r0_valid;\n  end\n";
  v += "  always @(posedge clk) begin\n    r1_mant <= mant;\n    r1_e <= e_new;\n    r1_m <= r0_m;\n    r1_have <= r0_have;\n  end\n";
  v += "  // 1/s is positive: the table's sign bit is always 0.\n  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire signed [{}:0] r0_full;\n", recip.value_width - 1);
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += hw::checked_text_instance(hw::read_module_header(recip.module.text), "u_recip",
                                 {{"clk_i", "clk", 1}, {"en_i", hw::literal(1, 1)},
                                  {"t_i", "r1_mant", mf + 1}, {"value_o", "r0_full", recip.value_width}});
  v += delays.delay("rd_mant", mf + 1, "r1_mant", lr, "1'b1");
  v += delays.signed_delay("rd_e", e_w, "r1_e", lr, "1'b1");
  v += delays.signed_delay("rd_m", viw, "r1_m", lr, "1'b1");
  v += delays.delay("rd_have", 1, "r1_have", lr, "1'b1");
  v += delay_valid("rd_valid", "r1_valid", lr, "1'b1");
  rd = fmt::format("_s{}", lr);
}

// One Newton step on the table's reciprocal.
void OnlineSoftmaxWriter::newton() {
  const int spw = (mf + 1) + r0w + 1;
  const int srw = fx::unsigned_bits(srmax) + 1;
  const int tmw = rf + 3;
  const int npw = r0w + tmw + 1;
  v += "  // Newton: r = r0 (2 - s r0), which squares r0's relative error.\n";
  v += fmt::format("  wire [{}:0] r0_val = r0_full[{}:0];\n", r0w - 1, r0w - 1);
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] sr_full = {} * {} + {};\n", spw - 1, zext(fmt::format("rd_mant{}", rd), mf + 1, spw),
                   zext("r0_val", r0w, spw), ulit(uint64_t{1} << (mf - 1), spw));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  reg [{}:0] n1_sr;\n  reg [{}:0] n1_r0;\n  reg signed [{}:0] n1_e;\n  reg signed [{}:0] n1_m;\n  reg n1_have, n1_valid;\n",
                   srw - 1, r0w - 1, e_w - 1, viw - 1);
  v += fmt::format("  always @(posedge clk) begin\n    if (!rst_n) n1_valid <= 1'b0;\n    else n1_valid <= rd_valid{};\n  end\n", rd);
  v += fmt::format("  always @(posedge clk) begin\n    n1_sr <= sr_full[{0}:{1}];\n    n1_r0 <= r0_val;\n    n1_e <= rd_e{2};\n"
                   "    n1_m <= rd_m{2};\n    n1_have <= rd_have{2};\n  end\n", mf + srw - 1, mf, rd);
  v += fmt::format("  wire [{}:0] two_minus = {} - {};\n", tmw - 1, ulit(uint64_t{2} << rf, tmw), zext("n1_sr", srw, tmw));
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] nr_full = {} * {} + {};\n", npw - 1, zext("n1_r0", r0w, npw), zext("two_minus", tmw, npw),
                   ulit(uint64_t{1} << (rf - 1), npw));
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  reg [{}:0] n2_r;\n  reg signed [{}:0] n2_e;\n  reg signed [{}:0] n2_m;\n  reg n2_have, n2_valid;\n", rw - 1, e_w - 1, viw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) n2_valid <= 1'b0;\n    else n2_valid <= n1_valid;\n  end\n";
  v += fmt::format("  always @(posedge clk) begin\n    n2_r <= nr_full[{}:{}];\n    n2_e <= n1_e;\n    n2_m <= n1_m;\n    n2_have <= n1_have;\n  end\n",
                   rf + rw - 1, rf);
  meta_r = "n2_r";
  meta_e = "n2_e";
  meta_m = "n2_m";
  meta_have = "n2_have";
  meta_valid = "n2_valid";
}

// The table's reciprocal as it is (no Newton step).
void OnlineSoftmaxWriter::direct_reciprocal() {
  v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] rd_mant_unused = rd_mant{};\n", mf, rd);
  v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("  wire [{}:0] r_direct = r0_full[{}:0];\n", rw - 1, rw - 1);
  meta_r = "r_direct";
  meta_e = "rd_e" + rd;
  meta_m = "rd_m" + rd;
  meta_have = "rd_have" + rd;
  meta_valid = "rd_valid" + rd;
}

// The per-vector results, oldest first.
void OnlineSoftmaxWriter::meta_fifo() {
  v += "\n  // Per-vector results, oldest first; the back end pops one per vector.\n";
  v += fmt::format("  reg [{}:0] meta_mem [0:VDEPTH-1];\n", metaw - 1);
  v += fmt::format("  reg [{}:0] meta_wr_q;\n  reg [{}:0] meta_rd_q;\n  reg [{}:0] meta_count_q;\n", vpw - 1, vpw - 1, vdw - 1);
  v += fmt::format("  always @(posedge clk) begin\n    if ({}) meta_mem[meta_wr_q] <= {{{}, {}, {}, {}}};\n  end\n", meta_valid,
                   meta_have, meta_m, meta_e, meta_r);
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      meta_wr_q <= {0};\n      meta_rd_q <= {0};\n      meta_count_q <= {1};\n", ulit(0, vpw), ulit(0, vdw));
  v += "    end else begin\n";
  v += fmt::format("      if ({}) meta_wr_q <= (meta_wr_q == {}) ? {} : meta_wr_q + {};\n", meta_valid, ulit(vdepth - 1, vpw), ulit(0, vpw), ulit(1, vpw));
  v += fmt::format("      if (issue && issue_last) meta_rd_q <= (meta_rd_q == {}) ? {} : meta_rd_q + {};\n", ulit(vdepth - 1, vpw), ulit(0, vpw), ulit(1, vpw));
  v += fmt::format("      meta_count_q <= meta_count_q + {{{}'d0, {}}} - {{{}'d0, issue && issue_last}};\n", vdw - 1, meta_valid, vdw - 1);
  v += "    end\n  end\n\n";
}

// Pass 2: each beat re-read, 2^frac(v) from the table, times 1/s.
void OnlineSoftmaxWriter::back() {
  // ---- back end
  v += "  // ---------------------------------------------------------------- back (pass 2)\n";
  v += "  wire advance = !m_y_tvalid || m_y_tready;\n";
  v += fmt::format("  assign issue = advance && (buf_count_q != {}) && (meta_count_q != {});\n", ulit(0, dw), ulit(0, vdw));
  v += fmt::format("  wire [{}:0] head = buf_mem[rd_ptr_q];\n", bufw - 1);
  v += fmt::format("  wire [{}:0] meta = meta_mem[meta_rd_q];\n", metaw - 1);
  v += fmt::format("  assign issue_last = head[{}];\n", bufw - 1);
  v += fmt::format("  reg [{}:0] b1_v;\n  reg [{}:0] b1_keep;\n  reg [{}:0] b1_meta;\n  reg b1_last, b1_valid;\n", P * vw - 1, P - 1, metaw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) b1_valid <= 1'b0;\n    else if (advance) b1_valid <= issue;\n  end\n";
  v += fmt::format("  always @(posedge clk) begin\n    if (advance) begin\n      b1_v <= head[{}:0];\n      b1_keep <= head[{}:{}];\n"
                   "      b1_meta <= meta;\n      b1_last <= issue_last;\n    end\n  end\n",
                   P * vw - 1, P * vw + P - 1, P * vw);
  v += fmt::format("  wire [{}:0] b_e2;\n  wire [{}:0] b1_vi;\n", P * ew - 1, P * viw - 1);
  v += exp2_lanes("back", "advance", "b1_v", "b_e2", "b1_vi");
  v += delays.delay("bd_vi", P * viw, "b1_vi", lp, "advance");
  v += delays.delay("bd_keep", P, "b1_keep", lp, "advance");
  v += delays.delay("bd_meta", metaw, "b1_meta", lp, "advance");
  v += delays.delay("bd_last", 1, "b1_last", lp, "advance");
  v += delay_valid("bd_valid", "b1_valid", lp, "advance");
  const std::string bd = fmt::format("_s{}", lp);
  v += fmt::format("  wire [{}:0] rcp = bd_meta{}[{}:0];\n", rw - 1, bd, rw - 1);
  v += fmt::format("  wire signed [{}:0] vec_e = bd_meta{}[{}:{}];\n", e_w - 1, bd, rw + e_w - 1, rw);
  v += fmt::format("  wire signed [{}:0] vec_m = bd_meta{}[{}:{}];\n", viw - 1, bd, rw + e_w + viw - 1, rw + e_w);
  v += fmt::format("  wire vec_have = bd_meta{}[{}];\n", bd, metaw - 1);
  v += "  // p = 2^frac(v) * (1/s) >> (m - int(v) + e + base), base = sum_frac + recip_frac - YF.\n";
  v += fmt::format("  reg [{}:0] bp_prod;\n  reg [{}:0] bp_shift;\n  reg [{}:0] bp_use;\n  reg bp_last, bp_valid;\n",
                   P * prw - 1, P * shw - 1, P - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) bp_valid <= 1'b0;\n";
  v += fmt::format("    else if (advance) bp_valid <= bd_valid{};\n  end\n", bd);
  v += "  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_product\n";
  v += fmt::format("      wire [{}:0] prod = {} * {};\n", prw - 1, zext(fmt::format("b_e2[gl*{} +: {}]", ew, ew), ew, prw),
                   zext("rcp", rw, prw));
  v += fmt::format("      wire signed [{}:0] vi = bd_vi{}[gl*{} +: {}];\n", viw - 1, bd, viw, viw);
  v += fmt::format("      wire signed [{}:0] sh = {} - {} + {} + {};\n", shw - 1, sext("vec_m", viw, shw), sext("vi", viw, shw),
                   sext("vec_e", e_w, shw), slit(base_shift, shw));
  v += "      always @(posedge clk) begin\n        if (advance) begin\n";
  v += fmt::format("          bp_prod[gl*{} +: {}] <= prod;\n          bp_shift[gl*{} +: {}] <= sh;\n", prw, prw, shw, shw);
  v += fmt::format("          bp_use[gl] <= bd_keep{}[gl] && vec_have;\n", bd);
  v += "        end\n      end\n    end\n  endgenerate\n";
  v += fmt::format("  always @(posedge clk) begin\n    if (advance) bp_last <= bd_last{};\n  end\n", bd);
}

// Rounded to nearest at a variable position, saturated, registered out.
void OnlineSoftmaxWriter::round_out() {
  v += "  // Round to nearest at a variable position, then saturate below 2^YW.\n";
  v += fmt::format("  reg [{}:0] y_q;\n  reg y_last_q, y_valid_q;\n", P * yw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) y_valid_q <= 1'b0;\n    else if (advance) y_valid_q <= bp_valid;\n  end\n";
  v += "  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_round\n";
  v += fmt::format("      wire [{}:0] sh = bp_shift[gl*{} +: {}];\n", shw - 1, shw, shw);
  v += fmt::format("      wire [{}:0] wide = {};\n", prw, zext(fmt::format("bp_prod[gl*{} +: {}]", prw, prw), prw, prw + 1));
  v += fmt::format("      wire [{}:0] half = {} << (sh - {});\n", prw, ulit(1, prw + 1), ulit(1, shw));
  v += "      /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("      wire [{}:0] rounded = (wide + half) >> sh;\n", prw);
  v += "      /* verilator lint_on UNUSEDSIGNAL */\n";
  const int64_t ymax = (int64_t{1} << yw) - 1;
  v += fmt::format("      wire [{}:0] p = (sh > {}) ? {} : rounded;\n", prw, ulit(static_cast<uint64_t>(prw), shw), ulit(0, prw + 1));
  if (prw + 1 > yw) {
    v += fmt::format("      wire [{}:0] p_sat = (p > {}) ? {} : p[{}:0];\n", yw - 1, ulit(static_cast<uint64_t>(ymax), prw + 1),
                     ulit(static_cast<uint64_t>(ymax), yw), yw - 1);
  } else {
    v += fmt::format("      wire [{}:0] p_sat = {};\n", yw - 1, zext("p", prw + 1, yw));
  }
  v += "      always @(posedge clk) begin\n        if (advance) begin\n";
  v += fmt::format("          y_q[gl*{} +: {}] <= bp_use[gl] ? p_sat : {};\n", yw, yw, ulit(0, yw));
  v += "        end\n      end\n    end\n  endgenerate\n";
  v += "  always @(posedge clk) begin\n    if (advance) y_last_q <= bp_last;\n  end\n";
  v += "  assign m_y_tvalid = y_valid_q;\n  assign m_y_tlast = y_last_q;\n  assign m_y_tdata = y_q;\n";
}

}  // namespace bitloom::online_softmax
