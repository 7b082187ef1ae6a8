#include "generator/cube_array.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/interfaces.hpp"
#include "generator/pe_modules.hpp"
#include "generator/templates.hpp"
#include "generator/tile_array_common.hpp"

namespace bitloom {

namespace {

int cube_latency(const GemmConfig& g) { return 3 + drain_latency(g); }  // all rows finish together

// The PEs, each fed its row's A vector and its column's B vector, and the cycle their
// results are complete.
std::string pe_array(const GemmConfig& g, const std::string& pe_name) {
  return fmt::format(R"(
  // ---------------------------------------------------------------- PE array
{result_wires}
  generate
    for (gr = 0; gr < ROWS; gr = gr + 1) begin : gen_row
      for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_col
        {pe_name} u_pe (
          .clk_i    (clk),
          .a_i      (a_in_q[gr*K_PER_BEAT*A_WIDTH +: K_PER_BEAT*A_WIDTH]),
          .b_i      (b_col[gc*K_PER_BEAT*B_WIDTH +: K_PER_BEAT*B_WIDTH]),
{flag_ports}
{result_ports}
        );
      end
    end
  endgenerate

  // Every PE captures a tile's results on the same edge, one cycle after its last beat.
  reg tile_done_q;
  always @(posedge clk) begin
    if (!rst_n) tile_done_q <= 1'b0;
    else        tile_done_q <= last_row_q[0];
  end
  {completion}
)",
                     fmt::arg("result_wires", result_wires(g)), fmt::arg("result_ports", result_ports(g)),
                     fmt::arg("pe_name", pe_name),
                     fmt::arg("flag_ports", g.shift_drain() ? "" : "          .first_i  (first_row_q[gr]),\n          .last_i   (last_row_q[gr]),"),
                     fmt::arg("completion", g.shift_drain() ? "wire all_done = tile_done_q;"
                                                             : "wire [ROWS-1:0] row_done = {ROWS{tile_done_q}};"));
}

std::string top_module(const GemmConfig& g, const std::string& pe_name) {
  std::string text = fmt::format(R"(// {top}: {n}x{n}x{n} cube of {pe} PEs (N x N PEs, each an N-deep dot product per beat).
//
// Protocol os_tile with k_per_beat = {n}. One tile computes C = A*B with A {n}xK and B Kx{n},
// K a multiple of {n} (the host pads with zeros). Beat t carries k0 = {n}t .. k0+{n}-1:
// s_a lane (i*{n} + kk) = A[i][k0+kk], s_b lane (kk*{n} + j) = B[k0+kk][j]; both take tlast on
// the last beat and are taken together. Results leave on m_c as {n} beats, row 0 first
// (lane j = C[i][j]), tlast on the last row. Lanes are little-endian: lane n is bits
// [n*W +: W]. Operands are registered once and broadcast to their row or column of PEs,
// so every PE works on the same beat in the same cycle.
{drain_note}
// Latency (one beat, no stalls): {latency} cycles from the s_a beat to the first m_c beat.
{header}{input_control}
  // Operands and beat flags are registered once; the flags have one copy per row so
  // that no flop drives the whole array.{a_gate_note}
  reg [ROWS*K_PER_BEAT*A_WIDTH-1:0] a_in_q;
  reg [K_PER_BEAT*COLS*B_WIDTH-1:0] b_in_q;{first_decl}
  reg [{last_msb}:0] last_row_q;  // {last_what}
  always @(posedge clk) begin
    a_in_q <= {a_in};
    b_in_q <= s_b_tdata;
    // first and last are only ever high on a taken beat.
    if (!rst_n) begin{first_reset}
      last_row_q  <= {{{last_msb_1}{{1'b0}}}};
    end else begin{first_update}
      last_row_q  <= {{{last_msb_1}{{beat_fire && beat_last}}}};
    end
  end

  // Column j's B vector: lane kk = B[k0+kk][j].
  wire [COLS*K_PER_BEAT*B_WIDTH-1:0] b_col;
  generate
    for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_b_col
      for (gl = 0; gl < K_PER_BEAT; gl = gl + 1) begin : gen_lane
        assign b_col[(gc*K_PER_BEAT+gl)*B_WIDTH +: B_WIDTH] = b_in_q[(gl*COLS+gc)*B_WIDTH +: B_WIDTH];
      end
    end
  endgenerate
)",
                                 fmt::arg("top", g.name), fmt::arg("n", g.rows), fmt::arg("pe", g.pe),
                                 fmt::arg("latency", cube_latency(g)),
                                 fmt::arg("header", tile_module_header(g)),
                                 fmt::arg("drain_note", drain_note(g)),
                                 fmt::arg("last_msb", g.shift_drain() ? "0" : "ROWS-1"),
                                 fmt::arg("last_msb_1", g.shift_drain() ? "1" : "ROWS"),
                                 fmt::arg("last_what", g.shift_drain() ? "the tile's last beat (the PEs need no copy)"
                                                                        : "one copy per row"),
                                 fmt::arg("input_control", tile_input_control(g.shift_drain())),
                                 fmt::arg("first_decl", g.shift_drain() ? "" : "\n  reg [ROWS-1:0] first_row_q;"),
                                 fmt::arg("first_reset", g.shift_drain() ? "" : "\n      first_row_q <= {ROWS{1'b0}};"),
                                 fmt::arg("first_update", g.shift_drain() ? "" : "\n      first_row_q <= {ROWS{beat_fire && first_pending_q}};"),
                                 fmt::arg("a_gate_note", empty_slot_note()),
                                 fmt::arg("a_in", "beat_fire ? s_a_tdata : {(ROWS*K_PER_BEAT*A_WIDTH){1'b0}}"));
  text += pe_array(g, pe_name);
  text += drain_section(g);
  text += "endmodule\n`resetall\n";
  return text;
}

}  // namespace

Design build_cube_array(const GemmConfig& g) {
  Design d = os_tile_design(g, cube_latency(g));
  add_pe_modules(d, g, "cube_pe", g.k_per_beat, {{"K_PER_BEAT", g.k_per_beat}});
  d.modules.push_back({g.name, "top", top_module(g, g.name + "_pe")});
  return d;
}

}  // namespace bitloom
