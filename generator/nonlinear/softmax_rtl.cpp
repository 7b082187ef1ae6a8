#include "generator/nonlinear/softmax_rtl.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/poly_rtl.hpp"
#include "generator/nonlinear/softmax_rows_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"

namespace bitloom {

using namespace vexpr;
using vpipe::clog2;
using vpipe::delay;
using vpipe::delay_valid;

SoftmaxRtl emit_softmax_rtl(const NonlinearConfig& c, const SoftmaxModel& m) {
  SoftmaxRtl r;
  const int P = c.lanes, xw = c.x.width, yw = c.y.width;
  const std::string top = c.name;
  // ---- widths, from the model's ranges
  const int64_t xmin = -(int64_t{1} << (xw - 1)), xmax = -xmin - 1;
  const int vw = fx::signed_bits(std::min<int64_t>(0, m.v_of(xmin)), std::max<int64_t>(0, m.v_of(xmax)));
  const int viw = std::max(1, vw - m.v_frac);
  const int lw = fx::signed_bits(0, m.l2e);
  const int xpw = xw + lw + 1;  // x * l2e plus the rounding constant
  int64_t e2max = 0;
  for (int64_t f = 0; f < (int64_t{1} << m.v_frac); ++f) e2max = std::max(e2max, m.exp2.eval(static_cast<uint64_t>(f)));
  const int ew = fx::unsigned_bits(e2max);
  const int bw = fx::unsigned_bits(e2max * P);
  const int sw = std::max(m.sum_width, bw + 1);
  const int mf = m.mant_frac, rf = m.recip_frac;
  int64_t rmax = 0, r0max = 0, srmax = 0;
  for (int64_t t = 0; t < (int64_t{1} << mf); ++t) {
    const int64_t mant = t + (int64_t{1} << mf);
    const int64_t r0 = m.recip.eval(static_cast<uint64_t>(t));
    r0max = std::max(r0max, r0);
    const int64_t sr = fx::round_shift(mant * r0, mf);
    srmax = std::max(srmax, sr);
    rmax = std::max(rmax, m.newton ? fx::round_shift(r0 * ((int64_t{2} << rf) - sr), rf) : r0);
  }
  const int rw = fx::unsigned_bits(rmax);
  const int prw = ew + rw;
  const int kw = fx::unsigned_bits(sw);          // msb index of the sum
  const int e_w = fx::signed_bits(-m.sum_frac, sw);
  const int shw = fx::signed_bits(0, (int64_t{1} << (viw + 1)) + sw + m.sum_frac + rf) + 1;
  const int64_t base_shift = m.sum_frac + rf - c.y.frac;

  // ---- tables
  const PolyModule exp2 = emit_poly_module(top + "_exp2", m.exp2, uint64_t{1} << m.v_frac,
                                           "2^f for the fraction f of v = x log2 e");
  const PolyModule recip = emit_poly_module(top + "_recip", m.recip, uint64_t{1} << mf,
                                            "1/s for the sum normalised to s in [1, 2)");
  r.modules.push_back(exp2.module);
  r.modules.push_back(recip.module);
  const int lp = exp2.latency, lr = recip.latency;
  // One 2^frac(v) table per lane, reading v from `v_bus` under enable `en`: `e2_bus`
  // gets the values, `vi_bus` the integer parts of v.
  auto exp2_lanes = [&](const std::string& side, const std::string& en, const std::string& v_bus,
                        const std::string& e2_bus, const std::string& vi_bus) {
    std::string t = fmt::format("  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_{}_exp2\n", side);
    t += "      // 2^f is positive: the table's sign bit is always 0.\n      /* verilator lint_off UNUSEDSIGNAL */\n";
    t += fmt::format("      wire signed [{}:0] e2_full;\n", exp2.value_width - 1);
    t += "      /* verilator lint_on UNUSEDSIGNAL */\n";
    t += fmt::format("      {} u_exp2 (\n        .clk_i(clk),\n        .en_i({}),\n        .t_i({}[gl*{} +: {}]),\n"
                     "        .value_o(e2_full)\n      );\n", top + "_exp2", en, v_bus, vw, m.v_frac);
    t += fmt::format("      assign {}[gl*{} +: {}] = e2_full[{}:0];\n", e2_bus, ew, ew, ew - 1);
    t += fmt::format("      assign {}[gl*{} +: {}] = {}[gl*{} + {} +: {}];\n", vi_bus, viw, viw, v_bus, vw, m.v_frac, viw);
    t += "    end\n  endgenerate\n";
    return t;
  };
  const int newton_stages = m.newton ? 2 : 0;
  // Handshake to a readable meta FIFO entry: f0, f1, exp2, beat sum, R0 (vector end),
  // R1 (normalise), recip, Newton, FIFO write.
  const int meta_latency = 2 + lp + 1 + 1 + 1 + lr + newton_stages + 1;
  const int beats_max = (c.max_len + P - 1) / P;
  const int depth = beats_max + meta_latency + 4;
  const int vdepth = meta_latency + 4;
  const int dw = clog2(depth + 1), vdw = clog2(vdepth + 1);  // counters
  const int bpw = std::max(1, clog2(depth));                   // buffer pointers
  const int back_latency = 1 + lp + 1 + 1;  // b1, exp2, product, output
  r.latency = meta_latency + back_latency;
  r.buffer_beats = depth;
  // Per lane: x log2 e, the two exp2 tables' Horner steps, 2^f * (1/s); per vector: the
  // reciprocal table's Horner steps and the Newton step's two products.
  r.multipliers = P * (2 + 2 * m.exp2.degree) + m.recip.degree + (m.newton ? 2 : 0);
  const int bufw = 1 + P + P * vw;

  std::string v;
  v += fmt::format("// {}: streaming softmax, online normalisation in base 2.\n//\n", top);
  v += fmt::format(
      "// Protocol softmax_rows. A vector is the s_x beats up to and including the one with\n"
      "// s_x_tlast; each beat carries {} lanes (lane n = bits [n*{} +: {}], signed Q{}.{}), and\n"
      "// s_x_tkeep[n] = 0 masks lane n (it takes no part in max or sum and outputs 0). m_y\n"
      "// returns as many beats, lane n = p in UQ{}.{} (bits [n*{} +: {}]), tlast on the last.\n"
      "// Vectors of up to {} elements ({} beats); the beat buffer holds {} beats so back-to-back\n"
      "// vectors stream at one beat per cycle. Latency (one-beat vector, no stalls): {} cycles.\n//\n",
      P, xw, xw, xw - c.x.frac, c.x.frac, yw - c.y.frac, c.y.frac, yw, yw, c.max_len, beats_max, depth, r.latency);
  v += fmt::format(
      "// v = x log2 e ({} fraction bits). Per beat: bm = max int(v) of the kept lanes and\n"
      "// B = sum 2^frac(v) >> (bm - int(v)); the running pair moves to max(m, bm) by shifts,\n"
      "// so no multiply is in the loop. The sum carries {} fraction bits (log2 MAX_LEN + 5\n"
      "// guard bits beyond the output). 1/sum: normalise to s in [1, 2), a {}-row table{}.\n"
      "// p = 2^frac(v) * (1/s) >> (m - int(v) + e), rounded to nearest.\n",
      m.v_frac, m.sum_frac, m.recip.rows(), m.newton ? " and one Newton step" : "");
  v += softmax_rows::module_header(top, P, xw, yw, depth, vdepth);
  v += "  // ---------------------------------------------------------------- admission\n";
  v += "  wire issue;        // the back end takes a beat from the buffer\n  wire issue_last;\n";
  v += softmax_rows::admission(depth, vdepth, dw, vdw, "issue", "issue_last") + "\n";

  // ---- front: f0 input registers, v
  v += "  // ---------------------------------------------------------------- front (pass 1)\n";
  v += fmt::format("  reg [{}:0] f0_x;\n  reg [{}:0] f0_keep;\n  reg f0_last;\n  reg f0_valid;\n", P * xw - 1, P - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) f0_valid <= 1'b0;\n    else f0_valid <= in_fire;\n  end\n";
  v += "  always @(posedge clk) begin\n    f0_x <= s_x_tdata;\n    f0_keep <= s_x_tkeep;\n    f0_last <= s_x_tlast;\n  end\n";
  v += fmt::format("  // v = round(x * {} / 2^{}): x log2 e with {} fraction bits.\n", m.l2e, m.l2e_shift, m.v_frac);
  v += fmt::format("  wire [{}:0] v_new;\n", P * vw - 1);
  v += "  generate\n    for (gl = 0; gl < LANES; gl = gl + 1) begin : gen_v\n";
  v += fmt::format("      wire signed [{}:0] x_lane = f0_x[gl*{} +: {}];\n", xw - 1, xw, xw);
  v += "      /* verilator lint_off UNUSEDSIGNAL */\n";
  v += fmt::format("      wire signed [{}:0] prod = {} * {} + {};\n", xpw - 1, sext("x_lane", xw, xpw), slit(m.l2e, xpw),
                   slit(int64_t{1} << (m.l2e_shift - 1), xpw));
  v += "      /* verilator lint_on UNUSEDSIGNAL */\n";
  v += fmt::format("      assign v_new[gl*{} +: {}] = prod[{}:{}];\n", vw, vw, m.l2e_shift + vw - 1, m.l2e_shift);
  v += "    end\n  endgenerate\n";
  v += fmt::format("  reg [{}:0] f1_v;\n  reg [{}:0] f1_keep;\n  reg f1_last;\n  reg f1_valid;\n", P * vw - 1, P - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) f1_valid <= 1'b0;\n    else f1_valid <= f0_valid;\n  end\n";
  v += "  always @(posedge clk) begin\n    f1_v <= v_new;\n    f1_keep <= f0_keep;\n    f1_last <= f0_last;\n  end\n\n";

  // ---- beat buffer
  v += "  // Beat buffer: {last, keep, v} per beat, written once, read once by the back end.\n";
  v += fmt::format("  reg [{}:0] buf_mem [0:DEPTH-1];\n", bufw - 1);
  v += fmt::format("  reg [{}:0] wr_ptr_q;\n  reg [{}:0] rd_ptr_q;\n  reg [{}:0] buf_count_q;\n", bpw - 1, bpw - 1, dw - 1);
  v += "  always @(posedge clk) begin\n    if (f0_valid) buf_mem[wr_ptr_q] <= {f0_last, f0_keep, v_new};\n  end\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      wr_ptr_q <= {0};\n      rd_ptr_q <= {0};\n      buf_count_q <= {1};\n", ulit(0, bpw), ulit(0, dw));
  v += "    end else begin\n";
  v += fmt::format("      if (f0_valid) wr_ptr_q <= (wr_ptr_q == {}) ? {} : wr_ptr_q + {};\n", ulit(depth - 1, bpw), ulit(0, bpw), ulit(1, bpw));
  v += fmt::format("      if (issue) rd_ptr_q <= (rd_ptr_q == {}) ? {} : rd_ptr_q + {};\n", ulit(depth - 1, bpw), ulit(0, bpw), ulit(1, bpw));
  v += fmt::format("      buf_count_q <= buf_count_q + {{{}'d0, f0_valid}} - {{{}'d0, issue}};\n", dw - 1, dw - 1);
  v += "    end\n  end\n\n";

  // ---- front: exp2 per lane, beat max, beat sum
  v += "  // Per lane: 2^frac(v) from the table; the beat's max int(v) over kept lanes, delayed alongside.\n";
  v += fmt::format("  wire [{}:0] f_e2;\n", P * ew - 1);
  v += fmt::format("  wire [{}:0] f1_vi;\n", P * viw - 1);
  v += exp2_lanes("front", "1'b1", "f1_v", "f_e2", "f1_vi");
  // beat max (combinational over kept lanes)
  v += fmt::format("  reg signed [{}:0] f1_bm;\n  reg f1_any;\n  integer li;\n", viw - 1);
  v += "  always @* begin\n";
  v += fmt::format("    f1_bm = {};\n    f1_any = 1'b0;\n", slit(0, viw));
  v += "    for (li = 0; li < LANES; li = li + 1) begin\n";
  v += fmt::format("      if (f1_keep[li] && (!f1_any || $signed(f1_vi[li*{} +: {}]) > f1_bm)) begin\n", viw, viw);
  v += fmt::format("        f1_bm = f1_vi[li*{} +: {}];\n        f1_any = 1'b1;\n      end\n", viw, viw);
  v += "    end\n  end\n";
  v += delay("fd_vi", fmt::format("[{}:0]", P * viw - 1), "f1_vi", lp, "1'b1");
  v += delay("fd_keep", fmt::format("[{}:0]", P - 1), "f1_keep", lp, "1'b1");
  v += delay("fd_bm", fmt::format("signed [{}:0]", viw - 1), "f1_bm", lp, "1'b1");
  v += delay("fd_any", "", "f1_any", lp, "1'b1");
  v += delay("fd_last", "", "f1_last", lp, "1'b1");
  v += delay_valid("fd_valid", "f1_valid", lp, "1'b1");
  const std::string fd = fmt::format("_s{}", lp);
  v += "  // Terms 2^frac(v) >> (bm - int(v)) and their sum.\n";
  v += fmt::format("  reg [{}:0] beat_sum;\n  integer ti;\n", bw - 1);
  v += fmt::format("  reg [{}:0] term_shift;\n", viw);
  v += "  always @* begin\n";
  v += fmt::format("    beat_sum = {};\n    term_shift = {};\n", ulit(0, bw), ulit(0, viw + 1));
  v += "    for (ti = 0; ti < LANES; ti = ti + 1) begin\n";
  v += fmt::format("      term_shift = {{fd_bm{0}[{1}], fd_bm{0}}} - {{fd_vi{0}[ti*{2} + {3}], fd_vi{0}[ti*{2} +: {2}]}};\n",
                   fd, viw - 1, viw, viw - 1);
  v += fmt::format("      if (fd_keep{}[ti] && {})\n", fd, below("term_shift", viw + 1, static_cast<uint64_t>(ew)));
  v += fmt::format("        beat_sum = beat_sum + {};\n", bw == ew ? fmt::format("(f_e2[ti*{} +: {}] >> term_shift)", ew, ew)
                                                                : fmt::format("{{{}'d0, f_e2[ti*{} +: {}] >> term_shift}}", bw - ew, ew, ew));
  v += "    end\n  end\n";
  v += fmt::format("  reg [{}:0] fb_sum;\n  reg signed [{}:0] fb_bm;\n  reg fb_any, fb_last, fb_valid;\n", bw - 1, viw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) fb_valid <= 1'b0;\n";
  v += fmt::format("    else fb_valid <= fd_valid{};\n  end\n", fd);
  v += fmt::format("  always @(posedge clk) begin\n    fb_sum <= beat_sum;\n    fb_bm <= fd_bm{0};\n    fb_any <= fd_any{0};\n"
                   "    fb_last <= fd_last{0};\n  end\n\n", fd);

  // ---- running max and sum
  v += "  // The running pair (m, sum): moved to the larger max by shifts, never multiplied.\n";
  v += fmt::format("  reg signed [{}:0] run_m_q;\n  reg [{}:0] run_sum_q;\n  reg run_have_q;\n", viw - 1, sw - 1);
  v += fmt::format("  wire signed [{}:0] m_new = (!run_have_q || fb_bm > run_m_q) ? fb_bm : run_m_q;\n", viw - 1);
  v += fmt::format("  wire [{}:0] shift_run = {{m_new[{}], m_new}} - {{run_m_q[{}], run_m_q}};\n", viw, viw - 1, viw - 1);
  v += fmt::format("  wire [{}:0] shift_beat = {{m_new[{}], m_new}} - {{fb_bm[{}], fb_bm}};\n", viw, viw - 1, viw - 1);
  v += fmt::format("  wire [{}:0] run_part = (!run_have_q || {}) ? {} : run_sum_q >> shift_run;\n", sw - 1,
                   at_least("shift_run", viw + 1, static_cast<uint64_t>(sw)), ulit(0, sw));
  v += fmt::format("  wire [{}:0] beat_wide = {};\n", sw - 1, zext("fb_sum", bw, sw));
  v += fmt::format("  wire [{}:0] beat_part = ({}) ? {} : beat_wide >> shift_beat;\n", sw - 1,
                   at_least("shift_beat", viw + 1, static_cast<uint64_t>(sw)), ulit(0, sw));
  v += "  wire take = fb_valid && fb_any;\n";
  v += fmt::format("  wire signed [{}:0] m_next = take ? m_new : run_m_q;\n", viw - 1);
  v += fmt::format("  wire [{}:0] sum_next = take ? run_part + beat_part : run_sum_q;\n", sw - 1);
  v += "  wire have_next = run_have_q || take;\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n      run_have_q <= 1'b0;\n";
  v += "    end else if (fb_valid) begin\n      run_have_q <= fb_last ? 1'b0 : have_next;\n    end\n  end\n";
  v += "  always @(posedge clk) begin\n    if (fb_valid) begin\n      run_m_q <= m_next;\n      run_sum_q <= sum_next;\n    end\n  end\n\n";

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
  v += fmt::format("  {} u_recip (\n    .clk_i(clk),\n    .en_i(1'b1),\n    .t_i(r1_mant[{}:0]),\n    .value_o(r0_full)\n  );\n",
                   top + "_recip", mf - 1);
  v += delay("rd_mant", fmt::format("[{}:0]", mf), "r1_mant", lr, "1'b1");
  v += delay("rd_e", fmt::format("signed [{}:0]", e_w - 1), "r1_e", lr, "1'b1");
  v += delay("rd_m", fmt::format("signed [{}:0]", viw - 1), "r1_m", lr, "1'b1");
  v += delay("rd_have", "", "r1_have", lr, "1'b1");
  v += delay_valid("rd_valid", "r1_valid", lr, "1'b1");
  const std::string rd = fmt::format("_s{}", lr);
  const int r0w = fx::unsigned_bits(r0max);
  std::string meta_r, meta_e, meta_m, meta_have, meta_valid;
  if (m.newton) {
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
    meta_r = "n2_r"; meta_e = "n2_e"; meta_m = "n2_m"; meta_have = "n2_have"; meta_valid = "n2_valid";
  } else {
    v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
    v += fmt::format("  wire [{}:0] rd_mant_unused = rd_mant{};\n", mf, rd);
    v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
    v += fmt::format("  wire [{}:0] r_direct = r0_full[{}:0];\n", rw - 1, rw - 1);
    meta_r = "r_direct"; meta_e = "rd_e" + rd; meta_m = "rd_m" + rd; meta_have = "rd_have" + rd; meta_valid = "rd_valid" + rd;
  }
  const int metaw = 1 + viw + e_w + rw;
  const int vpw = clog2(vdepth);
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
  v += delay("bd_vi", fmt::format("[{}:0]", P * viw - 1), "b1_vi", lp, "advance");
  v += delay("bd_keep", fmt::format("[{}:0]", P - 1), "b1_keep", lp, "advance");
  v += delay("bd_meta", fmt::format("[{}:0]", metaw - 1), "b1_meta", lp, "advance");
  v += delay("bd_last", "", "b1_last", lp, "advance");
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
  v += "endmodule\n";
  r.modules.push_back({top, "top", v});
  return r;
}

}  // namespace bitloom
