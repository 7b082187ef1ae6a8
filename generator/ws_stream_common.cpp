#include "generator/ws_stream_common.hpp"

#include <fmt/format.h>

#include "generator/interfaces.hpp"
#include "generator/output_queue.hpp"
#include "generator/pe_modules.hpp"
#include "hw/printer.hpp"

namespace bitloom {

Design ws_stream_design(const GemmConfig& g) {
  Design d = gemm_design(g, "ws_stream", ws_stream_streams(g));
  d.params["k_rows"] = g.rows;
  return d;
}

std::string ws_stream_top_end(const Design& d, const GemmConfig& g, const std::string& row, const std::string& last) {
  return output_queue_instance(d, g, row, last) + "endmodule\n`resetall\n";
}

std::string ws_stream_contract(const GemmConfig& g) {
  return fmt::format(
      R"(// Protocol ws_stream. Weights: {kh} beats on s_w, beat k = B[k][0..{c1}] (lane j = B[k][j]),
// tlast on k = {kh1}. Activations: one row of A per s_a beat (lane k = A[i][k]; the host pads
// K < {kh} with zeros); s_a's tlast ends a batch. Results: one row of C = A*B per m_c beat
// (lane j = C[i][j]), tlast mirrors s_a's. Lanes are little-endian: lane n is bits [n*W +: W].
//
// Which weights a batch uses is the host's choice, never a matter of timing: s_a_tuser[0]
// on a batch's first beat = 1 binds the next weight set in s_w order to the batch (s_a
// waits until that set has fully arrived); 0 keeps the set in force, so one set serves
// any number of batches. The first batch after reset always binds.)",
      fmt::arg("kh", g.rows), fmt::arg("c1", g.cols - 1), fmt::arg("kh1", g.rows - 1));
}

std::string ws_stream_module_header(const GemmConfig& g, const std::string& shape, const std::string& c_width) {
  const hw::Sym kh = hw::Sym::named("KH", g.rows), cols = hw::Sym::named("COLS", g.cols),
                aw = hw::Sym::named("A_WIDTH", g.a.width), bw = hw::Sym::named("B_WIDTH", g.b.width),
                cw = hw::Sym::named("C_WIDTH", g.c_width);
  hw::Module m = stream_top_head(g.name, ws_stream_streams(g), {cols * bw, kh * aw, cols * cw});
  m.constant("KH", g.rows, shape + " shape (spec: k_rows, cols).");
  m.constant("COLS", g.cols);
  m.constant("A_WIDTH", g.a.width, fmt::format("Operand widths (spec: a.width, b.width) and {} (spec: c_width).", c_width));
  m.constant("B_WIDTH", g.b.width);
  m.constant("C_WIDTH", g.c_width);
  return hw::print_module_head(m);
}

std::string ws_stream_output_stall(const std::string& copies) {
  return R"(  // ---------------------------------------------------------------- output and stall
  // A two-row output queue in front of m_c (u_out_queue). The datapath may step in the
  // next cycle only if the queue will still have room for the row that step can deliver.
  wire [1:0]              out_count_d;            // rows in the queue after this cycle
  reg                     advance;                // this cycle's step, for the top's registers
)" + copies + R"(  wire                    out_push;               // the step delivers a row of C
  wire                    advance_d = out_count_d <= 2'd1;
)";
}

std::string ws_stream_batch_binding() {
  return R"(  // A batch's first beat binds the next set (s_a_tuser[0], or no set yet since reset);
  // it waits until that set is complete in the shadow registers.
  wire swap_now = batch_start_q && (s_a_tuser[0] || !have_weights_q);
  assign s_a_tready = advance && (!swap_now || shadow_full_q);
  wire a_fire = s_a_tvalid && s_a_tready;
)";
}

}  // namespace bitloom
