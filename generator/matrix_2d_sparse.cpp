#include "generator/matrix_2d_sparse.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/sparse_encoder.hpp"

namespace bitloom {

namespace {

constexpr const char* kSparseBody = R"(
  // ---------------------------------------------------------------- group loading
  // Beats collect in the load buffer, GROUP at a time (a tile's last group may be
  // shorter; its empty slots hold a = 0, which has no digits). Slot s of A, row i, at
  // (s*ROWS + i)*A_WIDTH; slot s of B, column j, at (s*COLS + j)*B_WIDTH.
  localparam integer GROUP = {group};
  reg  [GROUP*ROWS*A_WIDTH-1:0] load_a_q;
  reg  [GROUP*COLS*B_WIDTH-1:0] load_b_q;
  reg  [{sw1}:0] load_count_q;  // beats in the load buffer while it fills
  reg  load_last_q;            // the group ends a tile
  wire load_done = load_count_q == {sw}'d{group1} || beat_last;
  always @(posedge clk) begin
    if (beat_fire) load_b_q[load_count_q*COLS*B_WIDTH +: COLS*B_WIDTH] <= s_b_tdata;
    if (!rst_n) begin
      load_a_q     <= {{(GROUP*ROWS*A_WIDTH){{1'b0}}}};
      load_count_q <= {sw}'d0;
      load_full_q  <= 1'b0;
    end else begin
      if (handover) begin
        load_a_q    <= {{(GROUP*ROWS*A_WIDTH){{1'b0}}}};
        load_full_q <= 1'b0;
      end
      if (beat_fire) begin
        load_a_q[load_count_q*ROWS*A_WIDTH +: ROWS*A_WIDTH] <= s_a_tdata;
        if (load_done) begin
          load_full_q  <= 1'b1;
          load_last_q  <= beat_last;
          load_count_q <= {sw}'d0;
        end else begin
          load_count_q <= load_count_q + {sw}'d1;
        end
      end
    end
  end

  // ---------------------------------------------------------------- issue
  // A full load buffer is handed to the encoders when the active group is done (or
  // none is running); a group runs for as many cycles as its busiest row has digits
  // (one at least). B follows a cycle later, when the group's last issue has reached
  // the PEs.
  reg  running_q, act_last_q, b_take_q;
  reg  [GROUP*COLS*B_WIDTH-1:0] act_b_q;
  wire [ROWS-1:0] row_final;
  wire group_done = running_q && &row_final;
  assign handover = load_full_q && (!running_q || group_done);
  always @(posedge clk) begin
    b_take_q      <= handover;
    if (b_take_q) act_b_q <= load_b_q;
    if (handover) act_last_q <= load_last_q;
    if (!rst_n)          running_q <= 1'b0;
    else if (handover)   running_q <= 1'b1;
    else if (group_done) running_q <= 1'b0;
  end
{tile_end}
  // One encoder per PE row, over the row's slots of the load buffer.
  wire [ROWS-1:0]          iss_one, iss_two, iss_neg;
  wire [ROWS*{sw}-1:0]      iss_slot;
  wire [ROWS*{ww}-1:0]      iss_weight;
  // Column j's group of B, slot s at (j*GROUP + s)*B_WIDTH.
  wire [COLS*GROUP*B_WIDTH-1:0] col_b;
{result_wires}
  generate
    for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_col_b
      for (gl = 0; gl < GROUP; gl = gl + 1) begin : gen_slot
        assign col_b[(gc*GROUP+gl)*B_WIDTH +: B_WIDTH] = act_b_q[(gl*COLS+gc)*B_WIDTH +: B_WIDTH];
      end
    end
    for (gr = 0; gr < ROWS; gr = gr + 1) begin : gen_row
      wire [GROUP*A_WIDTH-1:0] row_group;
      for (gl = 0; gl < GROUP; gl = gl + 1) begin : gen_slot
        assign row_group[gl*A_WIDTH +: A_WIDTH] = load_a_q[(gl*ROWS+gr)*A_WIDTH +: A_WIDTH];
      end
      {encoder} u_encoder (
        .clk_i    (clk),
        .rst_ni   (rst_n),
        .load_i   (handover),
        .run_i    (running_q),
        .a_i      (row_group),
        .final_o  (row_final[gr]),
        .one_o    (iss_one[gr]),
        .two_o    (iss_two[gr]),
        .neg_o    (iss_neg[gr]),
        .slot_o   (iss_slot[gr*{sw} +: {sw}]),
        .weight_o (iss_weight[gr*{ww} +: {ww}])
      );
      for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_col
        {pe} u_pe (
          .clk_i          (clk),
          .b_i            (col_b[gc*GROUP*B_WIDTH +: GROUP*B_WIDTH]),
          .slot_i         (iss_slot[gr*{sw} +: {sw}]),
          .weight_i       (iss_weight[gr*{ww} +: {ww}]),
          .one_i          (iss_one[gr]),
          .two_i          (iss_two[gr]),
          .neg_i          (iss_neg[gr]),
{pe_flags}{result_ports}
        );
      end
    end
  endgenerate
)";

// Where the drains differ: when a tile starts and ends as the PEs see it.
// - overlap: the first issue cycle of a tile restarts the accumulators and the cycle
//   after its last one captures the results (flags copied per row by the caller);
// - shift: the drain counts its rows in as the last issue cycle ends, and registers its
//   first shift on the edge the PEs take that issue.
constexpr const char* kOverlapTileEnd = R"(
  // A tile's first issue cycle restarts the accumulators, its last one captures the results.
  reg  load_first_q;  // the group in the load buffer starts a tile
  reg  act_first_q;   // ... the group issuing does
  reg  first_cycle_q, iss_last_q, captured_q;
  always @(posedge clk) begin
    if (rst_n && beat_fire && load_count_q == {sw}'d0) load_first_q <= first_pending_q;
    if (handover) act_first_q <= load_first_q;
    first_cycle_q <= handover;
    iss_last_q    <= rst_n && group_done && act_last_q;
    captured_q    <= rst_n && iss_last_q;
  end
  wire [ROWS-1:0] row_done = {{ROWS{{captured_q}}}};
  // The PEs' restart and capture flags (copied per row by the caller).
  wire first_d = rst_n && running_q && first_cycle_q && act_first_q;
  wire last_d  = rst_n && group_done && act_last_q;
  wire [ROWS-1:0] first_row, last_row;
)";

constexpr const char* kShiftTileEnd = R"(
  // The drain counts its rows in as the tile's last issue cycle ends.
  wire all_done = group_done && act_last_q;
)";

}  // namespace

std::string sparse_array_body(const GemmConfig& g, const std::string& pe, const std::string& encoder) {
  const int sw = sparse_slot_bits(g), ww = sparse_weight_bits(g);
  const bool shift = g.shift_drain();
  return fmt::format(
      fmt::runtime(kSparseBody),
      fmt::arg("tile_end", shift ? kShiftTileEnd : fmt::format(fmt::runtime(kOverlapTileEnd), fmt::arg("sw", sw))),
      fmt::arg("pe_flags",
               shift ? "" : "          .first_i        (first_row[gr]),\n          .last_i         (last_row[gr]),\n"),
      fmt::arg("group", g.group), fmt::arg("group1", g.group - 1), fmt::arg("sw", sw), fmt::arg("sw1", sw - 1), fmt::arg("ww", ww),
      fmt::arg("result_wires", result_wires(g)), fmt::arg("result_ports", result_ports(g)),
      fmt::arg("encoder", encoder), fmt::arg("pe", pe));
}

}  // namespace bitloom
