// A re-split core (compute_core.hpp): an array of c < L columns that makes each L x L
// tile in P = L / c passes. The fetch reads every A column and B row of a tile once per
// pass (core_fetch.cpp); here pass p's lanes of B go into the array, a streamed B is
// kept for the later passes, and the rows of the passes are merged back into L-lane
// rows, so that everything after the epilogue sees the tiles of an L x L array.
#include <fmt/format.h>

#include "generator/workload_rtl/core_parts.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::core {

namespace {

// "sel == 0 ? bus[0 +: w] : sel == 1 ? bus[w +: w] : ... : bus[(n-1)*w +: w]" (n > 1).
std::string select_slice(const std::string& sel, int sel_bits, const std::string& bus, int base, int w, int n) {
  std::string text;
  for (int i = 0; i + 1 < n; ++i)
    text += fmt::format("{} == {}'d{} ? {}[{} +: {}] : ", sel, sel_bits, i, bus, base + i * w, w);
  return text + fmt::format("{}[{} +: {}]", bus, base + (n - 1) * w, w);
}

}  // namespace

void add_pass_inputs(hw::Module& m, const Shape& s) {
  const int row = s.lanes * s.elem, cw = s.cols * s.elem, pb = s.pass_bits;
  const bool store = s.panel_store();
  std::vector<std::string> drives{"array_a", "array_b", "array_b_raw", "array_b_valid"};
  std::vector<std::string> reads{"clk_i",       "rst_ni",      "operand_data", "operand_valid",
                                 "operand_pop", "operand_last", "array_b_ready"};
  if (!store) {  // s_b is the panel store's (add_panel_store)
    drives.push_back("s_b_tready");
    reads.insert(reads.end(), {"s_b_tvalid", "s_b_tdata"});
  }
  m.raw(fmt::format(R"(
  // ---------------------------------------------------------------- into the array
  // Both operands leave the FIFO together (a streamed B too: the fetch took it); the
  // array side counts a tile's passes by the FIFO's tlast, as the fetch counts its beats.
  reg  [{pb1}:0] in_pass_q;
  always @(posedge clk_i)
    if (!rst_ni) in_pass_q <= {pb}'d0;
    else if (operand_valid && operand_pop && operand_last) in_pass_q <= in_pass_q + 1'b1;
  assign array_b_raw = {select};
{extend_a}{extend_b}  assign array_b_valid = operand_valid;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_array_b_ready = array_b_ready;  // the array takes A and B together
{unused_s_b}  /* verilator lint_on UNUSEDSIGNAL */
)",
                    fmt::arg("pb", pb), fmt::arg("pb1", pb - 1),
                    fmt::arg("select", select_slice("in_pass_q", pb, "operand_data", row, cw, s.passes)),
                    fmt::arg("extend_a", extend_lanes("array_a", "operand_data", s.lanes, s.elem, s.a, "a_signed_q")),
                    fmt::arg("extend_b", extend_lanes("array_b", "array_b_raw", s.cols, s.elem, s.b, "b_signed_q")),
                    fmt::arg("unused_s_b", store ? "" : "  wire unused_s_b = s_b_tvalid | (|s_b_tdata);  // no stage streams B\n")) +
            (store ? "" : "  assign s_b_tready = 1'b0;\n"),
        drives, reads);
}

void add_panel_store(hw::Module& m, const Shape& s) {
  const int row = s.lanes * s.elem, d = s.panel_depth;
  const int aw = hw::prims::bits_for(d - 1);
  m.wire("panel_we", 1, "a streamed B row into the store");
  m.wire("panel_re", 1, "the fetch reads a row of its tile's panel, in every pass");
  m.wire("panel_waddr", aw);
  m.wire("panel_raddr", aw);
  m.wire("panel_rd_data", row);
  m.raw(fmt::format(R"(
  // ---------------------------------------------------------------- panel store
  // One panel ({d} rows at most): the tile's K rows of B, read by every pass. The next
  // tile's rows come in behind the last pass (row k once that pass has read row k), and
  // its pass 0 follows them row by row; until then they wait in the panel reader's FIFO.
  reg         panel_held_q;      // the store holds a whole panel its tile still reads
  reg  [13:0] wr_k_q;
  reg  [11:0] wr_i_q, wr_j_q;    // the job's tile whose panel comes in
  reg         wr_done_q;         // every panel of the job is in
  wire wr_last_k = wr_k_q == k_last_q;
  wire wr_last_tile = wr_i_q == m_last_q && wr_j_q == n_last_q;
  wire wr_room = !panel_held_q || last_pass && wr_k_q < fetch_k_q;
  assign s_b_tready = busy_q && !start_q && b_from_stream_q && !wr_done_q && wr_room;
  assign panel_we = s_b_tvalid && s_b_tready;
  assign panel_waddr = {waddr};
  assign panel_re = issue && b_from_stream_q;
  assign panel_raddr = {raddr};
  assign b_streamed = panel_rd_data;
  always @(posedge clk_i) begin
    if (!rst_ni || start_q) begin
      panel_held_q <= 1'b0;
      wr_k_q <= 14'd0;
      wr_i_q <= 12'd0;
      wr_j_q <= 12'd0;
      wr_done_q <= 1'b0;
    end else begin
      if (panel_we && wr_last_k) panel_held_q <= 1'b1;  // a panel is whole only after its tile's last beat
      else if (issue && b_from_stream_q && tile_end) panel_held_q <= 1'b0;
      if (panel_we) wr_k_q <= wr_last_k ? 14'd0 : wr_k_q + 14'd1;
      if (panel_we && wr_last_k) begin
        wr_j_q <= wr_j_q == n_last_q ? 12'd0 : wr_j_q + 12'd1;
        if (wr_j_q == n_last_q) wr_i_q <= wr_i_q + 12'd1;
        if (wr_last_tile) wr_done_q <= 1'b1;
      end
    end
  end
)",
                    fmt::arg("d", d), fmt::arg("waddr", fit("wr_k_q", 14, aw)), fmt::arg("raddr", fit("fetch_k_q", 14, aw))),
        {"panel_we", "panel_re", "panel_waddr", "panel_raddr", "s_b_tready", "b_streamed"},
        {"clk_i", "rst_ni", "s_b_tvalid", "panel_rd_data"});
  hw::Instance ram{s.name + "_panel", "u_panel", "The streamed B panel its tile's passes read.", {}};
  connect_all(m, ram, {{"clk_i", "clk_i"}, {"we_i", "panel_we"}, {"waddr_i", "panel_waddr"}, {"wdata_i", "s_b_tdata"},
                       {"re_i", "panel_re"}, {"raddr_i", "panel_raddr"}, {"rdata_o", "panel_rd_data"}});
  m.add(ram);
}

void add_pass_merge(hw::Module& m, const Shape& s) {
  const int cw = s.cols * s.out, hw_bits = (s.lanes - s.cols) * s.out, lw = s.lane_bits, pb = s.pass_bits;
  m.raw(fmt::format(R"(
  // ---------------------------------------------------------------- passes merged
  // The rows of a tile's first {held} passes wait here (always taken); each row of its last
  // pass leaves with them as one L-lane row (pass p in lanes p * {c} ..).
  reg  [{lw1}:0] merge_row_q;
  reg  [{pb1}:0] merge_pass_q;
  wire merge_last = merge_pass_q == {pb}'d{plast};
  wire pass_fire = pass_valid && pass_ready;
  wire [{all1}:0] held_rows;
  always @(posedge clk_i)
    if (!rst_ni) begin
      merge_row_q <= {lw}'d0;
      merge_pass_q <= {pb}'d0;
    end else if (pass_fire) begin
      merge_row_q <= merge_row_q + 1'b1;
      if (merge_row_q == {lw}'d{lmax}) merge_pass_q <= merge_pass_q + 1'b1;
    end
  genvar gr;
  generate
    for (gr = 0; gr < {lanes}; gr = gr + 1) begin : gen_held
      reg [{hw1}:0] row_q;  // row gr of the passes so far, pass 0 in the lowest lanes
      always @(posedge clk_i)
        if (pass_fire && !merge_last && merge_row_q == gr[{lw1}:0]) row_q <= {shift_in};
      assign held_rows[gr*{hw} +: {hw}] = row_q;
    end
  endgenerate
  assign pass_ready = !merge_last || result_ready;
  assign result_valid = pass_valid && merge_last;
  assign result_data = {{pass_data, {held_row}}};
  assign result_last = pass_last;
  assign result_keep = {{{lanes}{{1'b1}}}};
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_pass_keep = |pass_keep;
  /* verilator lint_on UNUSEDSIGNAL */
)",
                    fmt::arg("held", s.passes - 1), fmt::arg("c", s.cols), fmt::arg("lw", lw), fmt::arg("lw1", lw - 1),
                    fmt::arg("pb", pb), fmt::arg("pb1", pb - 1), fmt::arg("plast", s.passes - 1),
                    fmt::arg("all1", s.lanes * hw_bits - 1), fmt::arg("lmax", s.lanes - 1), fmt::arg("lanes", s.lanes),
                    fmt::arg("hw", hw_bits), fmt::arg("hw1", hw_bits - 1),
                    fmt::arg("shift_in", hw_bits == cw ? std::string("pass_data")
                                                       : fmt::format("{{pass_data, row_q[{}:{}]}}", hw_bits - 1, cw)),
                    fmt::arg("held_row", "(" + select_slice("merge_row_q", lw, "held_rows", 0, hw_bits, s.lanes) + ")")),
        {"pass_ready", "result_valid", "result_data", "result_last", "result_keep"},
        {"clk_i", "rst_ni", "pass_valid", "pass_data", "pass_last", "pass_keep", "result_ready"});
}

}  // namespace bitloom::workload_rtl::core
