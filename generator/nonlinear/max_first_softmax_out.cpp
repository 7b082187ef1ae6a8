// Sections of the max-first softmax tops after the sum: 1/sum (I-BERT's divider or the
// LUT method's table), the per-vector FIFO, and the output reader with its rounding.
#include <fmt/format.h>

#include <algorithm>

#include "generator/nonlinear/pipeline_verilog.hpp"
#include "generator/nonlinear/verilog_expr.hpp"
#include "generator/nonlinear/max_first_softmax_writer.hpp"
#include "hw/header_reader.hpp"
#include "hw/text_instance.hpp"

namespace bitloom::max_first_softmax {

using namespace vexpr;
using vpipe::clog2;
using vpipe::delay_valid;

// I-BERT's 1/sum: floor(2^32 / sum) by restoring division, one quotient bit per stage.
void MaxFirstSoftmaxWriter::divider() {
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
}

// The LUT method's 1/sum: a table indexed by the shifted sum.
void MaxFirstSoftmaxWriter::inverse_table() {
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

// Per-vector {max, 1/sum}, oldest first, for the output reader.
void MaxFirstSoftmaxWriter::meta_fifo() {
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
}

// The output reader: exp again, times 1/sum (stalls on m_y).
void MaxFirstSoftmaxWriter::output_reader() {
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
  v += hw::checked_text_lanes(hw::read_module_header(ex.module.text), "u_exp", "gen_out_exp", "gl",
                              hw::Sym::named("LANES", P),
                              {{"clk_i", "clk", 1}, {"en_i", "advance", 1}, {"x_i", "o1_x", P * xw, 0, xw},
                               {"max_i", "o1_meta", metaw, fw}, {"e_o", "o_e", P * ew, 0, ew}});
  v += delays.delay("od_keep", P, "o1_keep", le, "advance");
  v += delays.delay("od_last", 1, "o1_last", le, "advance");
  // After the exp only {have, 1/sum} are needed.
  v += fmt::format("  wire [{}:0] o1_tail = {{o1_meta[{}], o1_meta[{}:0]}};\n", fw, metaw - 1, fw - 1);
  v += delays.delay("od_meta", fw + 1, "o1_tail", le, "advance");
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
}

// Floored, saturated and registered out.
void MaxFirstSoftmaxWriter::round_out() {
  const int pw = ew + fw;  // e * (1/sum)
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
}

}  // namespace bitloom::max_first_softmax
