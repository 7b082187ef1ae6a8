// The core's output demux: results leave in the fetch's tile order, L rows a tile, as
// row slices to a buffer or beats of m_out. Rows past out_rows are dropped; lanes past
// out_cols are 0 (tkeep 0).
#include <fmt/format.h>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/unit_job.hpp"

namespace bitloom::workload_rtl::core {

namespace {

// Where the next result row goes: tile, row block, word and row index.
std::string output_counters(const Shape& s) {
  return fmt::format(R"(
  // ---------------------------------------------------------------- output demux
  reg  [11:0] out_i_q, out_j_q;
  reg  [{lw1}:0] out_r_q;
  reg  [{ab1}:0] out_first_q;  // word of row tile 0's first row
  reg  [{ab1}:0] out_block_q;  // word of this row tile's first row
  reg  [{ab1}:0] out_addr_q;   // word of this result row
  reg  [{rw1}:0] out_first_row_q, out_block_row_q, out_row_q;
  wire out_last_i = out_i_q == m_last_q;
  wire out_last_j = out_j_q == n_last_q;
  wire out_last_r = out_r_q == {lw}'d{lmax};
  wire row_kept = out_row_q < out_rows_q;
  wire result_fire = result_valid && result_ready;
{walk}  wire out_next_block = panels_q ? !out_last_i : out_last_j;  // the next tile is one row tile further down
  wire [{ab1}:0] out_block_down = out_block_q + out_block_step_q;
  wire [{ab1}:0] out_next_block_word = out_next_block ? {block_down} : out_first_q;
  wire [{rw1}:0] out_next_block_row = out_next_block ? out_block_row_q + {rw}'d{lanes} : out_first_row_q;
  wire [{ab1}:0] out_next_tile_block = panels_q || out_last_j ? out_next_block_word : out_block_q;
  wire [{rw1}:0] out_next_tile_row = panels_q || out_last_j ? out_next_block_row : out_block_row_q;
  wire [{rw1}:0] out_start_row = {{{rowpad}'d0, offset_q, {lw}'d0}};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{prod1}:0] out_first_full = out_block_step_q * {{{ab}'d0, offset_q}};
  wire unused_result = (|result_keep) | result_last;  // the core sets its own tkeep and tlast
  /* verilator lint_on UNUSEDSIGNAL */
  assign job_done = busy_q && (!issuing_q && !start_q && empty_q
                               || result_fire && out_last_r && out_last_i && out_last_j);

  always @(posedge clk_i) begin
    if (start_q) begin
      out_i_q <= 12'd0;
      out_j_q <= 12'd0;
      out_r_q <= {lw}'d0;
      out_first_q <= out_base_q + out_first_full[{ab1}:0];
      out_block_q <= out_base_q + out_first_full[{ab1}:0];
      out_addr_q <= out_base_q + out_first_full[{ab1}:0];
      out_first_row_q <= out_start_row;
      out_block_row_q <= out_start_row;
      out_row_q <= out_start_row;
    end else if (result_fire) begin
      out_r_q <= out_r_q + {lw}'d1;
      out_addr_q <= out_last_r ? out_next_tile_block + {next_j_word} : out_addr_q + out_pitch_q;
      out_row_q <= out_last_r ? out_next_tile_row : out_row_q + {rw}'d1;
      if (out_last_r) begin
        out_i_q <= out_next_i;
        out_j_q <= out_next_j;
        out_block_q <= out_next_tile_block;
        out_block_row_q <= out_next_tile_row;
      end
    end
  end
)",
                     fmt::arg("ab1", s.address - 1), fmt::arg("ab", s.address), fmt::arg("rw1", kRowBits - 1),
                     fmt::arg("rw", kRowBits), fmt::arg("lw", s.lane_bits), fmt::arg("lw1", s.lane_bits - 1),
                     fmt::arg("lmax", s.lanes - 1), fmt::arg("lanes", s.lanes), fmt::arg("prod1", s.address + 13),
                     fmt::arg("rowpad", kRowBits - 14 - s.lane_bits),
                     fmt::arg("walk", tile_walk_text({"out_i_q", "out_j_q", "out_last_i", "out_last_j", "out_next_i",
                                                      "out_next_j"})), fmt::arg("next_j_word", s.out_col_step ? "out_next_col" : fit("out_next_j", 12, s.address)),
                     fmt::arg("block_down", s.out_ring ? "(out_ring_q && out_block_down == out_ring_end_q ? out_base_q : "
                                                         "out_block_down)  /* a ring wraps */"
                                                       : "out_block_down"));
}

// With column steps: the word offset of the current column tile within a row (out_j
// times the stage's step, counted rather than multiplied).
std::string column_step_text(const Shape& s) {
  if (!s.out_col_step) return "";
  return fmt::format(R"(
  // ---------------------------------------------------------------- column steps
  reg  [{ab1}:0] out_col_q;  // out_j_q * out_col_step_q
  wire [{ab1}:0] out_next_col = out_next_j == 12'd0 ? {ab}'d0 : out_next_j == out_j_q ? out_col_q : out_col_q + out_col_step_q;
  always @(posedge clk_i)
    if (start_q) out_col_q <= {ab}'d0;
    else if (result_fire && out_last_r) out_col_q <= out_next_col;
)",
                     fmt::arg("ab1", s.address - 1), fmt::arg("ab", s.address));
}

// The output ring: a row tile's slot is claimed with its first result (waiting for room)
// and filled with its last: results wait (out_wait) for a free slot.
std::string output_ring_text(const Shape& s) {
  if (!s.out_ring) return "";
  return R"(
  // ---------------------------------------------------------------- output ring
  // A row tile's slot is claimed with its first result (waiting for room) and filled
  // with its last.
  reg  out_held_q;
  wire out_wait = out_ring_q && !out_held_q && !out_ring_room_i;
  assign out_ring_claim_o = result_fire && out_ring_q && !out_held_q;
  assign out_ring_done_o = result_fire && out_ring_q && out_last_r && out_last_j;
  always @(posedge clk_i) begin
    if (!rst_ni) out_held_q <= 1'b0;
    else if (out_ring_done_o) out_held_q <= 1'b0;
    else if (out_ring_claim_o) out_held_q <= 1'b1;
  end
)";
}

}  // namespace

void add_output(hw::Module& m, const Shape& s) {
  const int ew = s.elem;
  std::vector<std::string> drives{"result_wide", "m_out_tkeep", "wr_data_o", "m_out_tdata", "m_out_tvalid", "m_out_tlast",
                                  "wr_valid_o", "wr_addr_o", "wr_rot_o", "result_ready"};
  std::vector<std::string> reads{"clk_i", "result_valid", "result_data", "result_last", "result_keep", "m_out_tready",
                                 "wr_ready_i"};
  if (s.out_ring) {
    drives.insert(drives.end(), {"out_ring_claim_o", "out_ring_done_o"});
    reads.insert(reads.end(), {"rst_ni", "out_ring_room_i"});
  }
  m.raw(output_counters(s) + column_step_text(s) + output_ring_text(s) + fmt::format(R"(
{extend_out}  genvar gl;
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_column
      wire [{rw1}:0] column = {{{colpad}'d0, out_j_q, gl[{lw1}:0]}};
      assign m_out_tkeep[gl] = column < out_cols_q;
      assign wr_data_o[gl*{ew} +: {ew}] = m_out_tkeep[gl] ? result_wide[gl*{ew} +: {ew}] : {ew}'d0;
    end
  endgenerate
  assign m_out_tdata = wr_data_o;
  assign m_out_tvalid = result_valid && row_kept && out_to_stream_q;
  assign m_out_tlast = out_last_r || out_row_q == out_last_row_q;
  assign wr_valid_o = result_valid && row_kept && !out_to_stream_q{no_wait};
  assign wr_addr_o = out_addr_q;
  assign wr_rot_o = out_row_q[{lw1}:0];
  assign result_ready = {ready_wait}(!row_kept || (out_to_stream_q ? m_out_tready : wr_ready_i));
)",
                                         fmt::arg("extend_out", extend_lanes("result_wide", "result_data", s.lanes, s.out,
                                                                             ew, s.out_signed ? "1'b1" : "1'b0")),
                                         fmt::arg("lanes", s.lanes), fmt::arg("rw1", kRowBits - 1),
                                         fmt::arg("rw", kRowBits), fmt::arg("colpad", kRowBits - 12 - s.lane_bits),
                                         fmt::arg("lw1", s.lane_bits - 1), fmt::arg("ew", ew),
                                         fmt::arg("no_wait", s.out_ring ? " && !out_wait" : ""),
                                         fmt::arg("ready_wait", s.out_ring ? "!out_wait && " : "")),
        drives, reads);
}

}  // namespace bitloom::workload_rtl::core
