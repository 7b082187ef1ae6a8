#include "generator/mul_tree_array.hpp"

#include <fmt/format.h>

#include "generator/arith/ent.hpp"
#include "generator/arith/prefix_adder.hpp"
#include "generator/array_drain.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/interfaces.hpp"
#include "generator/mul_tree_dot.hpp"
#include "generator/mul_tree_pe.hpp"
#include "generator/output_buffer.hpp"
#include "generator/pe_modules.hpp"
#include "generator/step_reference.hpp"

namespace bitloom {

namespace {

// s_a beat taken at edge 0 (stage 0), moved to the columns' input at edge 1 (where a
// binding beat swaps the weights in), the column's result registered at edge 2 and put
// into the output buffer at edge 3; the first handshake can happen on the next edge.
constexpr int kMulTreeLatency = 4;

constexpr const char* kTop = R"(// {top}: {kh}-deep multiplier-adder tree with {cols} columns of {pe} datapaths.
//
// Protocol ws_stream. Weights: {kh} beats on s_w, beat k = B[k][0..{c1}] (lane j = B[k][j]),
// tlast on k = {kh1}. Activations: one row of A per s_a beat (lane k = A[i][k]; the host pads
// K < {kh} with zeros); s_a's tlast ends a batch. Results: one row of C = A*B per m_c beat
// (lane j = C[i][j]), tlast mirrors s_a's. Lanes are little-endian: lane n is bits [n*W +: W].
//
// Which weights a batch uses is the host's choice, never a matter of timing: s_a_tuser[0]
// on a batch's first beat = 1 binds the next weight set in s_w order to the batch (s_a
// waits until that set has fully arrived); 0 keeps the set in force. The first batch after
// reset always binds. Weights are double-buffered: the next set loads into each column's
// shadow registers while the tree computes, and a binding row swaps it in as it enters
// the columns. Every column computes its whole dot product in one step: there is no skew.
// The pipeline moves only when `advance` is high; advance is registered, one copy per
// column, and a two-row output buffer absorbs the row that arrives while it reacts.
// Latency (no stalls): {latency} cycles from an s_a beat to its m_c beat.
`resetall
`default_nettype none
module {top} (
  input  wire                     clk,
  input  wire                     rst_n,
  input  wire                     s_w_tvalid,
  output wire                     s_w_tready,
  input  wire                     s_w_tlast,
  input  wire [COLS*B_WIDTH-1:0]  s_w_tdata,
  input  wire                     s_a_tvalid,
  output wire                     s_a_tready,
  input  wire                     s_a_tlast,
  input  wire [0:0]               s_a_tuser,
  input  wire [KH*A_WIDTH-1:0]    s_a_tdata,
  output wire                     m_c_tvalid,
  input  wire                     m_c_tready,
  output wire                     m_c_tlast,
  output wire [COLS*C_WIDTH-1:0]  m_c_tdata
);
  // Tree shape (spec: k_rows, cols).
  localparam integer KH = {kh};
  localparam integer COLS = {cols};
  // Operand widths (spec: a.width, b.width) and result width (spec: c_width).
  localparam integer A_WIDTH = {aw};
  localparam integer B_WIDTH = {bw};
  localparam integer C_WIDTH = {cw};

  genvar gc{gk};

  // ---------------------------------------------------------------- output and stall
  // Two-row output buffer; slot 0 is the head. The pipeline may step in the next cycle
  // only if the buffer will still have room for the row that step can deliver.
  reg  [1:0]              out_count_q;
  reg  [COLS*C_WIDTH-1:0] out_slot0_q, out_slot1_q;
  reg                     out_last0_q, out_last1_q;
  reg                     advance;                // this cycle's step, for the top's registers
  wire [COLS-1:0]         advance_col;            // the same, one copy per column
  wire                    out_push;               // the step delivers a row of C
  wire                    out_pop = m_c_tvalid && m_c_tready;
  wire [1:0]              out_count_d = out_count_q + {{1'b0, out_push}} - {{1'b0, out_pop}};
  wire                    advance_d = out_count_d <= 2'd1;
  assign m_c_tvalid = out_count_q != 2'd0;
  assign m_c_tlast  = out_last0_q;
  assign m_c_tdata  = out_slot0_q;

  // ---------------------------------------------------------------- weights and rows
  reg  shadow_full_q;   // the shadow registers hold a complete set not yet swapped in
  reg  have_weights_q;  // a set has been swapped in since reset
  reg  batch_start_q;   // the next s_a beat starts a batch
  // Stage 0 (a_in_q) and stage 1 (a_col_q, the columns' input) with their beat flags;
  // stage 2 is the columns' result registers.
  reg  [KH*A_WIDTH-1:0] a_in_q;
{col_regs}
  reg  valid0_q, valid1_q, valid2_q;
  reg  last0_q, last1_q, last2_q;
  reg  swap0_q;         // the row in stage 0 binds the shadow set: it swaps on its next step
  // No weight beat enters while the shadow is full or about to be copied.
  assign s_w_tready = !shadow_full_q && !swap0_q;
  wire w_fire = s_w_tvalid && s_w_tready;
  // The shift copies are plain flops (one module each, so synthesis keeps them apart),
  // a cycle behind w_fire like the data in w_in_q: the reset is folded into their input.
  wire w_shift_d = rst_n && w_fire;
  wire [COLS-1:0] w_shift_col;
  reg  [COLS*B_WIDTH-1:0] w_in_q;
  // A batch's first beat binds the next set (s_a_tuser[0], or no set yet since reset);
  // it waits until that set is complete in the shadow registers.
  wire swap_now = batch_start_q && (s_a_tuser[0] || !have_weights_q);
  assign s_a_tready = advance && (!swap_now || shadow_full_q);
  wire a_fire = s_a_tvalid && s_a_tready;

{recoders}  always @(posedge clk) begin
    w_in_q <= s_w_tdata;
    if (advance) begin
      a_in_q  <= s_a_tdata;
{col_update}
      last0_q <= s_a_tlast;
      last1_q <= last0_q;
      last2_q <= last1_q;
    end
    if (!rst_n) begin
      shadow_full_q  <= 1'b0;
      have_weights_q <= 1'b0;
      batch_start_q  <= 1'b1;
      swap0_q        <= 1'b0;
      valid0_q       <= 1'b0;
      valid1_q       <= 1'b0;
      valid2_q       <= 1'b0;
    end else begin
      if (a_fire) batch_start_q <= s_a_tlast;
      if (advance) begin
        swap0_q  <= a_fire && swap_now;
        valid0_q <= a_fire;
        valid1_q <= valid0_q;
        valid2_q <= valid1_q;
      end
      if (a_fire && swap_now) begin
        shadow_full_q  <= 1'b0;
        have_weights_q <= 1'b1;
      end else if (w_fire && s_w_tlast) begin
        shadow_full_q <= 1'b1;
      end
    end
  end

  // ---------------------------------------------------------------- columns
  wire [COLS*C_WIDTH-1:0] pe_sum;{carry_wire}
  wire [COLS*C_WIDTH-1:0] column_sum;
  generate
    for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_col
      {fanout} u_advance (
        .clk_i (clk),
        .d_i   (advance_d),
        .q_o   (advance_col[gc])
      );
      {w_shift} u_w_shift (
        .clk_i (clk),
        .d_i   (w_shift_d),
        .q_o   (w_shift_col[gc])
      );
      {pe_name} u_pe (
        .clk_i     (clk),
        .advance_i (advance_col[gc]),
        .swap_i    (swap0_q),
        .w_shift_i (w_shift_col[gc]),
        .w_i       (w_in_q[gc*B_WIDTH +: B_WIDTH]),
{col_ports}
        .sum_o     (pe_sum[gc*C_WIDTH +: C_WIDTH]){carry_port}
      );
{column_sum}
    end
  endgenerate

  assign out_push = advance && valid2_q;
  always @(posedge clk) begin
    advance <= advance_d;
    if (!rst_n) out_count_q <= 2'd0;
    else        out_count_q <= out_count_d;
)";

std::string top_module(const GemmConfig& g, const std::string& pe_name, const std::string& step, bool carry_save,
                       bool recoded) {
  const int d = arith::ent_digit_count(g.a.width, g.a.is_signed);
  std::string recoders;
  if (recoded) {
    recoders = fmt::format(
        "  // Each activation is recoded into EN-T digits once, for all the columns.\n"
        "  wire [KH*DIGITS-1:0] one_d, two_d, neg_d;\n  generate\n"
        "    for (gk = 0; gk < KH; gk = gk + 1) begin : gen_recode\n"
        "      {}_recode u_recode (\n        .a_i   (a_in_q[gk*A_WIDTH +: A_WIDTH]),\n"
        "        .one_o (one_d[gk*DIGITS +: DIGITS]),\n        .two_o (two_d[gk*DIGITS +: DIGITS]),\n"
        "        .neg_o (neg_d[gk*DIGITS +: DIGITS])\n      );\n    end\n  endgenerate\n\n",
        step);
  }
  std::string text = fmt::format(
      fmt::runtime(kTop), fmt::arg("top", g.name), fmt::arg("kh", g.rows), fmt::arg("cols", g.cols),
      fmt::arg("pe", g.pe), fmt::arg("c1", g.cols - 1), fmt::arg("kh1", g.rows - 1),
      fmt::arg("latency", kMulTreeLatency), fmt::arg("aw", g.a.width), fmt::arg("bw", g.b.width),
      fmt::arg("cw", g.c_width), fmt::arg("pe_name", pe_name), fmt::arg("fanout", g.name + "_advance_reg"),
      fmt::arg("recoders", recoders), fmt::arg("gk", recoded ? ", gk" : ""),
      fmt::arg("col_regs", recoded ? fmt::format("  localparam integer DIGITS = {};  // EN-T digits per activation\n"
                                                 "  reg  [KH*DIGITS-1:0] one_col_q, two_col_q, neg_col_q;  // stage 1: the row's digits", d)
                                   : "  reg  [KH*A_WIDTH-1:0] a_col_q;  // stage 1: the row"),
      fmt::arg("col_update", recoded ? "      one_col_q <= one_d;\n      two_col_q <= two_d;\n      neg_col_q <= neg_d;"
                                     : "      a_col_q <= a_in_q;"),
      fmt::arg("col_ports", recoded ? "        .one_i     (one_col_q),\n        .two_i     (two_col_q),\n"
                                      "        .neg_i     (neg_col_q),"
                                    : "        .a_i       (a_col_q),"),
      fmt::arg("w_shift", g.name + "_w_shift_reg"),
      fmt::arg("carry_wire", carry_save ? "\n  wire [COLS*C_WIDTH-1:0] pe_carry;" : ""),
      fmt::arg("carry_port", carry_save ? ",\n        .carry_o   (pe_carry[gc*C_WIDTH +: C_WIDTH])" : ""),
      fmt::arg("column_sum",
               carry_save ? "      // The column's pair is added here, once per row.\n"
                            "      " + final_adder_name(g) + " u_final_add (\n"
                            "        .a_i   (pe_sum[gc*C_WIDTH +: C_WIDTH]),\n"
                            "        .b_i   (pe_carry[gc*C_WIDTH +: C_WIDTH]),\n"
                            "        .sum_o (column_sum[gc*C_WIDTH +: C_WIDTH])\n"
                            "      );"
                          : "      assign column_sum[gc*C_WIDTH +: C_WIDTH] = pe_sum[gc*C_WIDTH +: C_WIDTH];"));
  text += output_buffer_update("column_sum", "last2_q");
  text += "  end\nendmodule\n`resetall\n";
  return text;
}

}  // namespace

Design build_mul_tree_array(const GemmConfig& g) {
  Design d;
  d.top = g.name;
  d.kind = BlockKind::kGemm;
  d.protocol = "ws_stream";
  d.streams = ws_stream_streams(g);
  const std::string pe_name = g.name + "_pe", step = pe_name + "_step";
  d.params = gemm_params(g);
  d.params["k_rows"] = g.rows;
  d.params["pe_instances"] = g.cols;  // one PE module per column, K products each
  ColumnDatapath col = mul_tree_column(g, step);
  for (auto& m : col.modules) d.modules.push_back(std::move(m));
  d.tree = col.tree;
  d.step_reference = step_reference_module(g, step, {g.rows, false, false, col.carry_save});
  d.params["step_products"] = g.rows;
  d.params["step_carry_input"] = false;
  d.modules.push_back({pe_name, "pe", mul_tree_column_pe(g, pe_name, step, col.carry_save, col.recoded)});
  if (col.carry_save) d.modules.push_back(arith::prefix_adder_module(final_adder_name(g), g.c_width));
  d.modules.push_back(fanout_reg_module(g.name + "_advance_reg", "the registered step signal, for one column"));
  d.modules.push_back(fanout_reg_module(g.name + "_w_shift_reg", "the shadow-weight shift enable, for one column"));
  d.modules.push_back({g.name, "top", top_module(g, pe_name, step, col.carry_save, col.recoded)});
  d.latency_cycles = kMulTreeLatency;
  d.latency_cycles_per_beat = 0;
  d.macs_per_beat = static_cast<long long>(g.rows) * g.cols;
  return d;
}

}  // namespace bitloom
