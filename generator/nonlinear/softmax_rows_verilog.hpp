// What every softmax_rows top shares: the port list and the admission control that
// keeps the beat buffer and the per-vector FIFOs from overflowing.
#pragma once
#include <fmt/format.h>

#include <string>

#include "generator/interfaces.hpp"
#include "generator/nonlinear/verilog_expr.hpp"
#include "hw/printer.hpp"

namespace bitloom::softmax_rows {

// `resetall` through the localparams LANES, DEPTH (beats) and VDEPTH (vectors).
inline std::string module_header(const NonlinearConfig& c, int depth, int vdepth) {
  hw::Module m = stream_top_head(c.name, softmax_rows_streams(c), {});
  m.constant("LANES", c.lanes, "Lanes per beat (spec: lanes); buffer depth in beats and vectors in flight.");
  m.constant("DEPTH", depth);
  m.constant("VDEPTH", vdepth);
  return hw::print_module_head(m) + "  genvar gl;\n\n";
}

// Counts beats and vectors taken and not yet released by the last reader (`release`
// takes a beat, `release_last` marks its vector's last one); s_x_tready holds off while
// either count is at its limit. Declares in_fire.
inline std::string admission(int depth, int vdepth, int dw, int vdw, const std::string& release,
                             const std::string& release_last) {
  using vexpr::ulit;
  std::string v;
  v += fmt::format("  reg [{}:0] reserved_q;      // beats taken and not yet released\n", dw - 1);
  v += fmt::format("  reg [{}:0] vectors_q;       // vectors taken and not yet released\n", vdw - 1);
  v += fmt::format("  assign s_x_tready = (reserved_q < {}) && (vectors_q < {});\n", ulit(depth, dw), ulit(vdepth, vdw));
  v += "  wire in_fire = s_x_tvalid && s_x_tready;\n";
  v += "  always @(posedge clk) begin\n    if (!rst_n) begin\n";
  v += fmt::format("      reserved_q <= {};\n      vectors_q <= {};\n", ulit(0, dw), ulit(0, vdw));
  v += "    end else begin\n";
  v += fmt::format("      reserved_q <= reserved_q + {{{}'d0, in_fire}} - {{{}'d0, {}}};\n", dw - 1, dw - 1, release);
  v += fmt::format("      vectors_q <= vectors_q + {{{}'d0, in_fire && s_x_tlast}} - {{{}'d0, {} && {}}};\n", vdw - 1,
                   vdw - 1, release, release_last);
  v += "    end\n  end\n";
  return v;
}

}  // namespace bitloom::softmax_rows
