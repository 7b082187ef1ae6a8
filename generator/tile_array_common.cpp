#include "generator/tile_array_common.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/interfaces.hpp"
#include "generator/output_queue.hpp"
#include "generator/pe_modules.hpp"
#include "hw/printer.hpp"

namespace bitloom {

std::string tile_module_header(const GemmConfig& g, const std::string& genvars) {
  const hw::Sym rows = hw::Sym::named("ROWS", g.rows), cols = hw::Sym::named("COLS", g.cols),
                kb = hw::Sym::named("K_PER_BEAT", g.k_per_beat), aw = hw::Sym::named("A_WIDTH", g.a.width),
                bw = hw::Sym::named("B_WIDTH", g.b.width), cw = hw::Sym::named("C_WIDTH", g.c_width);
  hw::Module m = stream_top_head(g.name, os_tile_streams(g), {rows * kb * aw, kb * cols * bw, cols * cw});
  m.constant("ROWS", g.rows, fmt::format("Array shape (spec: {}).", g.arch == Arch::kCube ? "size" : "rows, cols"));
  m.constant("COLS", g.cols);
  m.constant("K_PER_BEAT", g.k_per_beat);
  m.constant("A_WIDTH", g.a.width,
             "Operand widths (spec: a.width, b.width) and accumulator width (spec: c_width / k_max).");
  m.constant("B_WIDTH", g.b.width);
  m.constant("C_WIDTH", g.c_width);
  return hw::print_module_head(m) + fmt::format("\n  genvar {};\n", genvars);
}

Design os_tile_design(const GemmConfig& g, int latency_cycles) {
  Design d = gemm_design(g, "os_tile", os_tile_streams(g));
  if (g.shift_drain()) {
    d.modules.push_back(fanout_reg_module(shift_reg_name(g), "the registered shift of the drain, for one PE column"));
    add_output_queue_module(d, g);
  }
  d.latency_cycles = latency_cycles;
  d.latency_cycles_per_beat = 1;
  d.macs_per_beat = static_cast<long long>(g.rows) * g.cols * g.k_per_beat;
  return d;
}

std::string empty_slot_note() {
  return "\n  // Empty slots carry a = 0: the PEs accumulate every cycle, and 0*b adds nothing.";
}

std::string tile_input_control(bool shift_drain, const std::string& gate, const std::string& gate_note) {
  std::string v = R"(
  // ---------------------------------------------------------------- input beats
  reg  tile_pending_q;   // a tile's last beat was taken and its results are not all read out
)";
  if (!shift_drain) v += "  reg  first_pending_q;  // the next beat starts a tile\n";
  v += "  wire beat_last = s_a_tlast | s_b_tlast;\n";
  if (shift_drain && gate.empty())
    v += R"(  // The results wait in the accumulators themselves, so no beat of the next tile may
  // enter until the previous tile has drained.
  wire beat_allowed = !tile_pending_q;
)";
  else if (shift_drain)
    v += fmt::format("  // The results wait in the accumulators themselves, so no beat of the next tile may\n"
                     "  // enter until the previous tile has drained. Every beat also waits {}.\n"
                     "  wire beat_allowed = ({}) && !tile_pending_q;\n",
                     gate_note, gate);
  else if (gate.empty())
    v += R"(  // Each PE holds one finished result, so a last beat waits until the previous tile
  // has drained. Other beats never wait.
  wire beat_allowed = !beat_last || !tile_pending_q;
)";
  else
    v += fmt::format("  // Each PE holds one finished result, so a last beat waits until the previous tile\n"
                     "  // has drained. Every beat also waits {}.\n"
                     "  wire beat_allowed = ({}) && (!beat_last || !tile_pending_q);\n",
                     gate_note, gate);
  v += fmt::format(R"(  wire beat_fire = s_a_tvalid && s_b_tvalid && beat_allowed;
  wire drain_fire;   // a row's results are read out of the PEs
  wire drain_last;   // ... and it is the tile's last row
  assign s_a_tready = s_b_tvalid && beat_allowed;
  assign s_b_tready = s_a_tvalid && beat_allowed;

  always @(posedge clk) begin
    if (!rst_n) begin{first_reset}
      tile_pending_q  <= 1'b{pending};{pending_note}
    end else begin{first_update}
      if (beat_fire && beat_last) tile_pending_q <= 1'b1;
      else if (drain_fire && drain_last) tile_pending_q <= 1'b0;
    end
  end
)",
                   fmt::arg("pending", shift_drain ? "1" : "0"),
                   fmt::arg("first_reset", shift_drain ? "" : "\n      first_pending_q <= 1'b1;"),
                   fmt::arg("first_update", shift_drain ? "" : "\n      if (beat_fire) first_pending_q <= beat_last;"),
                   fmt::arg("pending_note", shift_drain ? "  // until the flush after reset has drained" : ""));
  return v;
}

}  // namespace bitloom
