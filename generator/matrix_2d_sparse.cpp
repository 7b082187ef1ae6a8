#include "generator/matrix_2d_sparse.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/pe_results.hpp"
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
{grid})";

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

// B's groups per column, and per PE row its encoder over the row's slots of the load
// buffer and its COLS PEs: a checked IR fragment (hw/fragment.hpp).
std::string sparse_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe, const std::string& encoder) {
  using hw::Sym;
  const int sw = sparse_slot_bits(g), ww = sparse_weight_bits(g);
  hw::Fragment f(g.name + " PE grid");
  f.know(module_interface(d, pe));
  f.know(module_interface(d, encoder));
  const Sym rows = Sym::named("ROWS", g.rows), cols = Sym::named("COLS", g.cols), group = Sym::named("GROUP", g.group);
  const Sym aw = Sym::named("A_WIDTH", g.a.width), bw = Sym::named("B_WIDTH", g.b.width);
  const hw::Expr clk = f.from_text("clk", 1), rst = f.from_text("rst_n", 1);
  const hw::Expr handover = f.from_text("handover", 1), running = f.from_text("running_q", 1);
  const hw::Expr load_a = f.from_text("load_a_q", g.group * g.rows * g.a.width);
  const hw::Expr act_b = f.from_text("act_b_q", g.group * g.cols * g.b.width);
  const hw::Expr col_b = f.own("col_b", g.cols * g.group * g.b.width);
  const hw::Expr final_row = f.for_text("row_final", g.rows);
  const hw::Expr one = f.own("iss_one", g.rows), two = f.own("iss_two", g.rows), neg = f.own("iss_neg", g.rows);
  const hw::Expr slot = f.own("iss_slot", g.rows * sw), weight = f.own("iss_weight", g.rows * ww);
  hw::Expr first, last;
  if (!g.shift_drain()) first = f.from_text("first_row", g.rows), last = f.from_text("last_row", g.rows);
  declare_pe_results(f, g);
  f.items().loop({"gen_col_b", "gc", cols, [&](hw::LoopBody& cb, const Sym& gc) {
                    cb.loop({"gen_slot", "gl", group, [&, gc](hw::LoopBody& b, const Sym& gl) {
                               b.assign(hw::part_at(col_b, (gc * group + gl) * bw, bw),
                                        hw::part_at(act_b, (gl * cols + gc) * bw, bw));
                             }});
                  }});
  auto pe_at = [&](hw::LoopBody& b, const Sym& gr, const Sym& gc) {
    hw::Instance u{pe, "u_pe", "", {}};
    hw::connect(u, "clk_i", clk);
    hw::connect(u, "b_i", hw::part_at(col_b, gc * group * bw, group * bw));
    hw::connect(u, "slot_i", hw::part_at(slot, gr * sw, sw));
    hw::connect(u, "weight_i", hw::part_at(weight, gr * ww, ww));
    hw::connect(u, "one_i", hw::bit_at(one, gr));
    hw::connect(u, "two_i", hw::bit_at(two, gr));
    hw::connect(u, "neg_i", hw::bit_at(neg, gr));
    if (!g.shift_drain()) {
      hw::connect(u, "first_i", hw::bit_at(first, gr));
      hw::connect(u, "last_i", hw::bit_at(last, gr));
    }
    connect_pe_results(u, f, g, gr, gc);
    b.add(u);
  };
  f.items().loop({"gen_row", "gr", rows, [&](hw::LoopBody& rb, const Sym& gr) {
                    const hw::Expr row_group = rb.wire("row_group", group * aw);
                    rb.loop({"gen_slot", "gl", group, [&, gr, row_group](hw::LoopBody& b, const Sym& gl) {
                               b.assign(hw::part_at(row_group, gl * aw, aw), hw::part_at(load_a, (gl * rows + gr) * aw, aw));
                             }});
                    hw::Instance e{encoder, "u_encoder", "", {}};
                    hw::connect(e, "clk_i", clk);
                    hw::connect(e, "rst_ni", rst);
                    hw::connect(e, "load_i", handover);
                    hw::connect(e, "run_i", running);
                    hw::connect(e, "a_i", row_group);
                    hw::connect(e, "final_o", hw::bit_at(final_row, gr));
                    hw::connect(e, "one_o", hw::bit_at(one, gr));
                    hw::connect(e, "two_o", hw::bit_at(two, gr));
                    hw::connect(e, "neg_o", hw::bit_at(neg, gr));
                    hw::connect(e, "slot_o", hw::part_at(slot, gr * sw, sw));
                    hw::connect(e, "weight_o", hw::part_at(weight, gr * ww, ww));
                    rb.add(e);
                    rb.loop({"gen_col", "gc", cols, [&, gr](hw::LoopBody& b, const Sym& gc) { pe_at(b, gr, gc); }});
                  }});
  return f.checked_text();
}

}  // namespace

std::string sparse_array_body(const Design& d, const GemmConfig& g, const std::string& pe, const std::string& encoder) {
  const int sw = sparse_slot_bits(g), ww = sparse_weight_bits(g);
  const bool shift = g.shift_drain();
  return fmt::format(
      fmt::runtime(kSparseBody),
      fmt::arg("tile_end", shift ? kShiftTileEnd : fmt::format(fmt::runtime(kOverlapTileEnd), fmt::arg("sw", sw))),
      fmt::arg("group", g.group), fmt::arg("group1", g.group - 1), fmt::arg("sw", sw), fmt::arg("sw1", sw - 1), fmt::arg("ww", ww),
      fmt::arg("result_wires", result_wires(g)), fmt::arg("grid", sparse_pe_grid(d, g, pe, encoder)));
}

}  // namespace bitloom
