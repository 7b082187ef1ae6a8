// The core's operand fetch: tiles in job order (row tiles outer, or column tiles outer
// with panels), K beats each; A as column slices, B as row slices, column slices (B
// stored transposed: the next column tile is j + 1 or, wrapping, 0) or from s_b.
#include <fmt/format.h>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/unit_job.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::core {

// What a re-split core's fetch adds (passes > 1): the pass counter, and `tile_end` (the
// last beat of a tile's last pass) for the ring and the tile counters.
struct PassText {
  std::string declare, tile_end = "last_k", b_wait, start, step, b_row_next;
};

PassText pass_text(const Shape& s) {
  PassText t;
  if (s.passes == 1) {
    t.b_row_next = fit("next_j", 12, s.address);
    return t;
  }
  const int pb = s.pass_bits;
  t.declare = fmt::format(R"(  // A tile is {p} passes of K beats over the same A and B words; pass p feeds B's lanes
  // p * {c} .. p * {c} + {c1} to the array.
  reg  [{pb1}:0] fetch_p_q;
  wire last_pass = fetch_p_q == {pb}'d{plast};
  wire tile_end = last_k && last_pass;
{b_wait})",
                          fmt::arg("p", s.passes), fmt::arg("c", s.cols), fmt::arg("c1", s.cols - 1),
                          fmt::arg("pb", pb), fmt::arg("pb1", pb - 1), fmt::arg("plast", s.passes - 1),
                          fmt::arg("b_wait", !s.panel_store() ? ""
                                                                : "  // A streamed B: row k of the tile's panel must be in the store (the\n"
                                                                  "  // panel whole, or being written past k).\n"
                                                                  "  wire b_wait = b_from_stream_q && !panel_held_q && wr_k_q <= fetch_k_q;\n"));
  t.tile_end = "tile_end";
  if (s.panel_store()) t.b_wait = " && !b_wait";
  t.start = fmt::format("      fetch_p_q <= {}'d0;\n", pb);
  t.step = "      if (last_k) fetch_p_q <= fetch_p_q + 1'b1;  // wraps after the last pass\n";
  t.b_row_next = fmt::format("(last_pass ? {} : {})", fit("next_j", 12, s.address), fit("fetch_j_q", 12, s.address));
  return t;
}

// An A ring: a row block is taken (waiting for one to be filled) at its row tile's first
// read and freed after its last. Defines `issue`.
std::string ring_fetch_text(const PassText& p) {
  return fmt::format(R"(  // An A ring: a row block is taken (waiting for one to be filled) at its row tile's
  // first read and freed after its last.
  reg         a_held_q;
  wire a_wait = a_ring_q && !a_held_q && !a_ring_ready_i;
  wire issue = issuing_q && credit && !a_wait{b_wait};
  assign a_ring_take_o = issue && a_ring_q && !a_held_q;
  assign a_ring_free_o = issue && a_ring_q && {tile_end} && fetch_last_j;
)",
                     fmt::arg("b_wait", p.b_wait), fmt::arg("tile_end", p.tile_end));
}

// The fetch's registers: the tile and K counters and the addresses, on each issue.
std::string fetch_update_text(const Shape& s) {
  const int ab = s.address;
  const PassText p = pass_text(s);
  return fmt::format(R"(  always @(posedge clk_i) begin
    if (!rst_ni) begin
      issuing_q <= 1'b0;
      fetch_valid_q <= 1'b0;
      a_held_q <= 1'b0;
    end else begin
      fetch_valid_q <= issue;
      if (a_ring_free_o) a_held_q <= 1'b0;
      else if (a_ring_take_o) a_held_q <= 1'b1;
      if (start_q) issuing_q <= !empty_q;
      else if (issue && {tile_end} && fetch_last_i && fetch_last_j) issuing_q <= 1'b0;
    end
    fetch_last_q <= last_k;
    if (start_q) begin
      fetch_i_q <= 12'd0;
      fetch_j_q <= 12'd0;
      fetch_k_q <= 14'd0;
      a_first_q <= a_base_q + a_first_full[{ab1}:0];
      a_block_q <= a_base_q + a_first_full[{ab1}:0];
      b_row_q <= b_base_q;
      b_tile_q <= b_base_q;
{start}    end else if (issue) begin
      fetch_k_q <= last_k ? 14'd0 : fetch_k_q + 14'd1;
{step}      if ({tile_end}) begin
        fetch_i_q <= next_i;
        fetch_j_q <= next_j;
        a_block_q <= next_a_block;
        b_tile_q <= next_j == 12'd0 ? b_base_q : next_j == fetch_j_q ? b_tile_q : b_tile_q + b_block_step_q;
      end
      b_row_q <= last_k ? b_base_q + {next_j_word} : b_row_q + b_pitch_q;
    end
  end
)",
                     fmt::arg("ab1", ab - 1), fmt::arg("lw", s.lane_bits), fmt::arg("next_j_word", p.b_row_next),
                     fmt::arg("tile_end", p.tile_end), fmt::arg("start", p.start), fmt::arg("step", p.step));
}

void add_fetch(hw::Module& m, const Shape& s) {
  const int ab = s.address, cb = hw::prims::bits_for(kOperandDepth);
  const PassText p = pass_text(s);
  const bool store = s.panel_store();
  std::vector<std::string> reads{"clk_i", "rst_ni", "a_rd_data_i", "a_ring_ready_i", "b_rd_data_i", "operands_ready",
                                 "operand_count"};
  if (store) {
    m.wire("b_streamed", s.lanes * s.elem, "a streamed B row, read from the panel store");
    reads.push_back("b_streamed");
  }
  m.raw(fmt::format(R"(
  // ---------------------------------------------------------------- operand fetch
  // A read is issued only with room for it in the operand FIFO (a beat in flight
  // counts), so the FIFO never refuses one.
  reg         issuing_q;
  reg  [11:0] fetch_i_q, fetch_j_q;
  reg  [13:0] fetch_k_q;
  reg  [{ab1}:0] a_first_q;  // word of row tile 0: a_base + offset * L * a_pitch
  reg  [{ab1}:0] a_block_q;  // word of the row tile being fetched
  reg  [{ab1}:0] b_row_q;    // rows: b_base + k * b_pitch + j
  reg  [{ab1}:0] b_tile_q;   // columns: b_base + j * L * b_pitch
  reg         fetch_valid_q, fetch_last_q;
  wire credit = {{1'b0, operand_count}} + {{{cb}'d0, fetch_valid_q}} < {cb1}'d{depth};
{passes}{ring}  wire last_k = fetch_k_q == k_last_q;
  wire fetch_last_i = fetch_i_q == m_last_q;
  wire fetch_last_j = fetch_j_q == n_last_q;
{walk}  wire [{ab1}:0] a_block_down = a_block_q + a_block_step_q;
  wire [{ab1}:0] a_block_next = a_ring_q && a_block_down == a_ring_end_q ? a_base_q : a_block_down;  // a ring wraps
  wire [{ab1}:0] next_a_block = panels_q ? (fetch_last_i ? a_first_q : a_block_next)
                                         : (fetch_last_j ? a_block_next : a_block_q);
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{prod1}:0] a_first_full = a_block_step_q * {{{ab}'d0, offset_q}};
  wire [13:0] k_block = fetch_k_q >> {lw};
  wire unused_fetch = operands_ready;  // always 1: the credit keeps room
  /* verilator lint_on UNUSEDSIGNAL */
  assign a_rd_en_o = issue;
  assign a_rd_addr_o = a_block_q + {k_word};
  assign a_rd_pitch_o = a_pitch_q;
  assign a_rd_rot_o = fetch_k_q[{lw1}:0];
  assign b_rd_en_o = issue && !b_from_stream_q;
  assign b_rd_column_o = b_columns_q;
  assign b_rd_addr_o = b_columns_q ? b_tile_q + {k_word} : b_row_q;
  assign b_rd_pitch_o = b_pitch_q;
  assign b_rd_rot_o = fetch_k_q[{lw1}:0];
  assign {{fetch_valid, fetch_last}} = {{fetch_valid_q, fetch_last_q}};
  assign fetch_payload = {{b_from_stream_q ? {b_streamed} : b_rd_data_i, a_rd_data_i}};

)",
                    fmt::arg("passes", p.declare), fmt::arg("ring", ring_fetch_text(p)),
                    fmt::arg("b_streamed", store ? "b_streamed" : fmt::format("{}'d0", s.lanes * s.elem)),
                    fmt::arg("ab1", ab - 1), fmt::arg("ab", ab), fmt::arg("cb", cb),
                    fmt::arg("cb1", cb + 1),
                    fmt::arg("depth", kOperandDepth), fmt::arg("prod1", ab + 13), fmt::arg("lw", s.lane_bits),
                    fmt::arg("lw1", s.lane_bits - 1), fmt::arg("k_word", fit("k_block", 14, ab)),
                    fmt::arg("next_j_word", fit("next_j", 12, ab)), fmt::arg("row", s.lanes * s.elem),
                    fmt::arg("walk", tile_walk_text({"fetch_i_q", "fetch_j_q", "fetch_last_i", "fetch_last_j", "next_i",
                                                     "next_j"}))) +
            fetch_update_text(s),
        {"a_rd_en_o", "a_rd_addr_o", "a_rd_pitch_o", "a_rd_rot_o", "a_ring_take_o", "a_ring_free_o", "b_rd_en_o", "b_rd_column_o", "b_rd_addr_o",
         "b_rd_pitch_o", "b_rd_rot_o",
         "fetch_valid", "fetch_last", "fetch_payload"},
        reads);

}

void add_array_inputs(hw::Module& m, const Shape& s) {
  const int row = s.lanes * s.elem;
  m.raw(fmt::format(R"(
  // ---------------------------------------------------------------- into the array
  // Both operands leave the FIFO together; a streamed B row pairs with the A column
  // at the head of the FIFO (the array takes the two beats together).
{extend_a}{extend_b}  assign array_b_raw = b_from_stream_q ? s_b_tdata : operand_data[{bhi}:{row}];
  assign array_b_valid = b_from_stream_q ? s_b_tvalid : operand_valid;
  assign s_b_tready = b_from_stream_q && array_b_ready;
)",
                    fmt::arg("extend_a", extend_lanes("array_a", "operand_data", s.lanes, s.elem, s.a, "a_signed_q")),
                    fmt::arg("extend_b", extend_lanes("array_b", "array_b_raw", s.lanes, s.elem, s.b, "b_signed_q")),
                    fmt::arg("bhi", 2 * row - 1), fmt::arg("row", row)),
        {"array_a", "array_b", "array_b_raw", "array_b_valid", "s_b_tready"},
        {"operand_data", "s_b_tdata", "s_b_tvalid", "operand_valid", "array_b_ready"});
}

}  // namespace bitloom::workload_rtl::core
