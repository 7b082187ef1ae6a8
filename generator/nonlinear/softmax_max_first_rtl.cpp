#include "generator/nonlinear/softmax_max_first_rtl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "generator/nonlinear/lane_max_tree.hpp"
#include "generator/nonlinear/lane_sum_tree.hpp"
#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"
#include "generator/nonlinear/max_first_softmax_writer.hpp"
#include "generator/nonlinear/softmax_rows_verilog.hpp"
#include "hw/header_reader.hpp"
#include "hw/text_instance.hpp"

namespace bitloom::max_first_softmax {

using namespace vexpr;
using vpipe::clog2;
using vpipe::delay_valid;

MaxFirstSoftmaxWriter::MaxFirstSoftmaxWriter(const NonlinearConfig& config, const SoftmaxModel& model)
    : c(config), m(model), top(config.name), delays(config.name) {
  ibert = m.method == Method::kIbert;
  P = c.lanes;
  xw = c.x.width;
  yw = c.y.width;
  ex = ibert ? ibert_exp(top + "_exp", c, m) : lut_exp(top + "_exp", c, m);
  r.modules.push_back(ex.module);
  le = ex.latency;
  ew = ex.out_width;
  // The vector sum: I-BERT's integer sum (sized by exp_shift to stay below 2^31), or the
  // LUT method's saturating ap_fixed<18,8>-like register.
  lut_sum_max = (int64_t{1} << 17) - 1;
  sw = ibert ? fx::unsigned_bits((int64_t{1} << ew) * c.max_len) : 17;
  bsw = fx::unsigned_bits(((int64_t{1} << ew) - 1) * P);
  // 1/sum: floor(2^32 / sum) in 33 quotient bits, or the reciprocal table's 18 bits.
  fw = ibert ? 33 : 18;
  ld = ibert ? 33 : 1;
  out_shift = ibert ? 32 - c.y.frac : 2 * m.lut_frac - c.y.frac;
  beats_max = (c.max_len + P - 1) / P;
  // Sum reader: b1, exp, beat sum, vector end; then 1/sum and the meta FIFO write.
  const int meta_lat = 1 + le + 1 + 1 + ld + 1;
  depth = 3 * beats_max + meta_lat + 8;
  vdepth = meta_lat + 2 * beats_max + 8;
  dw = clog2(depth + 1);
  vdw = clog2(vdepth + 1);
  bpw = std::max(1, clog2(depth));
  vpw = std::max(1, clog2(vdepth));
  const int out_lat = 1 + le + 1 + 1;  // c1, exp, product, output
  // One-beat vector, no stalls: f0 (max) and the max FIFO write, then the two readers.
  r.latency = 2 + meta_lat + out_lat;
  r.buffer_beats = depth;
  r.multipliers = 2 * P * ex.multipliers + P;
  bufw = 1 + P + P * xw;
  metaw = 1 + xw + fw;
}

SoftmaxRtl MaxFirstSoftmaxWriter::write() {
  header_and_buffer();
  running_max();
  sum_reader();
  if (ibert) divider();
  else inverse_table();
  meta_fifo();
  output_reader();
  round_out();
  for (VerilogModule& line : delays.modules()) r.modules.push_back(std::move(line));
  r.modules.push_back({top, "top", v});
  return r;
}

std::string MaxFirstSoftmaxWriter::bump(const std::string& ptr) const {
  return fmt::format("({0} == {1}) ? {2} : {0} + {3}", ptr, ulit(depth - 1, bpw), ulit(0, bpw), ulit(1, bpw));
}

std::string MaxFirstSoftmaxWriter::vbump(const std::string& ptr) const {
  return fmt::format("({0} == {1}) ? {2} : {0} + {3}", ptr, ulit(vdepth - 1, vpw), ulit(0, vpw), ulit(1, vpw));
}

// The documentation comment, the ports, admission and the beat buffer with its three pointers.
void MaxFirstSoftmaxWriter::header_and_buffer() {
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
  v += softmax_rows::module_header(c, depth, vdepth);
  v += "  // ---------------------------------------------------------------- admission, buffer\n";
  v += "  wire sum_issue, sum_issue_last, out_issue, out_issue_last;\n";
  v += softmax_rows::admission(depth, vdepth, dw, vdw, "out_issue", "out_issue_last");
  v += fmt::format("  reg [{}:0] buf_mem [0:DEPTH-1];\n", bufw - 1);
  v += fmt::format("  reg [{0}:0] wr_ptr_q;\n  reg [{0}:0] sum_ptr_q;\n  reg [{0}:0] out_ptr_q;\n", bpw - 1);
  v += fmt::format("  reg [{0}:0] sum_avail_q;  // beats written, not yet read by the sum reader\n", dw - 1);
  v += "  always @(posedge clk) begin\n    if (in_fire) buf_mem[wr_ptr_q] <= {s_x_tlast, s_x_tkeep, s_x_tdata};\n  end\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      wr_ptr_q <= {0};\n      sum_ptr_q <= {0};\n      out_ptr_q <= {0};\n      sum_avail_q <= {1};\n",
                   ulit(0, bpw), ulit(0, dw));
  v += "    end else begin\n";
  v += fmt::format("      if (in_fire) wr_ptr_q <= {};\n", bump("wr_ptr_q"));
  v += fmt::format("      if (sum_issue) sum_ptr_q <= {};\n", bump("sum_ptr_q"));
  v += fmt::format("      if (out_issue) out_ptr_q <= {};\n", bump("out_ptr_q"));
  v += fmt::format("      sum_avail_q <= sum_avail_q + {{{}'d0, in_fire}} - {{{}'d0, sum_issue}};\n", dw - 1, dw - 1);
  v += "    end\n  end\n\n";
}

// On arrival: the running max of each vector, pushed to a per-vector FIFO at its end.
void MaxFirstSoftmaxWriter::running_max() {
  // ---- running max on arrival
  v += "  // ---------------------------------------------------------------- running max\n";
  v += fmt::format("  reg [{}:0] f0_x;\n  reg [{}:0] f0_keep;\n  reg f0_last, f0_valid;\n", P * xw - 1, P - 1);
  v += "  always @(posedge clk) begin\n    if (!rst_n) f0_valid <= 1'b0;\n    else f0_valid <= in_fire;\n  end\n";
  v += "  always @(posedge clk) begin\n    f0_x <= s_x_tdata;\n    f0_keep <= s_x_tkeep;\n    f0_last <= s_x_tlast;\n  end\n";
  v += lane_max_tree("beat_max", "beat_any", P, xw, "f0_x", "f0_keep");
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
  v += "  wire max_push = f0_valid && f0_last;\n";
  v += "  always @(posedge clk) begin\n    if (max_push) maxq_mem[maxq_wr_q] <= {have_next, max_next};\n  end\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      maxq_wr_q <= {0};\n      maxq_rd_q <= {0};\n      maxq_count_q <= {1};\n", ulit(0, vpw), ulit(0, vdw));
  v += "    end else begin\n";
  v += fmt::format("      if (max_push) maxq_wr_q <= {};\n", vbump("maxq_wr_q"));
  v += fmt::format("      if (sum_issue && sum_issue_last) maxq_rd_q <= {};\n", vbump("maxq_rd_q"));
  v += fmt::format("      maxq_count_q <= maxq_count_q + {{{}'d0, max_push}} - {{{}'d0, sum_issue && sum_issue_last}};\n", vdw - 1, vdw - 1);
  v += "    end\n  end\n\n";
}

// The sum reader: exp(x - max) of each kept lane, summed per vector.
void MaxFirstSoftmaxWriter::sum_reader() {
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
  v += hw::checked_text_lanes(hw::read_module_header(ex.module.text), "u_exp", "gen_sum_exp", "gl",
                              hw::Sym::named("LANES", P),
                              {{"clk_i", "clk", 1}, {"en_i", hw::literal(1, 1)},
                               {"x_i", "s1_x", P * xw, 0, xw}, {"max_i", "s1_max", xw + 1}, {"e_o", "s_e", P * ew, 0, ew}});
  v += delays.delay("sd_keep", P, "s1_keep", le, "1'b1");
  v += delays.delay("sd_last", 1, "s1_last", le, "1'b1");
  v += delays.delay("sd_meta", xw + 1, "s1_max", le, "1'b1");
  v += delay_valid("sd_valid", "s1_valid", le, "1'b1");
  const std::string sd = fmt::format("_s{}", le);
  v += "  // Per lane: its exp, 0 when the lane is dropped; the beat's sum of them.\n";
  std::vector<std::string> terms;
  for (int i = 0; i < P; ++i) {
    terms.push_back(fmt::format("term_{}", i));
    v += fmt::format("  wire [{}:0] {} = sd_keep{}[{}] ? s_e[{} +: {}] : {};\n", ew - 1, terms.back(), sd, i, i * ew, ew,
                     ulit(0, ew));
  }
  v += lane_sum_tree("beat_sum", bsw, terms, ew);
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
}

}  // namespace bitloom::max_first_softmax

namespace bitloom {

SoftmaxRtl emit_max_first_softmax_rtl(const NonlinearConfig& c, const SoftmaxModel& m) {
  return max_first_softmax::MaxFirstSoftmaxWriter(c, m).write();
}

}  // namespace bitloom
