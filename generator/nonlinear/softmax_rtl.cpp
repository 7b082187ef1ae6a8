#include "generator/nonlinear/softmax_rtl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "generator/nonlinear/lane_max_tree.hpp"
#include "generator/nonlinear/lane_sum_tree.hpp"
#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/poly_rtl.hpp"
#include "generator/nonlinear/online_softmax_writer.hpp"
#include "generator/nonlinear/softmax_rows_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"
#include "hw/fragment.hpp"
#include "hw/header_reader.hpp"

namespace bitloom::online_softmax {

using namespace vexpr;
using vpipe::clog2;
using vpipe::delay_valid;

OnlineSoftmaxWriter::OnlineSoftmaxWriter(const NonlinearConfig& config, const SoftmaxModel& model)
    : c(config), m(model), top(config.name), delays(config.name) {
  P = c.lanes;
  xw = c.x.width;
  yw = c.y.width;
  // ---- widths, from the model's ranges
  const int64_t xmin = -(int64_t{1} << (xw - 1)), xmax = -xmin - 1;
  vw = fx::signed_bits(std::min<int64_t>(0, m.v_of(xmin)), std::max<int64_t>(0, m.v_of(xmax)));
  viw = std::max(1, vw - m.v_frac);
  lw = fx::signed_bits(0, m.l2e);
  xpw = xw + lw + 1;  // x * l2e plus the rounding constant
  int64_t e2max = 0;
  for (int64_t f = 0; f < (int64_t{1} << m.v_frac); ++f) e2max = std::max(e2max, m.exp2.eval(static_cast<uint64_t>(f)));
  ew = fx::unsigned_bits(e2max);
  bw = fx::unsigned_bits(e2max * P);
  sw = std::max(m.sum_width, bw + 1);
  mf = m.mant_frac;
  rf = m.recip_frac;
  int64_t rmax = 0, r0max = 0;
  srmax = 0;
  for (int64_t t = 0; t < (int64_t{1} << mf); ++t) {
    const int64_t mant = t + (int64_t{1} << mf);
    const int64_t r0 = m.recip.eval(static_cast<uint64_t>(t));
    r0max = std::max(r0max, r0);
    const int64_t sr = fx::round_shift(mant * r0, mf);
    srmax = std::max(srmax, sr);
    rmax = std::max(rmax, m.newton ? fx::round_shift(r0 * ((int64_t{2} << rf) - sr), rf) : r0);
  }
  rw = fx::unsigned_bits(rmax);
  r0w = fx::unsigned_bits(r0max);
  prw = ew + rw;
  kw = fx::unsigned_bits(sw);          // msb index of the sum
  e_w = fx::signed_bits(-m.sum_frac, sw);
  shw = fx::signed_bits(0, (int64_t{1} << (viw + 1)) + sw + m.sum_frac + rf) + 1;
  base_shift = m.sum_frac + rf - c.y.frac;

  // ---- tables
  exp2 = emit_poly_module(top + "_exp2", m.exp2, uint64_t{1} << m.v_frac, "2^f for the fraction f of v = x log2 e");
  recip = emit_poly_module(top + "_recip", m.recip, uint64_t{1} << mf, "1/s for the sum normalised to s in [1, 2)");
  r.modules.push_back(exp2.module);
  r.modules.push_back(recip.module);
  lp = exp2.latency;
  lr = recip.latency;
  const int newton_stages = m.newton ? 2 : 0;
  // Handshake to a readable meta FIFO entry: f0, f1, exp2, beat sum, R0 (vector end),
  // R1 (normalise), recip, Newton, FIFO write.
  const int meta_latency = 2 + lp + 1 + 1 + 1 + lr + newton_stages + 1;
  beats_max = (c.max_len + P - 1) / P;
  depth = beats_max + meta_latency + 4;
  vdepth = meta_latency + 4;
  dw = clog2(depth + 1);
  vdw = clog2(vdepth + 1);  // counters
  bpw = std::max(1, clog2(depth));  // buffer pointers
  const int back_latency = 1 + lp + 1 + 1;  // b1, exp2, product, output
  r.latency = meta_latency + back_latency;
  r.buffer_beats = depth;
  // Per lane: x log2 e, the two exp2 tables' Horner steps, 2^f * (1/s); per vector: the
  // reciprocal table's Horner steps and the Newton step's two products.
  r.multipliers = P * (2 + 2 * m.exp2.degree) + m.recip.degree + (m.newton ? 2 : 0);
  bufw = 1 + P + P * vw;
  metaw = 1 + viw + e_w + rw;
  vpw = clog2(vdepth);
}

SoftmaxRtl OnlineSoftmaxWriter::write() {
  header();
  front();
  beat_buffer();
  beat_sum();
  running_pair();
  reciprocal();
  if (m.newton) newton();
  else direct_reciprocal();
  meta_fifo();
  back();
  round_out();
  v += "endmodule\n";
  for (VerilogModule& line : delays.modules()) r.modules.push_back(std::move(line));
  r.modules.push_back({top, "top", v});
  return r;
}

// One 2^frac(v) table per lane, reading v from `v_bus` under enable `en`: `e2_bus`
// gets the values, `vi_bus` the integer parts of v.
std::string OnlineSoftmaxWriter::exp2_lanes(const std::string& side, const std::string& en, const std::string& v_bus,
                                            const std::string& e2_bus, const std::string& vi_bus) const {
  hw::Fragment f(top + " " + side + " exp2 lanes");
  f.know(hw::read_module_header(exp2.module.text));
  const hw::Expr clk = f.from_text("clk", 1), enable = en == "1'b1" ? hw::literal(1, 1) : f.from_text(en, 1);
  const hw::Expr v_in = f.from_text(v_bus, P * vw), e2 = f.for_text(e2_bus, P * ew), vi = f.for_text(vi_bus, P * viw);
  f.items().loop({"gen_" + side + "_exp2", "gl", hw::Sym::named("LANES", P), [&](hw::LoopBody& b, const hw::Sym& gl) {
                    const hw::Expr full = b.raw_wire("e2_full", exp2.value_width);
                    b.raw_bits(fmt::format("      // 2^f is positive: the table's sign bit is always 0.\n"
                                           "      /* verilator lint_off UNUSEDSIGNAL */\n"
                                           "      wire signed [{}:0] e2_full;\n"
                                           "      /* verilator lint_on UNUSEDSIGNAL */\n",
                                           exp2.value_width - 1),
                               {}, {});
                    hw::Instance table{top + "_exp2", "u_exp2", "", {}};
                    hw::connect(table, "clk_i", clk);
                    hw::connect(table, "en_i", enable);
                    hw::connect(table, "t_i", hw::part_at(v_in, gl * vw, m.v_frac));
                    hw::connect(table, "value_o", full);
                    b.add(table);
                    b.assign(hw::part_at(e2, gl * ew, ew), hw::slice(full, 0, ew));
                    b.assign(hw::part_at(vi, gl * viw, viw), hw::part_at(v_in, gl * vw + m.v_frac, viw));
                  }});
  return f.checked_text();
}

// The documentation comment, the ports and the admission control.
void OnlineSoftmaxWriter::header() {
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
  v += softmax_rows::module_header(c, depth, vdepth);
  v += "  // ---------------------------------------------------------------- admission\n";
  v += "  wire issue;        // the back end takes a beat from the buffer\n  wire issue_last;\n";
  v += softmax_rows::admission(depth, vdepth, dw, vdw, "issue", "issue_last") + "\n";
}

// Pass 1 registers: x in, v = x log2 e.
void OnlineSoftmaxWriter::front() {
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
}

// The beat buffer pass 2 re-reads.
void OnlineSoftmaxWriter::beat_buffer() {
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
}

// Per beat: the kept lanes' max of int(v) and the sum of their 2^frac(v) shifted to it.
void OnlineSoftmaxWriter::beat_sum() {
  // ---- front: exp2 per lane, beat max, beat sum
  v += "  // Per lane: 2^frac(v) from the table; the beat's max int(v) over kept lanes, delayed alongside.\n";
  v += fmt::format("  wire [{}:0] f_e2;\n", P * ew - 1);
  v += fmt::format("  wire [{}:0] f1_vi;\n", P * viw - 1);
  v += exp2_lanes("front", "1'b1", "f1_v", "f_e2", "f1_vi");
  v += lane_max_tree("f1_bm", "f1_any", P, viw, "f1_vi", "f1_keep");
  v += delays.delay("fd_vi", P * viw, "f1_vi", lp, "1'b1");
  v += delays.delay("fd_keep", P, "f1_keep", lp, "1'b1");
  v += delays.signed_delay("fd_bm", viw, "f1_bm", lp, "1'b1");
  v += delays.delay("fd_any", 1, "f1_any", lp, "1'b1");
  v += delays.delay("fd_last", 1, "f1_last", lp, "1'b1");
  v += delay_valid("fd_valid", "f1_valid", lp, "1'b1");
  const std::string fd = fmt::format("_s{}", lp);
  v += "  // Per lane: the term 2^frac(v) >> (bm - int(v)), 0 when the lane is dropped or shifted out.\n";
  std::vector<std::string> terms;
  for (int i = 0; i < P; ++i) {
    const std::string shift = fmt::format("term_shift_{}", i), term = fmt::format("term_{}", i);
    v += fmt::format("  wire [{0}:0] {1} = {{fd_bm{2}[{3}], fd_bm{2}}} - {{fd_vi{2}[{4}], fd_vi{2}[{5} +: {6}]}};\n", viw, shift,
                     fd, viw - 1, i * viw + viw - 1, i * viw, viw);
    const std::string shifted = fmt::format("f_e2[{} +: {}] >> {}", i * ew, ew, shift);
    v += fmt::format("  wire [{}:0] {} = (fd_keep{}[{}] && {}) ? ({}) : {};\n", ew - 1, term, fd, i,
                     below(shift, viw + 1, static_cast<uint64_t>(ew)), shifted, ulit(0, ew));
    terms.push_back(term);
  }
  v += lane_sum_tree("beat_sum", bw, terms, ew);
  v += fmt::format("  reg [{}:0] fb_sum;\n  reg signed [{}:0] fb_bm;\n  reg fb_any, fb_last, fb_valid;\n", bw - 1, viw - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) fb_valid <= 1'b0;\n";
  v += fmt::format("    else fb_valid <= fd_valid{};\n  end\n", fd);
  v += fmt::format("  always @(posedge clk) begin\n    fb_sum <= beat_sum;\n    fb_bm <= fd_bm{0};\n    fb_any <= fd_any{0};\n"
                   "    fb_last <= fd_last{0};\n  end\n\n", fd);
}

// The running (max, sum) pair of the vector.
void OnlineSoftmaxWriter::running_pair() {
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
}

}  // namespace bitloom::online_softmax

namespace bitloom {

SoftmaxRtl emit_softmax_rtl(const NonlinearConfig& c, const SoftmaxModel& m) {
  return online_softmax::OnlineSoftmaxWriter(c, m).write();
}

}  // namespace bitloom
