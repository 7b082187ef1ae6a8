#include "generator/cube_array.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/broadcast_pe_grid.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/interfaces.hpp"
#include "generator/operand_copies.hpp"
#include "generator/pe_modules.hpp"
#include "generator/templates.hpp"
#include "generator/tile_array_common.hpp"

namespace bitloom {

namespace {

int cube_latency(const GemmConfig& g) { return 3 + drain_latency(g); }  // all rows finish together

// The PEs, each fed its row's A vector and its column's B vector, and the cycle their
// results are complete.
// The PEs, B from its copy's column vector b_col.
std::string cube_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe_name) {
  const int copies = (g.rows + kRegisterCopyFanout - 1) / kRegisterCopyFanout;
  BroadcastGrid how;
  how.b.net = "b_col";
  how.b.width = copies * g.cols * g.k_per_beat * g.b.width;
  how.b.lane = [&g](const hw::Expr& b_col, const hw::Sym& gr, const hw::Sym& gc) {
    const hw::Sym column = hw::Sym::named("K_PER_BEAT", g.k_per_beat) * hw::Sym::named("B_WIDTH", g.b.width);
    return hw::part_at(b_col, (gr / hw::Sym::named("FANOUT", kRegisterCopyFanout) * hw::Sym::named("COLS", g.cols) + gc) * column,
                       column);
  };
  how.first = "first_row_q";
  how.last = "last_row_q";
  return broadcast_pe_grid(d, g, pe_name, how);
}

std::string pe_array(const Design& d, const GemmConfig& g, const std::string& pe_name) {
  return fmt::format(R"(
  // ---------------------------------------------------------------- PE array
{result_wires}
{grid}
  // Every PE captures a tile's results on the same edge, one cycle after its last beat.
  reg tile_done_q;
  always @(posedge clk) begin
    if (!rst_n) tile_done_q <= 1'b0;
    else        tile_done_q <= last_row_q[0];
  end
  {completion}
)",
                     fmt::arg("result_wires", result_wires(g)), fmt::arg("grid", cube_pe_grid(d, g, pe_name)),
                     fmt::arg("completion", g.shift_drain() ? "wire all_done = tile_done_q;"
                                                             : "wire [ROWS-1:0] row_done = {ROWS{tile_done_q}};"));
}

// The beat flags: with the overlap drain one copy of first and last per PE row (each a
// module of its own); with shift only the tile's last beat, which no PE sees.
std::string flag_registers(const Design& d, const GemmConfig& g) {
  if (g.shift_drain())
    return "  reg  [0:0] last_row_q;  // the tile's last beat (the PEs need no copy)\n"
           "  always @(posedge clk) last_row_q <= last_d;\n";
  return "  wire [ROWS-1:0] first_row_q, last_row_q;  // one copy per PE row\n" +
         beat_flag_copies(d, g, "first_row_q", "last_row_q");
}

std::string top_module(const Design& d, const GemmConfig& g, const std::string& pe_name) {
  std::string text = fmt::format(R"(// {top}: {n}x{n}x{n} cube of {pe} PEs (N x N PEs, each an N-deep dot product per beat).
//
// Protocol os_tile with k_per_beat = {n}. One tile computes C = A*B with A {n}xK and B Kx{n},
// K a multiple of {n} (the host pads with zeros). Beat t carries k0 = {n}t .. k0+{n}-1:
// s_a lane (i*{n} + kk) = A[i][k0+kk], s_b lane (kk*{n} + j) = B[k0+kk][j]; both take tlast on
// the last beat and are taken together. Results leave on m_c as {n} beats, row 0 first
// (lane j = C[i][j]), tlast on the last row. Lanes are little-endian: lane n is bits
// [n*W +: W]. Operands are registered once and broadcast to their row or column of PEs,
// so every PE works on the same beat in the same cycle; each activation is Booth-recoded
// once, for its whole PE row, and the PEs take its digits.
{drain_note}
// Latency (one beat, no stalls): {latency} cycles from the s_a beat to the first m_c beat.
{header}{input_control}
  // Operands and beat flags are registered and broadcast, each register copy a module of
  // its own (identical flops in one module get merged), so that no flop drives the whole
  // array: A in one copy per FANOUT PE columns, B per FANOUT PE rows{flag_copies}.{a_gate_note}
{copies}  // first and last are only ever high on a taken beat; the reset is folded into them.{first_d}
  wire last_d  = rst_n && beat_fire && beat_last;
{flag_regs}
  // Column j's B vector in copy k: lane kk = B[k0+kk][j], at
  // ((k*COLS + j)*K_PER_BEAT + kk)*B_WIDTH.
  wire [B_COPIES*COLS*K_PER_BEAT*B_WIDTH-1:0] b_col;
  generate
    for (gk = 0; gk < B_COPIES; gk = gk + 1) begin : gen_b_copy_col
      for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_b_col
        for (gl = 0; gl < K_PER_BEAT; gl = gl + 1) begin : gen_lane
          assign b_col[((gk*COLS+gc)*K_PER_BEAT+gl)*B_WIDTH +: B_WIDTH] =
              b_in_q[gk*B_BEAT + (gl*COLS+gc)*B_WIDTH +: B_WIDTH];
        end
      end
    end
  endgenerate
)",
                                 fmt::arg("top", g.name), fmt::arg("n", g.rows), fmt::arg("pe", g.pe),
                                 fmt::arg("latency", cube_latency(g)),
                                 fmt::arg("header", tile_module_header(g, "gk, gl, gr, gc")),
                                 fmt::arg("drain_note", drain_note(g)),
                                 fmt::arg("input_control", tile_input_control(g.shift_drain())),
                                 fmt::arg("copies", operand_copy_registers(d, g, pe_name + "_recode")),
                                 fmt::arg("flag_copies", g.shift_drain() ? "" : "; the flags have\n  // one copy per PE row"),
                                 fmt::arg("first_d", g.shift_drain() ? "" : "\n  wire first_d = rst_n && beat_fire && first_pending_q;"),
                                 fmt::arg("flag_regs", flag_registers(d, g)),
                                 fmt::arg("a_gate_note", empty_slot_note()));
  text += pe_array(d, g, pe_name);
  text += drain_section(d, g);
  text += "endmodule\n`resetall\n";
  return text;
}

}  // namespace

Design build_cube_array(const GemmConfig& g) {
  Design d = os_tile_design(g, cube_latency(g));
  add_pe_modules(d, g, "cube_pe", g.k_per_beat, {{"K_PER_BEAT", g.k_per_beat}});
  add_operand_copy_modules(d, g);
  if (!g.shift_drain()) add_beat_flag_module(d, g);
  d.modules.push_back({g.name, "top", top_module(d, g, g.name + "_pe")});
  return d;
}

}  // namespace bitloom
